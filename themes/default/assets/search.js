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

  // A posting list: the sorted numbers of the documents holding a term, and whether it is in each one's title.
  function postings(shardData, matches) {
    const parts = [];
    for (const data of shardData)
      for (const term of Object.keys(data.terms)) if (matches(term)) parts.push(data.terms[term]);
    const length = parts.reduce((n, part) => n + part.length, 0);
    const ids = new Int32Array(length);
    const titles = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      let id = 0;
      for (const value of part) {
        id += value >> 1;
        ids[at] = id;
        titles[at++] = value & 1;
      }
    }
    if (parts.length < 2 || ids.every((id, i) => i === 0 || ids[i - 1] < id)) return { ids, titles };
    // Several words share a prefix: their lists are merged into one.
    const merged = new Map();
    ids.forEach((id, i) => merged.set(id, (merged.get(id) || 0) | titles[i]));
    const sorted = Int32Array.from(merged.keys()).sort();
    return { ids: sorted, titles: Uint8Array.from(sorted, (id) => merged.get(id)) };
  }

  // A word whose postings span more term shards than this (the commonest words of a big book) is read one shard
  // at a time: its first shard already holds the first documents in index order, which is all the first page needs.
  const WIDE = 1;

  // A word's postings from its first `count` shards (all of them when count is Infinity). They are exact for every
  // document up to `bound`, since a posting list is split across shards in document order.
  const lists = new Map();
  async function list(word, prefix, count) {
    const names = shardsFor(word, prefix);
    const used = names.slice(0, count);
    const key = `${prefix ? "^" : "="}${word}/${used.length}`;
    if (!lists.has(key)) {
      const data = await Promise.all(used.map((n) => load(`t${n}`)));
      const found = postings(data, prefix ? (term) => term.startsWith(word) : (term) => term === word);
      found.bound = used.length < names.length ? (found.ids[found.ids.length - 1] ?? -1) : Infinity;
      lists.set(key, found);
    }
    return lists.get(key);
  }

  // The documents holding every word, in index order, up to `wanted` of them or more. Wide words are read a shard
  // deeper at a time until that many are found, so "the" alone costs one or two shards, not ten; `partial` says
  // documents past the last one read may still match.
  async function candidates(query, wanted) {
    const words = terms(query);
    if (words.length === 0) return { words, found: [], partial: false };
    // The word being typed also matches longer words, when they sit in two shards at most.
    const last = words[words.length - 1];
    const open = /[\p{L}\p{Nd}]$/u.test(query) && last.length >= 2 && shardsFor(last, true).length <= 2;
    const prefixed = (i) => open && i === words.length - 1;
    for (let depth = 1; ; depth++) {
      const found = await Promise.all(words.map((word, i) =>
        list(word, prefixed(i), shardsFor(word, prefixed(i)).length > WIDE ? depth : Infinity)));
      const bound = Math.min(...found.map((f) => f.bound));
      // Past the last document of a list read whole, reading deeper cannot add a result.
      const reach = Math.min(...found.map((f) => (f.bound === Infinity ? (f.ids[f.ids.length - 1] ?? -1) : Infinity)));
      const { ids, titles } = intersect(found, bound);
      if (ids.length >= wanted || bound >= reach) {
        // Before their text is loaded: more words in the title first, then entities, sources, claims, passages.
        const byTitles = Array.from({ length: words.length + 1 }, () => []);
        for (let i = 0; i < ids.length; i++) byTitles[titles[i]].push(ids[i]);
        return { words, open, found: byTitles.reverse().flat(), partial: bound < reach };
      }
    }
  }

  // Walks the sorted lists side by side, shortest first, up to `bound`, counting the words each document has in its title.
  function intersect(found, bound) {
    const [first, ...others] = [...found].sort((a, b) => a.ids.length - b.ids.length);
    let ids = [];
    let titles = [];
    for (let i = 0; i < first.ids.length && first.ids[i] <= bound; i++) {
      ids.push(first.ids[i]);
      titles.push(first.titles[i]);
    }
    for (const other of others) {
      const keptIds = [];
      const keptTitles = [];
      let j = 0;
      for (let i = 0; i < ids.length; i++) {
        while (j < other.ids.length && other.ids[j] < ids[i]) j++;
        if (j === other.ids.length) break;
        if (other.ids[j] === ids[i]) {
          keptIds.push(ids[i]);
          keptTitles.push(titles[i] + other.titles[j]);
        }
      }
      ids = keptIds;
      titles = keptTitles;
    }
    return { ids, titles };
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

  function render(ranked, total, partial, q) {
    results.textContent = "";
    status.textContent = total === 0
      ? `No results for “${q}”.`
      : partial
        ? `The first ${ranked.length} results for “${q}”: a very common word, so only the start of the book was searched; add a word to narrow, or ask for more results.`
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
    if (more) more.hidden = total <= ranked.length && !partial;
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
      // A partial list is read deeper when "More results" asks past its end.
      if (!current || current.query !== query || (current.partial && current.found.length < shown))
        current = { query, ...(await candidates(query, shown)) };
      if (ticket !== latest) return;
      const { words, open, found, partial } = current;
      const docs = await documents(found.slice(0, shown));
      if (ticket !== latest) return;
      const ranked = docs.map((doc) => ({ doc, words, score: rank(doc, words, open) }))
        .sort((a, b) => b.score - a.score || a.doc.id - b.doc.id);
      render(ranked, found.length, partial, q);
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
