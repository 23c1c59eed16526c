// wagecalc host snippet: gives each wagecalc iframe the height its page reports.
// Only messages from the iframe's own window and origin are read; only a number is used.
addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "wagecalc:height" || !Number.isFinite(data.height)) return;
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow !== event.source) continue;
    if (new URL(frame.src, location.href).origin !== event.origin) return;
    frame.style.height = `${Math.min(Math.max(Math.ceil(data.height), 50), 5000)}px`;
  }
});
