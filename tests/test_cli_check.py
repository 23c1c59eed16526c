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


DETAILS = {
    "zh-Hans": [
        "报道数字  MYR\u00a0430万：MYR\u00a04,250,000至MYR\u00a04,350,000",
        "当日      按2023-07-31的汇率为MYR\u00a04,058,123.92",
        "检查期间  2023-07-01至2023-07-31，共21个汇率",
        "最高      2023-07-10：MYR\u00a04,203,039.43",
        "隐含汇率  1 USD = 4.7778 MYR（高于检查期间的范围）",
        "此前      2022-10-20至2022-11-08，共12个汇率",
    ],
    "zh-Hant": [
        "報道數字  MYR\u00a0430萬：MYR\u00a04,250,000至MYR\u00a04,350,000",
        "隱含匯率  1 USD = 4.7778 MYR（高於檢查期間的範圍）",
        "此後      2023-10-03至2023-11-03，共21個匯率",
    ],
    "ms": [
        "dilaporkan  RM\u00a04.3 juta: RM\u00a04,250,000 hingga RM\u00a04,350,000",
        "tertinggi   RM\u00a04,203,039.43 pada 2023-07-10",
        "tersirat    1 USD = 4.7778 MYR (di atas julat tempoh itu)",
        "sebelum     2022-10-20 hingga 2022-11-08, 12 kadar",
    ],
    "en": [
        "implied   1 USD = 4.7778 MYR (above the window's range)",
        "searched  2005-04-01 to 2026-10-30",
    ],
}


@pytest.mark.parametrize("locale", sorted(DETAILS))
def test_check_details_are_in_the_readers_language(
    locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every detail row under the verdict (labels, ranges, counts, the implied rate to four
    decimals) in each shipped language, aligned for East Asian wide characters."""
    argv = ["check", "900000", "USD", "4.3 million", "MYR", "--date", "2023-07-31"]
    assert main([*argv, "--locale", locale]) == 0
    out = capsys.readouterr().out.splitlines()
    for line in DETAILS[locale]:
        assert line in out


def test_check_json_is_the_http_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the view the HTTP API answers with, in the asked locale."""
    argv = ["check", "900000", "USD", "430万", "MYR", "--date", "2023-07-31", "--locale", "zh-Hans"]
    assert main([*argv, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["locale"] == "zh-Hans" and body["highest"]["amount"] == "4203039.43"
    assert body["verdict"].endswith("上一次出现是在2022-11-08。")


def test_check_refuses_an_unreadable_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable figure exits 2 with a message naming the field."""
    assert main(["check", "900000", "USD", "lots", "MYR"]) == 2
    assert "reported 'lots'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["900000", "usd", "4.3 million", "MYR"], "from 'usd' must be upper case"),
        (["900000", "USD", "4.3 million", "XYZ"], "to 'XYZ' is not an ISO 4217"),
        (["900000", "USD", "4.3 million", "ALL"], "to ALL: the European Central Bank"),
        (["900000", "USD", "4.3m", "MYR", "--date", "31/07/2023"], "date '31/07/2023'"),
    ],
)
def test_check_errors_name_the_commands_arguments(
    argv: list[str], start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library names from_currency, to_currency and on; the command its own names."""
    assert main(["check", *argv]) == 2
    assert capsys.readouterr().err.startswith(f"wagecalc: error: {start}")
