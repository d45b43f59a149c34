// Search over the book's sharded index (data/search/, written by SearchShards.cs). The manifest says which term
// shard holds which range of terms and how many documents each document shard holds; a query loads only the term
// shards its words fall in, then the document shards of the results it shows. Every shard is a script that assigns
// its data to a global, caught here by a setter: <script> elements load from file:// as from any host, fetch() does not.
(() => {
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const manifest = window.RJB_SEARCH_MANIFEST;
  if (!input || !results || !manifest) return;

  const root = results.dataset.root || "";
  const PAGE = 20;
  // Over HTTP a cached shard of an older build must not meet this manifest; a file:// page reads the disk anyway.
  const version = location.protocol === "file:" ? "" : `?v=${manifest.version}`;
  const starts = [0];
  for (const count of manifest.docs) starts.push(starts[starts.length - 1] + count);

  const shards = new Map();
  function receive(data) {
    const shard = shards.get(data.shard);
    if (shard) shard.resolve(data);
  }
  for (const name of ["RJB_SEARCH_TERMS", "RJB_SEARCH_DOCS"])
    Object.defineProperty(window, name, { set: receive, configurable: true });

  function load(name) {
    let shard = shards.get(name);
    if (!shard) {
      shard = {};
      shard.promise = new Promise((resolve, reject) => {
        shard.resolve = resolve;
        const script = document.createElement("script");
        script.src = root + manifest.shards.replace("*", name) + version;
        script.onerror = () => { shards.delete(name); reject(new Error(`the search index shard ${name} did not load`)); };
        document.head.append(script);
      });
      shards.set(name, shard);
    }
    return shard.promise;
  }

  // The same folding as SearchShards.Terms: decomposed, no combining marks, lower case, runs of letters and digits.
  function terms(text) {
    const folded = text.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase().replace(/ς/g, "σ");
    return (folded.match(/[\p{L}\p{Nd}]+/gu) || []).map((t) => Array.from(t).slice(0, manifest.maxTerm).join(""));
  }

  // The term shards whose range holds the term, or (for a prefix) any term starting with it.
  function shardsFor(term, prefix) {
    const { from, to } = manifest;
    let lo = 0;
    let hi = from.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (to[mid] < term) lo = mid + 1; else hi = mid;
    }
    const found = [];
    for (let i = lo; i < from.length && (from[i] <= term || (prefix && from[i].startsWith(term))); i++) found.push(i);
    return found;
  }

  // Postings as a Map from document number to whether the term is in its title.
  function postings(shardData, matches) {
    const hits = new Map();
    for (const data of shardData) {
      for (const term of Object.keys(data.terms)) {
        if (!matches(term)) continue;
        let id = 0;
        for (const value of data.terms[term]) {
          id += Math.floor(value / 2);
          hits.set(id, (hits.get(id) || 0) | (value & 1));
        }
      }
    }
    return hits;
  }

  async function candidates(query) {
    const words = terms(query);
    if (words.length === 0) return { words, found: [] };
    // The word being typed also matches longer words, when they sit in two shards at most.
    const open = /[\p{L}\p{Nd}]$/u.test(query) && words[words.length - 1].length >= 2;
    const lists = await Promise.all(words.map(async (word, i) => {
      let names = shardsFor(word, false);
      let matches = (term) => term === word;
      if (open && i === words.length - 1) {
        const wider = shardsFor(word, true);
        if (wider.length <= 2) {
          names = wider;
          matches = (term) => term.startsWith(word);
        }
      }
      return postings(await Promise.all(names.map((n) => load(`t${n}`))), matches);
    }));
    lists.sort((a, b) => a.size - b.size);
    const found = [];
    for (const [id, title] of lists[0]) {
      let titles = title;
      let all = true;
      for (const list of lists.slice(1)) {
        if (!list.has(id)) { all = false; break; }
        titles += list.get(id);
      }
      if (all) found.push({ id, titles });
    }
    // Before their text is loaded: more words in the title first, then entities, sources, claims, passages.
    found.sort((a, b) => b.titles - a.titles || a.id - b.id);
    return { words, found };
  }

  function shardOf(id) {
    let lo = 0;
    let hi = manifest.docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  async function documents(ids) {
    const wanted = [...new Set(ids.map(shardOf))];
    const loaded = new Map(await Promise.all(wanted.map(async (n) => [n, await load(`d${n}`)])));
    return ids.map((id) => {
      const n = shardOf(id);
      const docs = loaded.get(n).docs;
      let title = null;
      for (let i = 0; i <= id - starts[n]; i++) if (docs[i][2] !== 0) title = docs[i][2];
      const [type, label, , text, href] = docs[id - starts[n]];
      return { id, type, label, title, text, href };
    });
  }

  function contains(haystack, words, open) {
    if (haystack.length < words.length) return false;
    for (let i = 0; i + words.length <= haystack.length; i++) {
      let all = true;
      for (let j = 0; j < words.length && all; j++) {
        const last = j === words.length - 1;
        all = haystack[i + j] === words[j] || (open && last && haystack[i + j].startsWith(words[j]));
      }
      if (all) return true;
    }
    return false;
  }

  // Exact phrase in a title, then the phrase in the text, then every word in a title; ties keep the index order.
  function rank(doc, words, open) {
    const titled = doc.type === "e" || doc.type === "s";
    const title = titled ? terms(doc.title) : [];
    const text = terms(doc.type === "c" ? `${doc.title} ${doc.text}` : doc.text);
    const every = (list) => words.every((w, i) => list.some((t) => t === w || (open && i === words.length - 1 && t.startsWith(w))));
    return (contains(title, words, open) ? 4 : 0) + (contains(text, words, open) ? 2 : 0) + (every(title) ? 1 : 0);
  }

  function excerpt(text, words) {
    const lower = text.toLowerCase();
    const at = words.map((w) => lower.indexOf(w)).find((i) => i >= 0) ?? 0;
    const start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 200) + (start + 200 < text.length ? "…" : "");
  }

  let latest = 0;
  let shown = PAGE;
  let current = null;

  function render(ranked, total, q) {
    results.textContent = "";
    status.textContent = total === 0
      ? `No results for “${q}”.`
      : `${total} result${total === 1 ? "" : "s"} for “${q}”${total > ranked.length ? `; the first ${ranked.length} shown` : ""}.`;
    for (const { doc, words } of ranked) {
      const item = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = doc.label;
      const link = document.createElement("a");
      link.href = root + doc.href;
      link.textContent = doc.type === "c" ? excerpt(doc.title, words) : doc.title;
      item.append(kind, " ", link);
      const detail = doc.type === "c" ? doc.text : excerpt(doc.text, words);
      if (detail) {
        const text = document.createElement("p");
        text.className = "detail";
        text.textContent = detail;
        item.append(text);
      }
      results.append(item);
    }
    if (more) more.hidden = total <= ranked.length;
  }

  async function show(query) {
    const ticket = ++latest;
    const q = query.trim();
    if (q.length === 0) {
      results.textContent = "";
      status.textContent = "Type a name, a place or a phrase.";
      if (more) more.hidden = true;
      return;
    }
    try {
      if (!current || current.query !== query) current = { query, ...(await candidates(query)) };
      if (ticket !== latest) return;
      const { words, found } = current;
      const open = /[\p{L}\p{Nd}]$/u.test(query);
      const docs = await documents(found.slice(0, shown).map((f) => f.id));
      if (ticket !== latest) return;
      const ranked = docs.map((doc) => ({ doc, words, score: rank(doc, words, open) }))
        .sort((a, b) => b.score - a.score || a.doc.id - b.doc.id);
      render(ranked, found.length, q);
    } catch (error) {
      if (ticket === latest) status.textContent = `Search is unavailable: ${error.message}.`;
    }
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  show(input.value);
  input.addEventListener("input", () => {
    shown = PAGE;
    show(input.value);
    const url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
  input.form?.addEventListener("submit", (event) => { event.preventDefault(); show(input.value); });
  more?.addEventListener("click", () => { shown += PAGE; show(input.value); });
})();
