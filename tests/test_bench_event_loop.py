"""bench/event_loop.py sends the request issue 25 names as the worst case, and the wrk script
it writes sends the same bodies."""

from __future__ import annotations

import json

from bench import event_loop


def test_the_worst_case_body() -> None:
    """10 salaries in 10 currencies, mean-120m, a new date for each request."""
    bodies = [json.loads(event_loop.worst_body(n)) for n in range(50)]
    assert all(len({s["currency"] for s in b["salaries"]}) == 10 for b in bodies)
    assert all(b["basis"] == "mean-120m" for b in bodies)
    assert len({b["date"] for b in bodies}) == 50
    assert json.loads(event_loop.worst_body(0, "spot"))["basis"] == "spot"


def test_the_wrk_script_sends_the_same_body_with_its_date() -> None:
    template = event_loop.worst_body(0).decode().replace(event_loop.FIRST_DAY.isoformat(), "%s")
    script = event_loop._WRK_SCRIPT.replace("BODY", template)
    body = script.split("[[", 1)[1].split("]]", 1)[0]
    assert body.count("%s") == 1
    assert json.loads(body.replace("%s", "2020-01-02"))["date"] == "2020-01-02"


def test_wrk_figures_are_read() -> None:
    output = (
        "  Latency Distribution\n     50%    4.10ms\n     99%   12.30ms\nRequests/sec:    812.50\n"
    )
    figures = event_loop._wrk_figures(output)
    assert figures == {"per_second": 812.5, "p99_ms": 12.3, "non_2xx": 0.0}
