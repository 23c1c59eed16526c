"""``wagecalc check``: the verdict first, then each figure with its date; errors exit 2."""

from __future__ import annotations

import json

import pytest

from wagecalc.cli import main


def test_check_prints_the_verdict_and_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The story's command prints the verdict, the July high and the last matching spell."""
    assert main(["check", "900000", "USD", "4.3 million", "MYR", "--date", "2023-07-31"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("No ECB rate from 2023-07-01 to 2023-07-31 gives about MYR")
    assert "highest   MYR\u00a04,203,039.43 on 2023-07-10" in out
    assert "before    2022-10-20 to 2022-11-08, 12 rates" in out


def test_check_json_is_the_http_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the view the HTTP API answers with, in the asked locale."""
    argv = ["check", "900000", "USD", "430万", "MYR", "--date", "2023-07-31", "--locale", "zh-Hans"]
    assert main([*argv, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["locale"] == "zh_Hans" and body["highest"]["amount"] == "4203039.43"
    assert body["verdict"].endswith("上一次出现是在2022-11-08。")


def test_check_refuses_an_unreadable_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable figure exits 2 with a message naming the field."""
    assert main(["check", "900000", "USD", "lots", "MYR"]) == 2
    assert "reported 'lots'" in capsys.readouterr().err
