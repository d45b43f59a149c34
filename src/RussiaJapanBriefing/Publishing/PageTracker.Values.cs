using System.Collections;
using System.Collections.Concurrent;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Publishing;

internal sealed partial class PageTracker
{
    /// <summary>
    /// The hash of each of the book's records (a claim, a source, an entity, a disagreement), by instance: pages read the
    /// same claims through several tables and the whole-book outputs through a dozen, and <c>serve</c> keeps a record's
    /// hash for as long as the resolver keeps handing out that very instance. An edited record is a new instance (records
    /// are immutable), so it is simply hashed again. A plain table, not a weak one: each entry of a weak table is a
    /// handle the collector scans in every collection, young ones included, which was a fifth of the collector's work
    /// in a <c>serve</c> save at 10,000 sources. Records no book holds any more are dropped once they outnumber the
    /// book's own (see <see cref="PruneRecordHashes"/>).
    /// </summary>
    private ConcurrentDictionary<object, UInt128> _recordHashes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Drops the hashes of records <paramref name="book"/> no longer holds, once they are more than its own: a session of saves keeps what it may ask again, not every record it ever made.</summary>
    private void PruneRecordHashes(BriefingBook book)
    {
        var held = book.Claims.Count + book.Sources.Count + book.Entities.Count + book.Disagreements.Count;
        if (_recordHashes.Count <= 2 * held + 1024) return;
        var kept = new ConcurrentDictionary<object, UInt128>(ReferenceEqualityComparer.Instance);
        foreach (var record in book.Claims.Concat<object>(book.Sources).Concat(book.Entities).Concat(book.Disagreements))
            if (_recordHashes.TryGetValue(record, out var hash)) kept[record] = hash;
        _recordHashes = kept;
    }

    /// <summary>The hash of what a read returns in <paramref name="book"/>: equal for two books exactly when a page reading it sees the same thing.</summary>
    private UInt128 HashOf(BriefingBook book, BookRead read) => HashOf(read == Settings ? book.Settings : book.ValueOf(read));

    /// <summary>
    /// Whether <paramref name="read"/> answers with the same value in <paramref name="book"/> as in <paramref name="before"/>,
    /// told by comparing the two values rather than hashing the new one: the layouts a claim edit rebuilds (each
    /// topic's, the chronology's) mostly come out the same, and hashing them was a tenth of a save at 10,000 sources.
    /// </summary>
    private bool SameValue(BriefingBook book, BriefingBook before, BookRead read) =>
        read == Settings ? SameValue(book.Settings, before.Settings) : SameValue(book.ValueOf(read), before.ValueOf(read));

    /// <summary>
    /// True only when <paramref name="now"/> writes the same bytes as <paramref name="then"/> (see <see cref="Write(KeyWriter, object?)"/>):
    /// texts and numbers equal, records of equal hashes, and lists of such item by item; any other value by its hash.
    /// </summary>
    private bool SameValue(object? now, object? then)
    {
        if (ReferenceEquals(now, then)) return true;
        var kind = KindOf(now);
        if (kind != KindOf(then)) return false;
        switch (kind)
        {
            case Tag.Text: return (string)now! == (string)then!;
            case Tag.Number: return (int)now! == (int)then!;
            case Tag.Record: return RecordHashOf(now!) == RecordHashOf(then!);
            case Tag.List:
                var a = ((IEnumerable)now!).GetEnumerator();
                var b = ((IEnumerable)then!).GetEnumerator();
                try
                {
                    while (a.MoveNext())
                        if (!b.MoveNext() || !SameValue(a.Current, b.Current)) return false;
                    return !b.MoveNext();
                }
                finally
                {
                    (a as IDisposable)?.Dispose();
                    (b as IDisposable)?.Dispose();
                }
            default: return HashOf(now) == HashOf(then);
        }
    }

    /// <summary>The tag <see cref="Write(KeyWriter, object?)"/> starts a value with (the value null having its own).</summary>
    private static Tag KindOf(object? value) => value switch
    {
        null => Tag.Null,
        string => Tag.Text,
        int => Tag.Number,
        Claim or Source or Entity or Disagreement => Tag.Record,
        Passage => Tag.Passage,
        PartialDate => Tag.Date,
        ContestedTerm => Tag.Term,
        ListPage<Source> => Tag.SourcePage,
        DifferencesPart => Tag.DifferencesPart,
        IEnumerable => Tag.List,
        _ => throw new ArgumentException($"the page tracker cannot hash a {value.GetType()}: list it in PageTracker.Write", nameof(value)),
    };

    private UInt128 HashOf(object? value)
    {
        var writer = KeyWriter.Take(ref t_values);
        try
        {
            Write(writer, value);
            return writer.Finish();
        }
        finally
        {
            t_values = writer;
        }
    }

    private UInt128 RecordHashOf(object record) => _recordHashes.GetOrAdd(record, static record => HashRecord(record));

    // One writer per thread for values and one for the records in them (a record's hash is taken while its value is being written).
    [ThreadStatic] private static KeyWriter? t_values, t_records;

    private enum Tag : byte { Null, Text, Number, List, End, Record, Passage, Date, Term, SourcePage, DifferencesPart }

