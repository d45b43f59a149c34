using RussiaJapanBriefing.Verification.Wording;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

// How templates read the view records that fill a page by the thousand: claims, notes, links, source lines.
public sealed partial class Theme
{
    private static readonly object True = true, False = false;

    private static object Box(bool value) => value ? True : False;

    /// <summary>
    /// Each record's members under the names templates use (Scriban's renamer: <c>SourcesDiffer</c> is
    /// <c>sources_differ</c>), read by a plain call. Scriban reads a record through PropertyInfo.GetValue, which in the
    /// native executable is an interpreted call boxing every flag, for every member read of every claim, note and link
    /// on every page. A test compares these, name by name and value by value, with what Scriban's own accessor reads.
    /// </summary>
    internal static readonly IReadOnlyDictionary<Type, IReadOnlyDictionary<string, Func<object, object?>>> ViewMembers =
        new Dictionary<Type, IReadOnlyDictionary<string, Func<object, object?>>>
        {
            [typeof(LinkView)] = Members<LinkView>(new()
            {
                ["href"] = v => v.Href,
                ["text"] = v => v.Text,
                ["detail"] = v => v.Detail,
                ["sources_differ"] = v => Box(v.SourcesDiffer),
                ["positions_differ"] = v => Box(v.PositionsDiffer),
            }),
            [typeof(NoteView)] = Members<NoteView>(new()
            {
                ["number"] = v => v.Number,
                ["href"] = v => v.Href,
                ["quote"] = v => v.Quote,
                ["source_title"] = v => v.SourceTitle,
                ["outlet"] = v => v.Outlet,
                ["published"] = v => v.Published,
                ["source_href"] = v => v.SourceHref,
                ["original_href"] = v => v.OriginalHref,
                ["full_only"] = v => Box(v.FullOnly),
            }),
            [typeof(ClaimView)] = Members<ClaimView>(new()
            {
                ["id"] = v => v.Id,
                ["anchor"] = v => v.Anchor,
                ["key"] = v => v.Key,
                ["html"] = v => v.Html,
                ["date"] = v => v.Date,
                ["date_iso"] = v => v.DateIso,
                ["date_note"] = v => v.DateNote,
                ["according_to"] = v => v.AccordingTo,
                ["planned"] = v => Box(v.Planned),
                ["notes"] = v => v.Notes,
                ["about"] = v => v.About,
                ["terms"] = v => v.Terms,
                ["full_only"] = v => Box(v.FullOnly),
            }),
            [typeof(TermUse)] = Members<TermUse>(new() { ["term"] = v => v.Term, ["side"] = v => v.Side, ["found"] = v => v.Found }),
            [typeof(SegmentView)] = Members<SegmentView>(new() { ["text"] = v => v.Text, ["cited"] = v => Box(v.Cited), ["anchors"] = v => v.Anchors }),
            [typeof(PassageView)] = Members<PassageView>(new() { ["anchor"] = v => v.Anchor, ["quote"] = v => v.Quote, ["claims"] = v => v.Claims }),
            [typeof(SourceLineView)] = Members<SourceLineView>(new() { ["line"] = v => v.Line, ["segments"] = v => v.Segments, ["passages"] = v => v.Passages }),
        };

    private static IReadOnlyDictionary<string, Func<object, object?>> Members<T>(Dictionary<string, Func<T, object?>> members) =>
        members.ToDictionary(m => m.Key, m => (Func<object, object?>)(target => m.Value((T)target)), StringComparer.Ordinal);

    /// <summary>A view record's members read by <see cref="ViewMembers"/>; everything else (listing them, a name it lacks) as Scriban would.</summary>
    private sealed class ViewAccessor(IObjectAccessor scriban, IReadOnlyDictionary<string, Func<object, object?>> members) : IObjectAccessor
    {
        public bool TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value)
        {
            if (members.TryGetValue(member, out var read))
            {
                value = read(target);
                return true;
            }
            return scriban.TryGetValue(context, span, target, member, out value);
        }

        public int GetMemberCount(TemplateContext context, SourceSpan span, object target) => scriban.GetMemberCount(context, span, target);
        public IEnumerable<string> GetMembers(TemplateContext context, SourceSpan span, object target) => scriban.GetMembers(context, span, target);
        public bool HasMember(TemplateContext context, SourceSpan span, object target, string member) => scriban.HasMember(context, span, target, member);
        public bool TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) =>
            scriban.TrySetValue(context, span, target, member, value);
        public bool TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value) =>
            scriban.TryGetItem(context, span, target, index, out value);
        public bool TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) =>
            scriban.TrySetItem(context, span, target, index, value);
        public bool HasIndexer => scriban.HasIndexer;
        public Type? IndexType => scriban.IndexType;
    }
}
