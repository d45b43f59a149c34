namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>What a wording check found, before the item's allowances decide whether it is reported.</summary>
/// <param name="Term">The term or figure concerned, which an allowance may name to allow only it.</param>
public sealed record Finding(DiagnosticDescriptor Code, Location Location, string Message, string Hint, string? Term = null);
