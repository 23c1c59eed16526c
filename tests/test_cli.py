"""The ``wagecalc`` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wagecalc.cli import main


def test_convert_prints_amount_rate_date_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    """Human output names the result, the rate, its date and its source."""
    assert main(["convert", "900000", "USD", "MYR", "--date", "2023-07-26"]) == 0
    out = capsys.readouterr().out
    assert "USD\u00a0900,000.00 a year = MYR\u00a04,094,556.47 a year" in out
    assert "path      USD→EUR→MYR, spot" in out
    assert "4.54950718872" not in out  # prose rates have four decimals; --json every digit
    assert "Exchange rate: 1 USD = 4.5495 MYR (European Central Bank, rate of 2023-07-26)." in out
    assert "1 EUR = 5.0313 MYR on 2023-07-26" in out
    assert "European Central Bank" in out


CONVERT_LINES = {
    "zh-Hans": [
        "每年US$900,000.00 = 每年MYR\u00a04,094,556.47",
        "汇率：1 USD = 4.5495 MYR（欧洲中央银行，2023-07-26的汇率）。",
        "路径      USD→EUR→MYR, spot",
        "公布汇率  2023-07-26：1 EUR = 5.0313 MYR",
    ],
    "zh-Hant": [
        "每年US$900,000.00 = 每年MYR\u00a04,094,556.47",
        "匯率：1 USD = 4.5495 MYR（歐洲中央銀行，2023-07-26的匯率）。",
        "公布匯率  2023-07-26：1 EUR = 1.1059 USD",
    ],
    "ms": [
        "USD\u00a0900,000.00 setahun = RM\u00a04,094,556.47 setahun",
        "Kadar pertukaran: 1 USD = 4.5495 MYR (Bank Pusat Eropah, kadar bertarikh 2023-07-26).",
        "diterbitkan 1 EUR = 5.0313 MYR pada 2023-07-26",
    ],
}


@pytest.mark.parametrize("locale", sorted(CONVERT_LINES))
def test_convert_speaks_the_readers_language(
    locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--locale: the result, the rate line and the detail rows in the reader's language."""
    argv = ["convert", "900000", "USD", "MYR", "--date", "2023-07-26", "--locale", locale]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    for line in CONVERT_LINES[locale]:
        assert line in out
    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["locale"] == locale


def test_convert_json_has_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints from/to/rate with amounts as decimal strings and the rate's provenance."""
    assert (
        main(
            [
                "convert",
                "900000",
                "USD",
                "MYR",
                "--date",
                "2023-07-29",
                "--to-period",
                "month",
                "--json",
            ]
        )
        == 0
    )
    body = json.loads(capsys.readouterr().out)
    assert body["from"] == {
        "amount": "900000",
        "currency": "USD",
        "period": "year",
        "formatted": "USD\u00a0900,000.00",
    }
    assert body["to"]["amount"] == "341587.19"
    assert body["to"]["period"] == "month"
    rate = body["rate"]
    assert rate["requested_date"] == "2023-07-29"
    assert rate["rate_date"] == "2023-07-28"
    assert rate["fallback"] == "not-published"
    assert rate["age_days"] == 1
    assert rate["path"] == ["USD", "EUR", "MYR"]
    assert rate["source"]["name"] == "ecb"
    assert set(rate) >= {
        "value",
        "requested_date",
        "rate_date",
        "fallback",
        "age_days",
        "path",
        "source",
    }


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["convert", "NaN", "USD", "MYR"], "amount must be a finite number"),
        (["convert", "-5", "USD", "MYR"], "amount must be positive"),
        (["convert", "1e999", "USD", "MYR"], "exponent"),
        (["convert", "100", "usd", "MYR"], "from 'usd' must be upper case: 'USD'"),
        (["convert", "100", "USD", "XYZ"], "to 'XYZ' is not an ISO 4217 currency"),
        (["convert", "100", "USD", "MYR", "--date", "2023-02-30"], "is not a date that exists"),
        (["convert", "100", "USD", "MYR", "--date", "1990-01-01"], "MYR has rates for 2005-04-01"),
        (["convert", "100", "USD", "MYR", "--period", "fortnight"], "not a pay period"),
        (["convert", "100", "USD", "MYR", "--schedule", "nope"], "not a schedule"),
        (["convert", "100", "USD", "MYR", "--basis", "mean"], "not a rate basis"),
        (["convert", "100", "USD", "MYR", "--rounding", "nearest"], "invalid choice"),
        (["convert", "100", "USD"], "required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_errors_go_to_stderr_with_status_2(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every bad argument exits 2 with a one-line message on stderr and nothing on stdout."""
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_currencies_lists_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    """`currencies` lists each convertible currency with its date ranges."""
    assert main(["currencies", "--json"]) == 0
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["MYR"]["first_date"] == "2005-04-01"
    assert rows["RUB"]["last_date"] == "2022-03-01"
    assert rows["EUR"]["minor_units"] == 2
    assert len(rows["ISK"]["ranges"]) == 2


def test_schedules_lists_presets_with_citations(capsys: pytest.CaptureFixture[str]) -> None:
    """`schedules` shows each preset's hours and where it comes from."""
    assert main(["schedules"]) == 0
    out = capsys.readouterr().out
    assert "us-opm-2087" in out
    assert "5 U.S.C. 5504(b)" in out


def test_installed_console_script_runs() -> None:
    """The installed `wagecalc` entry point works as a separate process."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wagecalc",
            "convert",
            "200",
            "USD",
            "USD",
            "--period",
            "day",
            "--to-period",
            "year",
            "--date",
            "2023-07-26",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "USD\u00a0200.00 a day = USD\u00a052,000.00 a year" in done.stdout


def test_cli_reads_the_prepared_rates_from_the_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like the service, the CLI keeps the parsed history in WAGECALC_CACHE_DIR and reads it."""
    monkeypatch.delenv("WAGECALC_RATES_FILE", raising=False)
    monkeypatch.setenv("WAGECALC_CACHE_DIR", str(tmp_path))
    argv = ["convert", "900000", "USD", "MYR", "--date", "2023-07-26", "--json"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    prepared = list(tmp_path.glob("ecb-*-v*.bin"))
    assert len(prepared) == 1
    written = prepared[0].stat().st_mtime_ns
    assert main(argv) == 0
    assert capsys.readouterr().out == first  # the same answer from the prepared form
    assert prepared[0].stat().st_mtime_ns == written  # read, not written again
    assert '"amount": "4094556.47"' in first


def test_cli_uses_the_rates_file_as_the_service_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """WAGECALC_RATES_FILE replaces the embedded history for the CLI too."""
    rates = tmp_path / "rates.csv"
    rates.write_text("Date,USD,MYR,\n2023-07-26,2,8,\n2023-07-25,1.1051,5.0001,\n")
    monkeypatch.setenv("WAGECALC_RATES_FILE", str(rates))
    monkeypatch.setenv("WAGECALC_CACHE_DIR", "none")
    assert main(["convert", "100", "USD", "MYR", "--date", "2023-07-26", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["to"]["amount"] == "400.00"  # 100 × 8 / 2
    assert main(["currencies", "--json"]) == 0
    assert {c["code"] for c in json.loads(capsys.readouterr().out)} == {"EUR", "USD", "MYR"}


def test_cli_bad_rates_setting_is_exit_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing WAGECALC_RATES_FILE: one error line naming it, exit 2."""
    monkeypatch.setenv("WAGECALC_RATES_FILE", str(tmp_path / "missing.csv"))
    assert main(["convert", "1", "USD", "MYR"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "missing.csv" in err[0]
