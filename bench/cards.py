"""``python -m bench.cards``: how long a cold PNG share card takes, against its JSON answer.

A cold card is one the response cache does not hold: each request below asks for
another amount, so every answer is computed, laid out and (for the PNG) drawn.
The requests go through the whole app in process (Litestar's TestClient: Edge,
the handler, the card, resvg); the same-run baseline is the JSON answer of the
same question, and the SVG card shows what the layout costs before drawing.
The first card of a new process (fonts and their width table loaded) and cards
whose labels are at their longest (60 characters, Latin and CJK) are timed too.
Figures are medians in milliseconds, of wall-clock time and of this process's CPU
time (the second is what a card costs when the machine is shared: on a loaded
2-core machine the wall clock also counts the waits for a core). The target
for a cold card is 250 ms.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlencode

from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.config import Settings
from wagecalc.raster import render_png

EQUIVALENTS = "/v1/equivalents?currency=USD&date=2023-07-26&rules=story&amount={n}"
COMPARE = "/v1/compare?b=200+USD/day&currency=MYR&date=2023-07-26&a={n}+USD/year"
LONG_LABELS = "&" + urlencode({"a_label": "W" * 60, "b_label": "薪" * 60})
_BLANK = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">'
    '<rect width="1200" height="630" fill="#fff"/></svg>'
)
_ONE_GLYPH = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
    '<text x="1" y="18" font-size="16" font-family="Noto Sans CJK SC">週</text></svg>'
)


def _median_ms(
    get: Callable[[str], object], template: str, start: int, count: int
) -> tuple[float, float]:
    """The medians of wall-clock and CPU milliseconds of ``count`` cold requests."""
    wall, cpu = [], []
    for n in range(start, start + count):
        url = template.format(n=n)
        began, began_cpu = time.perf_counter(), time.process_time()
        get(url)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _drawer(svg: str) -> Callable[[str], object]:
    """A ``get`` for :func:`_median_ms` that draws ``svg`` with resvg alone (URL ignored)."""

    def draw(_: str) -> bytes:
        return render_png(svg)

    return draw


def main(count: int = 25) -> None:
    with TestClient(app=create_app(Settings())) as client:

        def get(url: str) -> None:
            answer = client.get(url, headers={"Accept-Encoding": "identity"})
            assert answer.status_code == 200, answer.text

        first = _median_ms(
            get, EQUIVALENTS.replace("/v1/", "/v1/cards/", 1).replace("?", ".png?", 1), 1, 1
        )
        rows: list[tuple[str, tuple[float, float]]] = [("first PNG card of the process", first)]
        start = 100_000
        for name, template in (("equivalents", EQUIVALENTS), ("compare", COMPARE)):
            card = template.replace("/v1/", "/v1/cards/", 1).replace("?", ".{ext}?", 1)
            json_ms = _median_ms(get, template, start, count)
            svg_ms = _median_ms(get, card.replace("{ext}", "svg"), start + 1000, count)
            png_ms = _median_ms(get, card.replace("{ext}", "png"), start + 2000, count)
            rows += [
                (f"{name}: JSON (baseline)", json_ms),
                (f"{name}: SVG card", svg_ms),
                (f"{name}: PNG card", png_ms),
            ]
            start += 10_000
        long = COMPARE.replace("/v1/", "/v1/cards/", 1).replace("?", ".png?", 1) + LONG_LABELS
        rows.append(("compare: PNG card, 60-character labels", _median_ms(get, long, 7000, count)))
        hant = EQUIVALENTS.replace("/v1/", "/v1/cards/", 1).replace("?", ".png?", 1)
        rows.append(
            (
                "equivalents: PNG card, zh-Hant (TC font)",
                _median_ms(get, hant + "&locale=zh-Hant", 8000, count),
            )
        )
        # What resvg spends on, without the app: the canvas and its PNG encoding alone, the
        # fonts loaded for a one-glyph card, and the story's card (its ~600 glyphs).
        story = client.get(
            EQUIVALENTS.replace("/v1/", "/v1/cards/", 1).replace("?", ".svg?", 1).format(n=900000)
        ).text
        for name, svg in (
            ("resvg alone: blank 1200×630 canvas + PNG", _BLANK),
            ("resvg alone: one glyph, the 8 font files loaded", _ONE_GLYPH),
            ("resvg alone: the story's equivalents card", story),
        ):
            rows.append((name, _median_ms(_drawer(svg), "{n}", 0, count)))
    baseline = {name.split(":")[0]: ms[1] for name, ms in rows if "baseline" in name}
    print(f"cold answers, median of {count}: wall ms, CPU ms, CPU ratio to the JSON answer")
    for name, (wall, cpu) in rows:
        base = baseline.get(name.split(":")[0])
        ratio = f"{cpu / base:6.1f}x" if base else ""
        print(f"  {name:50} {wall:8.1f} {cpu:8.1f} {ratio}")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
