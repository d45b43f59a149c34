using System.Collections;

namespace RussiaJapanBriefing.Model;

/// <summary>
/// A lookup as <c>ToLookup</c> makes it (groups in the order their keys first appear, each group's items in order),
/// that a book can make again with some items replaced in place, copying only the groups they are in: <c>serve</c>
/// makes a book per save, and a save usually replaces one claim of tens of thousands (see BriefingBook).
/// </summary>
internal sealed class Groups<TKey, T> : ILookup<TKey, T> where TKey : notnull
{
    private readonly PatchTable<TKey, Group> _byKey;

    /// <summary>The keys of the groups in order: a copy replaces groups but never adds, removes or moves one, so it shares this list.</summary>
    private readonly List<TKey> _order;

    private Groups(PatchTable<TKey, Group> byKey, List<TKey> order) => (_byKey, _order) = (byKey, order);

    /// <summary>The items under their keys; each pair is one item under one key, and an item is under a key once.</summary>
    public static Groups<TKey, T> Of(List<(TKey Key, T Item)> pairs, IEqualityComparer<TKey>? comparer)
    {
        var byKey = new PatchTable<TKey, Group>(comparer);
        var order = new List<TKey>();
        var same = comparer ?? EqualityComparer<TKey>.Default;
        Group? last = null;
        foreach (var (key, item) in pairs)
        {
            // Items often come in runs under one key (the claims of one source stand together): the run's group is not
            // looked up again for each of them.
            var group = last is not null && same.Equals(last.Key, key) ? last : byKey[key];
            if (group is null)
            {
                byKey.Add(key, group = new Group(key, []));
                order.Add(key);
            }
            group.Items.Add(item);
            last = group;
        }
        return new Groups<TKey, T>(byKey, order);
    }

    /// <summary>Groups already made, each under its key, in order; a key is given once.</summary>
    public static Groups<TKey, T> Of(IEnumerable<(TKey Key, List<T> Items)> groups, IEqualityComparer<TKey>? comparer)
    {
        var count = groups.TryGetNonEnumeratedCount(out var known) ? known : 0;
        var byKey = new PatchTable<TKey, Group>(comparer, count);
        var order = new List<TKey>(count);
        foreach (var (key, items) in groups)
        {
            byKey.Add(key, new Group(key, items));
            order.Add(key);
        }
        return new Groups<TKey, T>(byKey, order);
    }

    /// <summary>
    /// These groups with each replaced item (was) in place of the other (now), under the keys given for it: the same
    /// lookup <see cref="Of"/> makes from the items with those replaced, as long as each now is under the same keys,
    /// in the same order, as the item it replaces (the caller's to know), so that every group and its place are unchanged.
    /// </summary>
    public Groups<TKey, T> Replacing(IReadOnlyList<(T Now, T Was)> replaced, Action<T, List<TKey>> keysOf)
    {
        if (replaced.Count == 0) return this;
        var byKey = _byKey.Patch();
        var copied = new HashSet<Group>(ReferenceEqualityComparer.Instance);
        var keys = new List<TKey>();
        foreach (var (now, was) in replaced)
        {
            keys.Clear();
            keysOf(was, keys);
            for (var i = 0; i < keys.Count; i++)
            {
                // As Of was given them: an item is under each of its keys once.
                if (keys.IndexOf(keys[i], 0, i) >= 0) continue;
                var key = keys[i];
                var group = byKey[key]!;
                if (!copied.Contains(group))
                {
                    group = new Group(group.Key, [.. group.Items]);
                    copied.Add(group);
                    byKey[key] = group;
                }
                var at = group.Items.FindIndex(item => ReferenceEquals(item, was));
                group.Items[at] = now;
            }
        }
        return new Groups<TKey, T>(byKey, _order);
    }

    public IEnumerable<T> this[TKey key] => _byKey[key] is { } group ? group : [];

    public int Count => _order.Count;

    public bool Contains(TKey key) => _byKey.ContainsKey(key);

    public IEnumerator<IGrouping<TKey, T>> GetEnumerator() => _order.Select(IGrouping<TKey, T> (key) => _byKey[key]!).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Filled while the lookup is made, or while its copy is; never changed once a lookup holds it.</summary>
    private sealed class Group(TKey key, List<T> items) : IGrouping<TKey, T>, IReadOnlyList<T>
    {
        public TKey Key { get; } = key;
        public List<T> Items { get; } = items;
        public int Count => Items.Count;
        public T this[int index] => Items[index];
        public IEnumerator<T> GetEnumerator() => Items.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
