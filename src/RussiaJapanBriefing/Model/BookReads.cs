using System.Collections;
using System.Collections.Concurrent;

namespace RussiaJapanBriefing.Model;

/// <summary>One thing read from a book: a table (a lookup or list of <see cref="BriefingBook"/>) and a key in it, or null for the whole table.</summary>
public sealed record BookRead(string Table, object? Key)
{
    // Not init: a copy made with other values would keep this one's hash.
    public string Table { get; } = Table;
    public object? Key { get; } = Key;

    // Taken once: a read is hashed when a page records it, again when the page tracker numbers it, and in every set
    // in between; the ids and passages it hashes are the longer part of a one-claim save's numbering of the reads
    // the pages made again (a whole-book output makes tens of thousands).
    private readonly int _hash = HashCode.Combine(Table, Key);

    public bool Equals(BookRead? other) =>
        ReferenceEquals(this, other) || other is not null && _hash == other._hash && Table == other.Table && Equals(Key, other.Key);

    public override int GetHashCode() => _hash;
}

/// <summary>
/// Records what is read from a book, per page: the incremental build keeps, for each page, what it read and a hash of
/// each value read, and renders the page again only when one of those values changed. Pages need do nothing for it:
/// every lookup and list of the book records its reads. What an output reads outside its pages (planning them, on
/// any thread its work runs on) is recorded for that output, so outputs may run side by side; what is read outside
/// any output is kept apart, for the caller to count as read by every page: a dependency is never lost, only made coarser.
/// </summary>
public sealed class BookReads
{
    [ThreadStatic] private static Scope? t_scope;

    // Flows with the output's work into the tasks and parallel loops it starts, unlike a page's scope, which is one thread's.
    private readonly AsyncLocal<ConcurrentDictionary<BookRead, byte>?> _output = new();
    private readonly ConcurrentDictionary<BookRead, byte> _stray = new();

    /// <summary>What was read outside every output and page.</summary>
    public IReadOnlyCollection<BookRead> Stray => [.. _stray.Keys];

    internal void Note(string table, object? key)
    {
        if (t_unrecorded > 0) return;
        var read = new BookRead(table, key);
        if (t_scope is { } scope && scope.Owner == this) scope.Reads.Add(read);
        else (_output.Value ?? _stray).TryAdd(read, 0);
    }

    [ThreadStatic] private static int t_unrecorded;

    /// <summary>Whether this thread reads <see cref="Unrecorded{T}"/>: a key that is only noted need not be made.</summary>
    internal static bool Unrecording => t_unrecorded > 0;

    /// <summary>
    /// Runs <paramref name="read"/> on this thread without recording what it reads from any book. Only for a caller that
    /// has itself recorded, before or after, coarser reads whose values decide everything read here: a dependency may
    /// be made coarser, never lost. The search index reads each claim's page so, having recorded the layouts that place
    /// them: 50,000 reads at 10,000 sources, each hashed, numbered and listed by the page tracker, became a few thousand.
    /// </summary>
    public static T Unrecorded<T>(Func<T> read)
    {
        t_unrecorded++;
        try
        {
            return read();
        }
        finally
        {
            t_unrecorded--;
        }
    }

    /// <summary>Runs one output, and returns what it read outside its pages.</summary>
    public IReadOnlySet<BookRead> Outside(Action output)
    {
        var reads = new ConcurrentDictionary<BookRead, byte>();
        var outer = _output.Value;
        _output.Value = reads;
        try
        {
            output();
        }
        finally
        {
            _output.Value = outer;
        }
        return reads.Keys.ToHashSet();
    }

    /// <summary>Runs one page on this thread, and returns what it read.</summary>
    public IReadOnlySet<BookRead> During(Action page)
    {
        var scope = new Scope(this);
        var outer = t_scope;
        t_scope = scope;
        try
        {
            page();
        }
        finally
        {
            t_scope = outer;
        }
        return scope.Reads;
    }

    private sealed class Scope(BookReads owner)
    {
        public BookReads Owner { get; } = owner;
        public HashSet<BookRead> Reads { get; } = [];
    }
}

/// <summary>A table of the book that can say what any read of it returns, for hashing (see <see cref="BriefingBook.ValueOf"/>).</summary>
internal interface IRecordedTable
{
    object? ValueOf(object? key);

    /// <summary>
    /// True when a read answers with the very same instances here as in <paramref name="before"/> (this table of an
    /// earlier book), so its value, and its hash, are the same: records are immutable. False when that cannot be told
    /// cheaply; the read is then hashed.
    /// </summary>
    bool Same(IRecordedTable before, object? key);

    /// <summary>
    /// Adds to <paramref name="keys"/> every key whose read may answer otherwise here than in <paramref name="before"/>
    /// (every key for which <see cref="Same"/> could be false), and null when a read of the whole table may: found
    /// by comparing the two tables in one pass, so that a build need not ask each of hundreds of thousands of reads.
    /// </summary>
    void Changed(IRecordedTable before, ICollection<object?> keys);
}

/// <summary>Compares by reference what the book's tables hold (records, lists of them, ids): an instance reused is unchanged.</summary>
internal static class Identical
{
    public static bool Items<T>(IEnumerable<T> now, IEnumerable<T> then)
    {
        if (ReferenceEquals(now, then)) return true;
        using var a = now.GetEnumerator();
        using var b = then.GetEnumerator();
        while (a.MoveNext())
            if (!b.MoveNext() || !ReferenceEquals(a.Current, b.Current)) return false;
        return !b.MoveNext();
    }

