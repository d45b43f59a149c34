using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RussiaJapanBriefing.Model;

/// <summary>
/// A table that a patched book changes without copying it: the patch shares the last book's entries and holds only
/// its own changes. <c>serve</c> patches the book at every save, and its biggest tables (the pages of 50,000 claims,
/// the claims by id, by passage and by source) were copied each time: megabytes, on the large-object heap, that each
/// book kept until the next save, so every collection had them to promote.
/// </summary>
/// <remarks>
/// A table is filled while its book is made and only read after that, so a patch may share what it reads. It lists
/// its entries as a copy of a <see cref="Dictionary{TKey, TValue}"/> would: the shared ones in their order, each with
/// its value now (a replaced value keeps its place), then those added.
/// </remarks>
internal sealed class PatchTable<TKey, TValue> : IReadOnlyDictionary<TKey, TValue> where TKey : notnull where TValue : class
{
    /// <summary>The entries a patch starts from: filled by the table made whole, never changed once shared.</summary>
    private readonly Dictionary<TKey, TValue> _shared;

    /// <summary>A patch's changes to <see cref="_shared"/> (null: removed); null in a table made whole.</summary>
    private readonly Dictionary<TKey, TValue?>? _changes;

    /// <summary>How many entries a patch holds.</summary>
    private int _count;

    /// <param name="capacity">How many entries it will hold, when known: a big book's tables are filled in one go.</param>
    public PatchTable(IEqualityComparer<TKey>? comparer = null, int capacity = 0) : this(new(capacity, comparer), null, 0) { }

    /// <summary>A table made whole of <paramref name="entries"/>, which nothing may change after.</summary>
    public static PatchTable<TKey, TValue> Whole(Dictionary<TKey, TValue> entries) => new(entries, null, 0);

    private PatchTable(Dictionary<TKey, TValue> shared, Dictionary<TKey, TValue?>? changes, int count)
    {
        _shared = shared;
        _changes = changes;
        _count = count;
    }

    /// <summary>
    /// A table to change that starts as this one. Changes add up over saves, so once they pass a sixteenth of the
    /// shared entries the patch is made whole: a copy for every sixteenth of the table changed, not one for every save.
    /// </summary>
    public PatchTable<TKey, TValue> Patch()
    {
        if (_changes is null) return new(_shared, new(_shared.Comparer), _shared.Count);
        if (_changes.Count <= Math.Max(64, _shared.Count / 16)) return new(_shared, new(_changes, _shared.Comparer), _count);
        var whole = new Dictionary<TKey, TValue>(_shared, _shared.Comparer);
        foreach (var (key, value) in _changes)
            if (value is null) whole.Remove(key);
            else whole[key] = value;
        return new(whole, null, 0);
    }

    public TValue? this[TKey key]
    {
        get => _changes is not null && _changes.TryGetValue(key, out var changed) ? changed : _shared.GetValueOrDefault(key);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_changes is null)
            {
                _shared[key] = value;
                return;
            }
            if (!ContainsKey(key)) _count++;
            // A value put back as it was shared is no change: a topic cut again places most of its claims where they were.
            if (Equals(_shared.GetValueOrDefault(key), value)) _changes.Remove(key);
            else _changes[key] = value;
        }
    }

    /// <summary>Adds an entry, as <see cref="Dictionary{TKey, TValue}.Add"/> does: a key already there is an error.</summary>
    public void Add(TKey key, TValue value)
    {
        if (_changes is null) _shared.Add(key, value);
        else if (ContainsKey(key)) throw new ArgumentException($"the key is already in the table: {key}", nameof(key));
        else this[key] = value;
    }

    /// <summary>Removes an entry, telling what it held.</summary>
    public bool Remove(TKey key, [NotNullWhen(true)] out TValue? value)
    {
        if (_changes is null) return _shared.Remove(key, out value);
        value = this[key];
        if (value is null) return false;
        _count--;
        if (_shared.ContainsKey(key)) _changes[key] = null;
        else _changes.Remove(key);
        return true;
    }

    public bool ContainsKey(TKey key) => this[key] is not null;

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        value = this[key];
        return value is not null;
    }

    TValue IReadOnlyDictionary<TKey, TValue>.this[TKey key] => this[key] ?? throw new KeyNotFoundException($"not in the table: {key}");

    public int Count => _changes is null ? _shared.Count : _count;

    public IEnumerable<TKey> Keys => this.Select(entry => entry.Key);

    public IEnumerable<TValue> Values => this.Select(entry => entry.Value);

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        if (_changes is null)
        {
            foreach (var entry in _shared) yield return entry;
            yield break;
        }
        foreach (var (key, value) in _shared)
            if (!_changes.TryGetValue(key, out var changed)) yield return new(key, value);
            else if (changed is not null) yield return new(key, changed);
        foreach (var (key, value) in _changes)
            if (value is not null && !_shared.ContainsKey(key)) yield return new(key, value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
