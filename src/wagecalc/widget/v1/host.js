// wagecalc host snippet: gives each wagecalc iframe the height its page reports.
// Only messages from the wagecalc origin this script was served from, sent by the
// window of an iframe on that origin, are read; only a number is used.
(() => {
  const script = document.currentScript;
  if (!script || !script.src) return;
  const WAGECALC = new URL(script.src, location.href).origin;
  addEventListener("message", (event) => {
    const data = event.data;
    if (event.origin !== WAGECALC) return;
    if (!data || data.type !== "wagecalc:height" || !Number.isFinite(data.height)) return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, location.href).origin !== WAGECALC) return;
      frame.style.height = `${Math.min(Math.max(Math.ceil(data.height), 50), 5000)}px`;
    }
  });
  // A frame that loaded before this script ran has already reported: ask it again.
  for (const frame of document.querySelectorAll("iframe")) {
    try {
      if (new URL(frame.src, location.href).origin === WAGECALC) {
        frame.contentWindow?.postMessage({ type: "wagecalc:measure" }, WAGECALC);
      }
    } catch {
      // An iframe without a usable src, or one still on about:blank: it reports when it loads.
    }
  }
})();
