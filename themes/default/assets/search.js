// Client-side search over the book (entities, claims and source text) with MiniSearch.
// The index data comes from data/search-index.js as a global, which works from file:// as well as any host.
(() => {
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  if (!input || !results || !window.MiniSearch || !window.RJB_SEARCH) return;

  const root = results.dataset.root || "";
  const documents = window.RJB_SEARCH.documents;
  const index = new MiniSearch({
    fields: ["title", "text"],
    storeFields: ["kind", "title", "text", "url"],
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2 }, combineWith: "AND" },
  });
  index.addAll(documents);

  function excerpt(text, terms) {
    const lower = text.toLowerCase();
    const at = Math.max(0, ...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0).concat([0]).slice(0, 1));
    const start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 200) + (start + 200 < text.length ? "…" : "");
  }

  function show(query) {
    results.textContent = "";
    const q = query.trim();
    if (q.length === 0) {
      status.textContent = "Type a name, a place or a phrase.";
      return;
    }
    const found = index.search(q).slice(0, 50);
    status.textContent = found.length === 0
      ? `No results for “${q}”.`
      : `${found.length}${found.length === 50 ? "+" : ""} result${found.length === 1 ? "" : "s"} for “${q}”.`;
    for (const hit of found) {
      const item = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = hit.kind;
      const link = document.createElement("a");
      link.href = root + hit.url;
      link.textContent = hit.title;
      const text = document.createElement("p");
      text.className = "detail";
      text.textContent = excerpt(hit.text, hit.terms);
      item.append(kind, " ", link, text);
      results.append(item);
    }
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  show(input.value);
  input.addEventListener("input", () => {
    show(input.value);
    const url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
  input.form?.addEventListener("submit", (event) => { event.preventDefault(); show(input.value); });
})();