    /// <summary>
    /// <see cref="IRecordedTable.Changed"/> for a table read by key: each key of either table whose read is not the same
    /// (a key only in one is not), and null when any is or a read of the whole table is not.
    /// </summary>
    public static void Keys<TKey>(IRecordedTable now, IRecordedTable before, IEnumerable<TKey> nowKeys, IEnumerable<TKey> beforeKeys,
        Func<TKey, bool> inNow, ICollection<object?> keys)
    {
        var any = false;
        foreach (var key in nowKeys.Concat(beforeKeys.Where(k => !inNow(k))))
            if (!now.Same(before, key))
            {
                keys.Add(key);
                any = true;
            }
        if (any || !now.Same(before, null)) keys.Add(null);
    }
}

internal sealed class RecordedList<T>(BriefingBook book, string table, IReadOnlyList<T> items) : IReadOnlyList<T>, IRecordedTable
{
    public T this[int index]
    {
        get
        {
            book.Note(table, null);
            return items[index];
        }
    }

    public int Count
    {
        get
        {
            book.Note(table, null);
            return items.Count;
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        book.Note(table, null);
        return items.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Every item, into <paramref name="array"/> (of at least <see cref="Count"/> items): a read of the whole table, as an
    /// enumeration is, but one copy of the references. Storing item by item checked each item's type, a cache miss per
    /// record: 6 ms of every save's book.json at 10,000 sources.
    /// </summary>
    public void CopyTo(T[] array)
    {
        book.Note(table, null);
        if (items is ICollection<T> collection) collection.CopyTo(array, 0);
        else
            for (var i = 0; i < items.Count; i++) array[i] = items[i];
    }

    public object? ValueOf(object? key) => items;

    public bool Same(IRecordedTable before, object? key) => before is RecordedList<T> then && Identical.Items(items, then.Items);

    public void Changed(IRecordedTable before, ICollection<object?> keys)
    {
        if (!Same(before, null)) keys.Add(null);
    }

    private IReadOnlyList<T> Items => items;
}

internal sealed class RecordedDictionary<TValue>(BriefingBook book, string table, IReadOnlyDictionary<string, TValue> items)
    : IReadOnlyDictionary<string, TValue>, IRecordedTable
{
    public TValue this[string key]
    {
        get
        {
            book.Note(table, key);
            return items[key];
        }
    }

    public IEnumerable<string> Keys => Whole().Keys;
    public IEnumerable<TValue> Values => Whole().Values;
    public int Count => Whole().Count;

    public bool ContainsKey(string key)
    {
        book.Note(table, key);
        return items.ContainsKey(key);
    }

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value)
    {
        book.Note(table, key);
        return items.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => Whole().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IReadOnlyDictionary<string, TValue> Whole()
    {
        book.Note(table, null);
        return items;
    }

    public object? ValueOf(object? key) => key is string id ? (items.TryGetValue(id, out var value) ? value : null) : items.Values;

    public bool Same(IRecordedTable before, object? key) => before is RecordedDictionary<TValue> then && (key is string id
        ? items.TryGetValue(id, out var now) == then.Items.TryGetValue(id, out var was) && ReferenceEquals(now, was)
        : Identical.Items(items.Values, then.Items.Values));

    public void Changed(IRecordedTable before, ICollection<object?> keys) =>
        Identical.Keys(this, before, items.Keys, (before as RecordedDictionary<TValue>)?.Items.Keys ?? [], items.ContainsKey, keys);

    private IReadOnlyDictionary<string, TValue> Items => items;
}

internal sealed class RecordedLookup<TKey, TElement>(BriefingBook book, string table, ILookup<TKey, TElement> items)
    : ILookup<TKey, TElement>, IRecordedTable where TKey : notnull
{
    public IEnumerable<TElement> this[TKey key]
    {
        get
        {
            book.Note(table, key);
            return items[key];
        }
    }

    public int Count
    {
        get
        {
            book.Note(table, null);
            return items.Count;
        }
    }

    public bool Contains(TKey key)
    {
        book.Note(table, key);
        return items.Contains(key);
    }

    public IEnumerator<IGrouping<TKey, TElement>> GetEnumerator()
    {
        book.Note(table, null);
        return items.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // The keys go with the groups: two lookups with the same groups under other keys are not the same.
    public object? ValueOf(object? key) => key is TKey k ? items[k] : items.Select(g => new object?[] { g.Key, g });

    // Keys are compared by value: they are hashed by value, and a passage key is a new instance whenever its claim is.
    public bool Same(IRecordedTable before, object? key)
    {
        if (before is not RecordedLookup<TKey, TElement> then) return false;
        if (key is TKey k) return Identical.Items(items[k], then.Items[k]);
        if (items.Count != then.Items.Count) return false;
        foreach (var (now, was) in items.Zip(then.Items))
            if (!EqualityComparer<TKey>.Default.Equals(now.Key, was.Key) || !Identical.Items(now, was)) return false;
        return true;
    }

    public void Changed(IRecordedTable before, ICollection<object?> keys) =>
        Identical.Keys(this, before, items.Select(g => g.Key), (before as RecordedLookup<TKey, TElement>)?.Items.Select(g => g.Key) ?? [], items.Contains, keys);

    private ILookup<TKey, TElement> Items => items;
}
