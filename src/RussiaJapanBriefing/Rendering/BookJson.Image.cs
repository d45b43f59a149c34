using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

public sealed partial class BookJson
{
    /// <summary>
    /// <c>serve</c>'s files, kept in memory between saves: each file's bytes and hash, and each entry's record and place
    /// in them. <c>serve</c> reuses every record a save left alone as the same instance (see ResolvedRecords), so a file
    /// whose records are all the very same (or alike, <see cref="Section.Alike"/>) is as it was, and is kept as
    /// published; in another, the entry of each record found in the last file is copied from it and the others are
    /// made. A one-claim edit at 10,000 sources makes one claim's entry and one claims file of a few hundred claims.
    /// Nothing here is read from disk: a file changed on disk costs only being written again. Not for use from two
    /// builds at once.
    /// </summary>
    internal sealed class Image
    {
        /// <summary>How many entries the last save made (the others were copied, or kept in files kept whole).</summary>
        internal int Made { get; private set; }

        /// <summary>How many files the last save wrote (the others were kept as published).</summary>
        internal int Written { get; private set; }

        private Dictionary<string, Kept> _files = new(StringComparer.Ordinal);

        /// <summary>A file as made: its title, each array's records (its own copy) and their entries' places, its bytes and their hash.</summary>
        private sealed record Kept(string? Title, object[][] Records, (int Start, int Length)[][] Places, byte[] Bytes, string Hash);

        /// <summary>Writes the files for <paramref name="book"/> into <paramref name="sink"/>: those whose records are all as they were are kept as published.</summary>
        public void Write(BriefingBook book, IOutputSink sink)
        {
            var files = new Dictionary<string, Kept>(_files.Count, StringComparer.Ordinal);
            Made = Written = 0;
            var tables = Read(book);
            foreach (var file in Files(book, tables, _claimFileEnds ??= ClaimFileEnds(tables.ClaimsById)))
            {
                var last = _files.GetValueOrDefault(file.Path);
                var kept = last is not null && Same(last, file) ? last : Make(file, last);
                files[file.Path] = kept;
                // Made again from other records, a file may still read as it did (a claim's new instance the same in value).
                if (kept.Hash == last?.Hash && sink.TryKeepPublished(file.Path, null, kept.Hash)) continue;
                Written++;
                sink.WriteHashed(file.Path, null, stream =>
                {
                    stream.Write(kept.Bytes);
                    return kept.Hash;
                });
            }
            _files = files;
        }

        /// <summary>Every record of the file is the very one the last file was made from, or one alike (<see cref="Section.Alike"/>), in the same place.</summary>
        private static bool Same(Kept last, DataFile file)
        {
            if (last.Title != file.Title || last.Records.Length != file.Sections.Length) return false;
            for (var n = 0; n < file.Sections.Length; n++)
            {
                var (section, was) = (file.Sections[n], last.Records[n]);
                if (section.Records.Count != was.Length) return false;
                for (var i = 0; i < was.Length; i++)
                    if (!Alike(section, section.Records[i], was[i])) return false;
            }
            return true;
        }

        private static bool Alike(Section section, object record, object was) => ReferenceEquals(record, was) || section.Alike?.Invoke(record, was) == true;

        /// <summary>The file made, each entry of a record found in <paramref name="last"/> copied from it (found there by <see cref="LastPlaces"/>), the others made.</summary>
        private Kept Make(DataFile file, Kept? last)
        {
            var records = new object[file.Sections.Length][];
            var sections = new IEnumerable<ReadOnlyMemory<byte>>[file.Sections.Length];
            for (var n = 0; n < file.Sections.Length; n++)
            {
                var section = file.Sections[n];
                records[n] = [.. section.Records];
                var (was, at) = last is not null && n < last.Records.Length ? (last.Records[n], last.Places[n]) : ([], []);
                var found = new LastPlaces(was.Length, k => was[k]);
                // A record alike the last in its place is taken as the last, whose entry is there to copy.
                for (var i = 0; i < records[n].Length && i < was.Length; i++)
                    if (Alike(section, records[n][i], was[i])) records[n][i] = was[i];
                sections[n] = records[n].Select(record =>
                {
                    if (found.Find(record) is var j and >= 0) return last!.Bytes.AsMemory(at[j].Start, at[j].Length);
                    Made++;
                    return new ReadOnlyMemory<byte>(Value(w => section.Fields(record, new JsonFields(w))));
                });
            }
            // Sized for the last file and an eighth more, so a file that grows does not grow the buffer step by step.
            using var stream = new MemoryStream(last is null ? 0 : last.Bytes.Length + last.Bytes.Length / 8);
            var placed = new List<(int Start, int Length)>();
            WriteFile(stream, file, sections, length => placed.Add(((int)stream.Position, length)));
            var places = new (int, int)[records.Length][];
            for (int n = 0, from = 0; n < records.Length; from += records[n].Length, n++) places[n] = placed.GetRange(from, records[n].Length).ToArray();
            var bytes = stream.ToArray();
            return new Kept(file.Title, records, places, bytes, Hashing.Hash(bytes));
        }

        /// <summary>The book's tables, read into the arrays of the last save when they have the size.</summary>
        private Tables Read(BriefingBook book) =>
            new(All(book.Sources, ref _sources), All(book.Entities, ref _entities), ById(All(book.Claims, ref _claimsRead)),
                All(book.Disagreements, ref _disagreements), All(book.Chronology, ref _chronology));

        private Source[] _sources = [];
        private Entity[] _entities = [];
        private Disagreement[] _disagreements = [];
        private Claim[] _chronology = [], _claimsRead = [];

        /// <summary>The claims in the book's order the last files were made with, and where each stood in id order: sorted again only when their ids moved.</summary>
        private Claim[] _claims = [], _claimsById = [];

        private int[] _rank = [];

        /// <summary>
        /// Where the claims files ended in the last save, kept while the ids are the same in the same order: finding them
        /// hashes every id, 10 ms of CPU a save at 10,000 sources.
        /// </summary>
        private int[]? _claimFileEnds;

        /// <summary>
        /// The claims in id order (stable, as <see cref="Tables.Of"/> sorts them): sorted only when the ids are not those
        /// of the last save in the same order, which a claim edited leaves as they were (sorting 50,000 ids took 20 ms).
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
                _claimFileEnds = null;
                var order = Enumerable.Range(0, claims.Length).OrderBy(i => claims[i].Id, StringComparer.Ordinal).ToArray();
                _claimsById = new Claim[claims.Length];
                _rank = new int[claims.Length];
                for (var k = 0; k < order.Length; k++) (_claimsById[k], _rank[order[k]]) = (claims[order[k]], k);
            }
            // The claims go into the array of the call before last: this one is what the next call compares with.
            (_claims, _claimsRead) = (claims, _claims);
            return _claimsById;
        }
    }
}