    /// <summary>
    /// Writes a value field by field, each tagged, so that two different values never write the same bytes. The types
    /// are those the book's tables hold and <see cref="BriefingBook.ValueOf"/> returns; any other is a bug, not
    /// something to hash by guesswork (a walker that guesses once missed an entity's own fields, see PageTrackerTests).
    /// </summary>
    private void Write(KeyWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.Byte((byte)Tag.Null); break;
            case string text: writer.Byte((byte)Tag.Text); writer.Text(text); break;
            case int number: writer.Byte((byte)Tag.Number); writer.Int(number); break;
            case Claim or Source or Entity or Disagreement:
                writer.Byte((byte)Tag.Record);
                writer.Hash(RecordHashOf(value));
                break;
            case Passage passage: writer.Byte((byte)Tag.Passage); Write(writer, passage); break;
            case PartialDate date: writer.Byte((byte)Tag.Date); Write(writer, date); break;
            case ContestedTerm term: writer.Byte((byte)Tag.Term); writer.Text(term.Term); writer.Text(term.Side); writer.Texts(term.SideNames); break;
            case ListPage<Source> page: writer.Byte((byte)Tag.SourcePage); writer.Text(page.Path); Write(writer, page.Items); break;
            case DifferencesPart part: writer.Byte((byte)Tag.DifferencesPart); writer.Text(part.Path); Write(writer, part.Differences); break;
            case IEnumerable items:
                writer.Byte((byte)Tag.List);
                foreach (var item in items) Write(writer, item);
                writer.Byte((byte)Tag.End);
                break;
            default: throw new ArgumentException($"the page tracker cannot hash a {value.GetType()}: list it in PageTracker.Write", nameof(value));
        }
    }

    /// <summary>Every field of a record a page could show (PageTrackerTests checks that none is left out).</summary>
    private static UInt128 HashRecord(object record)
    {
        var writer = KeyWriter.Take(ref t_records);
        try
        {
            switch (record)
            {
                case Claim claim:
                    writer.Text(claim.Id);
                    writer.Text(claim.Text);
                    writer.Texts(claim.About);
                    Write(writer, claim.Date);
                    writer.Text(claim.DateNote);
                    writer.Text(claim.AccordingTo);
                    Write(writer, claim.Citations);
                    writer.Int(claim.Planned ? 1 : 0);
                    break;
                case Source source:
                    writer.Text(source.Id);
                    writer.Text(source.Path);
                    // The seed's bytes name its text: a source read is hashed without reading a seed the build has not.
                    writer.Text(source.Content.Hash);
                    Write(writer, source.Info);
                    break;
                case Entity entity:
                    writer.Int((int)entity.Kind);
                    writer.Text(entity.Id);
                    writer.Text(entity.Name);
                    writer.Text(entity.Summary);
                    writer.Int(entity.Aliases.Count);
                    foreach (var alias in entity.Aliases)
                    {
                        writer.Text(alias.Name);
                        writer.Text(alias.UsedBy);
                        writer.Text(alias.Note);
                    }
                    writer.Texts(entity.Related);
                    foreach (var field in EntityKinds.Fields)
                        switch (field.Type)
                        {
                            case FieldType.Text: writer.Text(entity.Values.Text(field)); break;
                            case FieldType.Date: Write(writer, entity.Values.Date(field)); break;
                            default: writer.Texts(entity.Values.References(field)); break;
                        }
                    Write(writer, entity.SummaryCitations);
                    writer.Texts(entity.KeyFacts);
                    break;
                case Disagreement disagreement:
                    writer.Text(disagreement.Id);
                    writer.Text(disagreement.Topic);
                    writer.Text(disagreement.Note);
                    writer.Texts(disagreement.About);
                    writer.Texts(disagreement.Claims);
                    writer.Int((int)disagreement.Kind);
                    break;
            }
            return writer.Finish();
        }
        finally
        {
            t_records = writer;
        }
    }

    private static void Write(KeyWriter writer, SourceInfo? info)
    {
        if (info is null)
        {
            writer.Int(-1);
            return;
        }
        writer.Int(info.Draft ? 1 : 0);
        writer.Text(info.Outlet);
        writer.Text(info.Headline);
        writer.Text(info.Url);
        Write(writer, info.Published);
        writer.Text(info.PublishedNote);
        writer.Text(info.Dateline);
        writer.Int(info.Boilerplate.Count);
        foreach (var range in info.Boilerplate)
        {
            writer.Int(range.First);
            writer.Int(range.Last);
            writer.Text(range.Reason);
        }
        writer.Int(info.Uncited.Count);
        foreach (var uncited in info.Uncited)
        {
            Write(writer, uncited.Passage);
            writer.Text(uncited.Reason);
        }
    }

    private static void Write(KeyWriter writer, IReadOnlyList<Citation>? citations)
    {
        writer.Int(citations?.Count ?? -1);
        foreach (var citation in citations ?? [])
        {
            Write(writer, citation.Passage);
            writer.Text(citation.Quote);
        }
    }

    private static void Write(KeyWriter writer, Passage passage)
    {
        writer.Text(passage.SourceId);
        writer.Int(passage.Start);
        writer.Int(passage.End);
    }

    private static void Write(KeyWriter writer, PartialDate? date)
    {
        if (date is null)
        {
            writer.Int(-1);
            return;
        }
        Write(writer, date.Start);
        Write(writer, date.End);
    }

    private static void Write(KeyWriter writer, DatePoint? point)
    {
        if (point is null)
        {
            writer.Int(-1);
            return;
        }
        writer.Int(point.Year);
        writer.Int(point.Month ?? -1);
        writer.Int(point.Day ?? -1);
        writer.Int((point.Approximate ? 1 : 0) | (point.Uncertain ? 2 : 0));
    }
}
