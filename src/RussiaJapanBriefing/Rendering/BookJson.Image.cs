using System.Security.Cryptography;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

public sealed partial class BookJson
{
    /// <summary>
    /// <c>serve</c>'s book.json, kept in memory between saves: the bytes last made, and each entry's record and place
    /// in them. <c>serve</c> reuses every record a save left alone as the same instance (see ResolvedRecords), so the
    /// next file is the last one's entries copied in the new order, with those of the records that are new made
    /// and put in: a one-claim edit at 10,000 sources makes one claim's entry and copies 40 MB once,
    /// where writing every entry through the hashing stream, each looked up in a weak table, cost some 50 ms a save.
    /// The file's hash is carried on from a SHA-256 state kept every megabyte, the last one
    /// before the first byte that differs, so only the bytes after an edit are hashed again.
    /// Nothing here is read from disk: the bytes are made from records alone, so a file changed on disk costs nothing
    /// but being written again. Two buffers take turns, so a save allocates no new 40 MB array. Not for use from two
    /// builds at once.
    /// </summary>
    /// <param name="checkpoint">How far apart the kept hash states are: 40 of them at 10,000 sources by default (tests make them close).</param>
    /// <param name="piece">How many bytes are put together before they are written: a quarter of a megabyte, which the processor's cache holds.</param>
    internal sealed class Image(int checkpoint = 1 << 20, int piece = 1 << 18)
    {
        private readonly int _checkpoint = checkpoint > 0 ? checkpoint : throw new ArgumentOutOfRangeException(nameof(checkpoint));

        /// <summary>How many entries the last file made (the others were copied from the file before it).</summary>
        internal int Made { get; private set; }

        private byte[] _bytes = [], _spare = [];
        private int _length;
        private Entry[][] _entries = [], _spareEntries = [];

        /// <summary>The hash state after each multiple of the checkpoint distance of the file, from the empty one on.</summary>
        private List<IncrementalHash> _states = [];

        /// <summary>The claims in the book's order the last file was made with, and where each stood in id order: sorted again only when their ids moved.</summary>
        private Claim[] _claims = [];

        private Claim[] _claimsById = [];
        private int[] _rank = [];

        /// <summary>An entry of the file: its record, and where its bytes lie.</summary>
        private readonly record struct Entry(object Record, int Start, int Length);

        /// <summary>
        /// Writes the file for <paramref name="book"/> to <paramref name="stream"/>, each piece as soon as it is put
        /// together (while its bytes are still in the processor's cache: 40 MB written from memory at the end took the
        /// kernel three times as long to copy); returns its hash (<see cref="Hashing.Hash(byte[])"/>).
        /// </summary>
        public string Write(BriefingBook book, Stream stream)
        {
            var sections = Sections(book);
            // Sized for the last file and an eighth more, so a file that grows does not grow the buffer step by step.
            var composer = new Composer(_spare.Length >= _length ? _spare : GC.AllocateUninitializedArray<byte>(_length + _length / 8), _bytes, stream, piece);
            composer.Write("{"u8);
            composer.Write(NewLine);
            composer.Write("  \"title\": "u8);
            composer.Write(Value(w => w.WriteStringValue(book.Title)));
            composer.Write(","u8);
            composer.Write(NewLine);
            var entries = _spareEntries.Length == sections.Length ? _spareEntries : new Entry[sections.Length][];
            Made = 0;
            for (var n = 0; n < sections.Length; n++)
                entries[n] = Section(composer, n, sections[n], n < _entries.Length ? _entries[n] : [], entries[n] ?? [], final: n == sections.Length - 1);
            composer.Write("}"u8);
            composer.Write("\n"u8);
            var (bytes, length) = composer.Finish();

            var (states, kept, hash) = Hashed(bytes, length);
            foreach (var dropped in _states.Skip(kept)) dropped.Dispose();
            (_spare, _bytes, _length) = (_bytes, bytes, length);
            (_spareEntries, _entries) = (_entries, entries);
            _states = states;
            return hash;
        }

        /// <summary>The book's arrays, in the file's order, each read once (every read of a book's table is noted for the page tracker).</summary>
        private (object[] Records, Action<object, IFields> Fields)[] Sections(BriefingBook book)
        {
            // The claims go into the array of the call before last: the last one's is what ById compares them with.
            var claims = All(book.Claims, ref _claimsSpare);
            _claimsSpare = _claims;
            return
            [
                (All(book.Sources, ref _sources), (r, w) => Source((Source)r, w)),
                (All(book.Entities, ref _entityRecords), (r, w) => Entity((Entity)r, w)),
                (ById(claims), (r, w) => Claim((Claim)r, w)),
                (All(book.Disagreements, ref _disagreements), (r, w) => Disagreement((Disagreement)r, w)),
                (All(book.Chronology, ref _chronology), (r, w) => Dated((Claim)r, w)),
            ];
        }

        /// <summary>
        /// The items of a table, read at once (the table's indexer notes each read; see RecordedList.CopyTo), into
        /// <paramref name="items"/> when it has the size: new arrays of every table's records per save were 0.7 MB at
        /// 10,000 sources, most of it on the large object heap.
        /// </summary>
        private static T[] All<T>(IReadOnlyList<T> table, ref T[] items)
        {
            if (items.Length != table.Count) items = new T[table.Count];
            if (table is RecordedList<T> recorded) recorded.CopyTo(items);
            else
            {
                var i = 0;
                foreach (var item in table) items[i++] = item;
            }
            return items;
        }

