namespace RussiaJapanBriefing;

/// <summary>"Did you mean …?" suggestions for misspelt keys and ids.</summary>
public static class Spelling
{
    /// <summary>The closest candidate within a distance that suggests a typo rather than a different word.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var allowed = Math.Max(2, word.Length / 3);
        foreach (var candidate in candidates)
        {
            // The edit distance is at least the difference in length: skip what cannot be a typo without computing it.
            if (Math.Abs(candidate.Length - word.Length) > Math.Min(allowed, bestDistance)) continue;
            var distance = Distance(word, candidate);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? best : null;
    }

    public static string? Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $"did you mean '{s}'?" : null;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
