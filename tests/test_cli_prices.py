"""``--in-prices-of`` on the command line: convert, compare and equivalents in real terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wagecalc.cli import main

STORY = (
    "USD\u00a0900,000 of July 2023 is USD\u00a0986,231.19 in prices of August 2026 (US CPI-U, BLS)."
)


def test_convert_states_the_adjustment(capsys: pytest.CaptureFixture[str]) -> None:
    """The sentence, the index's two values and months and its source, then the conversion."""
    argv = ["convert", "900000", "USD", "MYR", "--date", "2023-07-26", "--in-prices-of", "2026-08"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == STORY
    assert "305.691 (2023-07) → 334.980 (2026-08)" in out
    assert "CUUR0000SA0 <https://data.bls.gov/timeseries/CUUR0000SA0>" in out
    # 986,231.19… (unrounded) × 4.5495… MYR/USD of 2023-07-26: rounded once, at the end; the
    # line shows the moved amount, which the rate under it converts.
    assert "USD\u00a0986,231.19 a year = MYR\u00a04,486,865.91 a year" in out


def test_convert_json_carries_prices(capsys: pytest.CaptureFixture[str]) -> None:
    """--json has the HTTP API's `prices` object; without the option it has none."""
    argv = ["convert", "900000", "USD", "USD", "--date", "2023-07-26", "--json"]
    assert main([*argv, "--in-prices-of", "2026-08"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["to"]["amount"] == "986231.19"
    prices = body["prices"]
    assert (prices["from_month"], prices["from_value"]) == ("2023-07", "305.691")
    assert (prices["to_month"], prices["to_value"]) == ("2026-08", "334.980")
    assert prices["index"]["series"] == "CUUR0000SA0"
    assert prices["sentence"] == STORY
    assert main(argv) == 0
    assert "prices" not in json.loads(capsys.readouterr().out)


def test_compare_a_2023_salary_with_a_2025_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """Each salary from its own month (@YYYY-MM) into one set of prices, said once."""
    argv = [
        "compare",
        "PM=900000 USD/year@2023-07",
        "threshold=27540 USD/year@2025-01",
        "--in",
        "USD",
        "--date",
        "2023-07-26",
        "--in-prices-of",
        "2026-08",
        "--locale",
        "zh-Hans",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "金额均按2026年8月的物价计算（US CPI-U, BLS）。"
    assert "2025年1月的US$27,540，按2026年8月的物价计算为US$29,040.58（US CPI-U, BLS）。" in out
    assert main([*argv, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["in_prices_of"] == "2026-08"
    assert [s["per_period"]["year"] for s in body["salaries"]] == ["986231.19", "29040.58"]
    assert body["salaries"][1]["prices"]["from_month"] == "2025-01"


def test_equivalents_use_the_rules_of_the_target_month(capsys: pytest.CaptureFixture[str]) -> None:
    """The moved amount against the rules in force at the end of the month asked."""
    argv = ["equivalents", "900000", "USD", "--date", "2023-07-26", "--rules", "story"]
    assert main([*argv, "--in-prices-of", "2026-08", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["rules_date"] == "2026-08-31"
    assert body["prices"]["adjusted"] == "986231.19"
    threshold = next(e for e in body["equivalents"] if e["kind"] == "threshold")
    assert threshold["rule_amount"]["amount"] == "27540"
    assert threshold["sentence"].startswith("USD\u00a0986,231.19 a year is enough")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--in-prices-of", "2026-13"], "--in-prices-of '2026-13' is not a month YYYY-MM"),
        (["--in-prices-of", "1800-01"], "the index runs from 1913-01 to 2026-08"),
        (["--in-prices-of", "NaN"], "--in-prices-of 'NaN' is not a month YYYY-MM"),
    ],
)
def test_bad_months_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A malformed month or one outside the index: exit 2 and one line saying why."""
    assert main(["convert", "900000", "USD", "MYR", "--date", "2023-07-26", *argv]) == 2
    assert message in capsys.readouterr().err


def test_no_index_for_myr_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    """No MYR index is shipped: the error says so and names the currency argument."""
    argv = ["convert", "1500", "MYR", "USD", "--date", "2023-07-26", "--in-prices-of", "2026-08"]
    assert main(argv) == 2
    assert "no price index is held for MYR" in capsys.readouterr().err


def test_an_operator_index_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WAGECALC_PRICE_INDEXES adds a table the CLI then uses for its currency."""
    (tmp_path / "my.toml").write_text(
        'id = "my-test"\ncurrency = "MYR"\ntitle = "t"\nshort = "MY test index"\n'
        'publisher = "p"\nseries = "s"\nurl = "u"\nlicence = "l"\n'
        '[values]\n"2023-07" = "100"\n"2026-08" = "110"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("WAGECALC_PRICE_INDEXES", str(tmp_path))
    argv = ["convert", "1500", "MYR", "MYR", "--date", "2023-07-26", "--in-prices-of", "2026-08"]
    assert main([*argv, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["to"]["amount"], body["prices"]["index"]["short"]) == ("1650.00", "MY test index")