        /// <summary>The arrays the tables are read into, kept for the next file; only used while a file is made.</summary>
        private Source[] _sources = [];

        private Entity[] _entityRecords = [];
        private Disagreement[] _disagreements = [];
        private Claim[] _chronology = [], _claimsSpare = [];

        /// <summary>
        /// The claims in id order (stable, as <see cref="Entries"/> sorts them): sorted only when the ids are not those
        /// of the last file in the same order, which a claim edited leaves as they were (sorting 50,000 ids took 20 ms).
        /// </summary>
        private Claim[] ById(Claim[] claims)
        {
            var same = claims.Length == _claims.Length;
            for (var i = 0; same && i < claims.Length; i++) same = ReferenceEquals(claims[i], _claims[i]) || claims[i].Id == _claims[i].Id;
            if (same)
            {
                // Each claim's new instance in its place: the array is this image's own.
                for (var i = 0; i < claims.Length; i++)
                    if (!ReferenceEquals(claims[i], _claims[i])) _claimsById[_rank[i]] = claims[i];
            }
            else
            {
                var order = Enumerable.Range(0, claims.Length).OrderBy(i => claims[i].Id, StringComparer.Ordinal).ToArray();
                _claimsById = new Claim[claims.Length];
                _rank = new int[claims.Length];
                for (var k = 0; k < order.Length; k++) (_claimsById[k], _rank[order[k]]) = (claims[order[k]], k);
            }
            _claims = claims;
            return _claimsById;
        }

        /// <summary>
        /// One array of the file, laid out as <see cref="WriteArray"/> lays it out: the entry of each record found in
        /// the last file is copied from it (found there by <see cref="LastPlaces"/>), the others are made.
        /// </summary>
        private Entry[] Section(Composer composer, int n, (object[] Records, Action<object, IFields> Fields) section, Entry[] last, Entry[] spare, bool final)
        {
            var records = section.Records;
            var entries = spare.Length == records.Length ? spare : new Entry[records.Length];
            composer.Write("  "u8);
            composer.Write(System.Text.Encoding.UTF8.GetBytes($"\"{Names[n]}\": ["));
            var places = new LastPlaces(last.Length, k => last[k].Record);
            for (var i = 0; i < records.Length; i++)
            {
                var record = records[i];
                composer.Write(i > 0 ? Separator : FirstSeparator);
                if (places.Find(record) is var j and >= 0)
                    entries[i] = new Entry(record, composer.Copy(last[j].Start, last[j].Length), last[j].Length);
                else
                {
                    var made = Value(w => section.Fields(record, new JsonFields(w)));
                    Made++;
                    entries[i] = new Entry(record, composer.Write(made), made.Length);
                }
            }
            if (records.Length > 0)
            {
                composer.Write(NewLine);
                composer.Write("  "u8);
            }
            composer.Write(final ? "]"u8 : "],"u8);
            composer.Write(NewLine);
            return entries;
        }

        /// <summary>
        /// The hash of the file's <paramref name="length"/> bytes, carried on from the last kept state at or before the
        /// first byte in which they differ from the last file's; with the states for the new bytes, of which the first
        /// <c>Kept</c> are the last file's own (the prefix they hash is the same).
        /// </summary>
        private (List<IncrementalHash> States, int Kept, string Hash) Hashed(byte[] bytes, int length)
        {
            var same = bytes.AsSpan(0, length).CommonPrefixLength(_bytes.AsSpan(0, _length));
            var kept = Math.Min(same / _checkpoint + 1, _states.Count);
            var states = kept == 0 ? [IncrementalHash.CreateHash(HashAlgorithmName.SHA256)] : _states.GetRange(0, kept);
            using var running = states[^1].Clone();
            for (var at = (states.Count - 1) * _checkpoint; at < length;)
            {
                var end = Math.Min(length, (at / _checkpoint + 1) * _checkpoint);
                running.AppendData(bytes, at, end - at);
                at = end;
                if (at % _checkpoint == 0) states.Add(running.Clone());
            }
            return (states, kept, Convert.ToHexStringLower(running.GetCurrentHash()));
        }
    }

    /// <summary>
    /// Puts a file together in a buffer of its own, from bytes given and byte ranges of the last file, and writes it
    /// to <paramref name="stream"/> every <paramref name="piece"/> bytes.
    /// </summary>
    private sealed class Composer(byte[] buffer, byte[] last, Stream stream, int piece)
    {
        private byte[] _buffer = buffer;
        private int _length, _written;

        /// <summary>Appends the bytes; returns where they start.</summary>
        public int Write(ReadOnlySpan<byte> bytes)
        {
            var at = _length;
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
            if (_length - _written >= piece) Flush();
            return at;
        }

        /// <summary>Appends the last file's bytes from <paramref name="start"/>; returns where they start.</summary>
        public int Copy(int start, int length) => Write(last.AsSpan(start, length));

        public (byte[] Bytes, int Length) Finish()
        {
            Flush();
            return (_buffer, _length);
        }

        private void Flush()
        {
            stream.Write(_buffer, _written, _length - _written);
            _written = _length;
        }

        private void Ensure(int more)
        {
            if ((long)_length + more <= _buffer.Length) return;
            var size = Math.Max((long)_length + more, Math.Max(1 << 16, (long)_buffer.Length * 5 / 4));
            if (size > Array.MaxLength) throw new InvalidOperationException("book.json would pass 2 GB");
            var grown = GC.AllocateUninitializedArray<byte>((int)size);
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }
    }
}
