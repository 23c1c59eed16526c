"""One widget's first load in Chromium: requests, bytes and time to the answer.

``python -m bench.widget_load [runs]`` (default 5): a real ``wagecalc serve`` on
127.0.0.1 and a host page on another loopback origin holding one
``<wagecalc-equivalents … to="MYR">`` (the README's first snippet), loaded in
Debian's headless Chromium with a cold cache each run. It prints, per run and
as medians: the requests the page made to the service, the bytes they
transferred (headers and bodies, as Chromium counts them) and the time from
navigation to the headline figure on screen.

The same page with ``/widget/v1/`` (the widget as last published under v1: readable,
and asking for its answer on a timer) is loaded in the same runs for comparison.

The same-run baseline is a page on the same host origin whose only script (an
inline one, so no request for it) fetches the same JSON answer and writes it as
text: the cost of one cross-origin fetch and a paint on this machine right now.
The ratio widget ÷ baseline is what to compare across machines and runs; the
milliseconds alone say more about the machine's other tenants. Needs playwright
and /usr/bin/chromium (the test extra and ``.ci/run``); the first run of each
kind only warms the server and is left out.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Any

from tests.servers import PageServer, clean_env, free_port, start_server, wait_ready

__all__ = ["measure"]

CHROMIUM = Path("/usr/bin/chromium")
_QUERY = "amount=900000&currency=USD&period=year&date=2023-07-26&rules=story&to=MYR&locale=en"
_ELEMENT = (
    '<wagecalc-equivalents amount="900000" currency="USD" period="year" date="2023-07-26" '
    'rules="story" to="MYR" locale="en"><p>USD 900,000 a year is about MYR 4.09 million.</p>'
    "</wagecalc-equivalents>"
)
#: True once the element shows the story's headline figure: the time is taken there.
_WIDGET_DONE = """() => {
    const e = document.querySelector("wagecalc-equivalents");
    const head = e && e.shadowRoot && e.shadowRoot.querySelector(".head");
    return head && /4,094,556/.test(head.textContent) ? performance.now() : false;
}"""
_BASELINE_DONE = """() => {
    const out = document.getElementById("out");
    return out && /4094556/.test(out.textContent) ? performance.now() : false;
}"""


def _pages(site: PageServer, api: str) -> None:
    # The current widget, and v1 (its bytes as last published, kept for the pages that
    # embed them) for comparison in the same run.
    for kind, version in (("widget", "v2"), ("widget-v1", "v1")):
        site.pages[f"/{kind}"] = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widget</title>'
            f'<script type="module" src="{api}/widget/{version}/wagecalc.js" '
            f'crossorigin="anonymous"></script></head><body>{_ELEMENT}</body></html>',
            {},
        )
    # No CSP on this page: its one inline script fetches the same answer and writes it.
    site.pages["/baseline"] = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title>'
        '</head><body><pre id="out"></pre><script>'
        f'fetch("{api}/v1/equivalents?{_QUERY}").then(r => r.text())'
        '.then(t => { document.getElementById("out").textContent = t; });'
        "</script></body></html>",
        {},
    )


#: Checks ``DONE`` (one of the functions above) in every animation frame from the start of
#: the document, and keeps its first time.
_WATCH = """(() => {
    const done = DONE;
    const tick = () => {
        const at = done();
        if (at) window.__wagecalcShown = at;
        else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();"""
#: Where the time went, from the page's Resource Timing: each request to the service (the
#: module, then the answer) as [path, start, end] in ms since navigation.
_TIMELINE = """(api) => performance.getEntriesByType("resource")
    .filter((e) => e.name.startsWith(api))
    .map((e) => [new URL(e.name).pathname, e.startTime, e.responseEnd])"""


def _load(
    browser: Any, url: str, api: str, done: str, timeline: list[str] | None = None
) -> tuple[int, int, float]:
    """One cold load: requests to ``api``, their bytes, ms from navigation to ``done``
    (and, into ``timeline``, when each request started and ended)."""
    context = browser.new_context()
    # The page itself notes when the answer is first there, in the first animation frame
    # that has it (before any page script runs, this checks every frame). Asking from
    # Playwright instead (wait_for_function after goto) notes when Playwright's first check
    # reached the page: after the load event and a round trip to this process, which on a
    # loaded machine came 100-400 ms after the answer was on screen.
    context.add_init_script(_WATCH.replace("DONE", done))
    try:
        page = context.new_page()
        finished: list[Any] = []
        page.on("requestfinished", lambda r: finished.append(r) if r.url.startswith(api) else None)
        page.goto(url)
        ms = float(page.wait_for_function("() => window.__wagecalcShown").json_value())
        page.wait_for_load_state("networkidle")
        sizes = [r.sizes() for r in finished]
        transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        if timeline is not None:
            entries = page.evaluate(_TIMELINE, api)
            timeline.append(
                "  ".join(f"{p.rsplit('/', 1)[-1]} {a:.0f}-{b:.0f}" for p, a, b in entries)
                + f"  answer shown {ms:.0f}"
            )
        return len(finished), transferred, ms
    finally:
        context.close()


def measure(
    runs: int = 5, timeline: list[str] | None = None
) -> dict[str, list[tuple[int, int, float]]]:
    """``runs`` cold loads of the widget page and of the baseline page, after one warm-up
    (with each widget load's requests, in ms since navigation, added to ``timeline``)."""
    from playwright.sync_api import sync_playwright

    site = PageServer()
    port = free_port()
    site.start()
    process = start_server(port, env=clean_env(WAGECALC_CORS_ORIGINS=site.origin))
    results: dict[str, list[tuple[int, int, float]]] = {
        "widget": [],
        "widget-v1": [],
        "baseline": [],
    }
    try:
        wait_ready(port, process)
        api = f"http://127.0.0.1:{port}"
        _pages(site, api)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            try:
                for n in range(runs + 1):
                    # Alternate, so every kind sees the same moments of the machine.
                    for kind, done in (
                        ("widget", _WIDGET_DONE),
                        ("widget-v1", _WIDGET_DONE),
                        ("baseline", _BASELINE_DONE),
                    ):
                        times = timeline if n and kind == "widget" else None
                        result = _load(browser, f"{site.origin}/{kind}", api, done, times)
                        if n:
                            results[kind].append(result)
            finally:
                browser.close()
    finally:
        site.close()
        process.terminate()
        process.communicate(timeout=30)
    return results


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 5
    timeline: list[str] = []
    results = measure(runs, timeline)
    print("widget loads, ms since navigation: each request's start-end, then the answer")
    for line in timeline:
        print(f"  {line}")
    medians: dict[str, float] = {}
    for kind, rows in results.items():
        for count, size, ms in rows:
            print(f"{kind:9} requests {count}  bytes {size:6}  answer {ms:7.1f} ms")
        medians[kind] = statistics.median(ms for _, _, ms in rows)
        count_median = statistics.median(r for r, _, _ in rows)
        size_median = statistics.median(b for _, b, _ in rows)
        print(
            f"{kind:9} median: {count_median:g} requests, {size_median:g} bytes, "
            f"{medians[kind]:.1f} ms"
        )
    for kind in ("widget", "widget-v1"):
        ratio = medians[kind] / medians["baseline"]
        print(f"{kind} / baseline (time to answer, medians): {ratio:.2f}")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
