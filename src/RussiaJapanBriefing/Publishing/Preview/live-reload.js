// Served by `rjb serve` only, never published: reloads the page when a rebuild succeeds, and shows the build's
// errors over the page when it fails (the last good site stays visible underneath).
(() => {
  const status = new URL("/__rjb/status", location.href);
  let seen = null;
  const overlayId = "rjb-build-errors";

  function showErrors(errors) {
    let box = document.getElementById(overlayId);
    if (!box) {
      box = document.createElement("section");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#2b0b0b;color:#ffe4e4;font:13px/1.5 ui-monospace,monospace;padding:1rem;border-top:4px solid #e04848";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const title = document.createElement("strong");
    title.textContent = `The book does not build (${errors.length} error${errors.length === 1 ? "" : "s"}); showing the last good build.`;
    const list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = errors.join("\n");
    box.append(title, list);
  }

  async function poll() {
    try {
      const response = await fetch(status, { cache: "no-store" });
      const state = await response.json();
      if (seen !== null && state.version !== seen && state.errors.length === 0) { location.reload(); return; }
      seen = state.version;
      if (state.errors.length > 0) showErrors(state.errors);
      else document.getElementById(overlayId)?.remove();
    } catch {
      // The server is restarting or gone; keep trying quietly.
    }
    setTimeout(poll, 700);
  }
  poll();
})();
