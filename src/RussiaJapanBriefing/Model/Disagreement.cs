namespace RussiaJapanBriefing.Model;

/// <summary>
/// What a disagreement sets side by side: <see cref="Sources"/> that differ about a fact, or sides that take different
/// <see cref="Positions"/>, as reported by any source. Each has its own badge.
/// </summary>
public enum DisagreementKind { Sources, Positions }

/// <summary>
/// A topic on which the sources give different figures, accounts or names, or the sides different positions: the
/// book shows the claims side by side and flags the entities concerned.
/// </summary>
public sealed record Disagreement(string Id, string Topic, string? Note, IReadOnlyList<string> About, IReadOnlyList<string> Claims, DisagreementKind Kind);
