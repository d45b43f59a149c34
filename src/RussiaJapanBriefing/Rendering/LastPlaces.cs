namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Where each record of a list stood in the last list an output was made from, found by instance, for outputs that
/// reuse what they made of a record a save left alone (<c>book.json</c>'s entries, the search documents' keys).
/// Asked in order, a record is looked for where the one before it was followed, or one further (past a record made
/// anew in its old instance's place, or one removed); only after <see cref="MissesBeforeTable"/> misses (a record
/// added before the rest moves them all) is the last list put in a table by instance, which for 100,000 records costs
/// more than the few misses of an edit.
/// </summary>
/// <param name="count">How many records the last list had.</param>
/// <param name="recordAt">The last list's record at a place.</param>
internal sealed class LastPlaces(int count, Func<int, object> recordAt)
{
    internal const int MissesBeforeTable = 8;

    private int _next, _misses;
    private Dictionary<object, int>? _table;

    /// <summary>Where <paramref name="record"/> stood in the last list, or -1 when it was not there.</summary>
    public int Find(object record)
    {
        var place = _next < count && ReferenceEquals(recordAt(_next), record) ? _next
            : _next + 1 < count && ReferenceEquals(recordAt(_next + 1), record) ? _next + 1 : -1;
        if (place < 0 && _table is null && count > 0 && ++_misses > MissesBeforeTable)
        {
            _table = new Dictionary<object, int>(count, ReferenceEqualityComparer.Instance);
            for (var k = 0; k < count; k++) _table.TryAdd(recordAt(k), k);
        }
        if (place < 0 && _table is not null && _table.TryGetValue(record, out var found)) place = found;
        if (place >= 0) _next = place + 1;
        return place;
    }
}
