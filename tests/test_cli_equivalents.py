"""The ``wagecalc equivalents``, ``compare`` and ``rules`` commands, and rule files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from wagecalc.cli import main
from wagecalc.rules import RULES_ENV, default_rules

STORY_DAY = dt.date(2023, 7, 26)
STORY = ["--date", "2023-07-26"]

OVERRIDE = """
title = "Background actors after the 2023 contract"
locales = ["en"]

[[rules]]
id = "sag-aftra-background-actor-day"
kind = "wage"
amount = "250"
currency = "USD"
per = "day"
as_of = 2023-07-01
tags = ["sag-aftra", "wages", "story"]
source = { title = "A local override", publisher = "Tests", date = 2024-07-01 }
labels.en.one = "day of background-actor pay (override)"
labels.en.other = "days of background-actor pay (override)"
"""


@pytest.fixture(autouse=True)
def _no_rules_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own WAGECALC_RULES must not leak into these tests."""
    monkeypatch.delenv(RULES_ENV, raising=False)


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def test_equivalents_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Human output: each sentence, where its figure comes from and since when, then the
    rules version: words for readers, no rule ids."""
    assert main(["equivalents", "900000", "USD", *STORY, "--rules", "story"]) == 0
    out = capsys.readouterr().out
    health = default_rules().rules["sag-aftra-health-eligibility"].value_on(STORY_DAY)
    assert health is not None
    assert out.splitlines()[0].startswith(
        "USD\u00a0900,000 a year is enough to meet the SAG-AFTRA Health Plan earnings "
        "threshold of 34 actors ("
    )
    assert out.splitlines()[1] == (
        f"    Source: {health.source.publisher}, {health.source.title} "
        f"(in force from {health.in_force_from})."
    )
    assert "    figure for 2023" in out
    assert "is about 34.6 years of pay at a level 87% of SAG-AFTRA members do not reach" in out
    assert "sag-aftra-health-eligibility" not in out
    assert out.splitlines()[-1] == (
        f"Rules {default_rules().version}, values in force on 2023-07-26."
    )


def test_equivalents_on_2019_leaves_out_rules_without_a_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """2019-06-01: MYR 1,100 minimum wage, no health threshold; the left-out rules say why."""
    assert main(["equivalents", "900000", "USD", "--date", "2019-06-01"]) == 0
    out = capsys.readouterr().out
    assert "months at the Malaysian minimum wage (MYR\u00a01,100 a month)." in out
    assert "earnings threshold of" not in out
    assert (
        "No SAG-AFTRA Health Plan earnings threshold is held for 2019-06-01: the first one held "
        "is in force from 2021-01-01."
    ) in out


def test_equivalents_on_2026_11_27_use_the_current_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """2026-11-27: MYR 1,700 and exactly one health threshold: 2025's USD 27,540, the last
    sourced year, said so; the premiums and union rate, with no sourced value, are left out."""
    assert main(["equivalents", "900000", "USD", "--date", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "(MYR\u00a01,700 a month)" in out
    assert out.count("earnings threshold of") == 1
    assert "(USD\u00a027,540 a year each)" in out
    assert (
        "    No later figure was found: the last sourced one (2025) is used for 2026-11-27.\n"
    ) in out
    assert [line for line in out.splitlines() if line.startswith("No ")] == [
        "No SAG-AFTRA background-actor union minimum day rate is held for 2026-11-27: the last "
        "one held covers the period to 2017-06-30.",
        "No background-actor day rate as reported in July 2023 is held for 2026-11-27: the last "
        "one held covers the period to 2023-11-08.",
        "No SAG-AFTRA Health Plan premium for the member alone is held for 2026-11-27: the "
        "last one held covers the period to 2022-12-31.",
        "No SAG-AFTRA Health Plan premium for the member and one dependant is held for "
        "2026-11-27: the last one held covers the period to 2022-12-31.",
        "No SAG-AFTRA Health Plan premium for the member and two or more dependants is held "
        "for 2026-11-27: the last one held covers the period to 2022-12-31.",
    ]
    # The rate of 2026-10-30 answers for 2026-11-27: said in words where it is shown.
    assert "rate of 2026-10-30, 28 days before the date asked)." in out


def test_rules_date_shows_what_is_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    """rules --date prints each rule's value in force that day, or why there is none."""
    assert main(["rules", "--date", "2019-06-01"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("my-minimum-wage "))
    assert "MYR\u00a01,100 a month from 2019-01-01" in line
    health = next(x for x in out.splitlines() if x.startswith("sag-aftra-health-eligibility "))
    assert "none: no value before 2021-01-01" in health
    assert out.splitlines()[-1].startswith("in force on 2019-06-01; version sha256:")
    body = _json(capsys, ["rules", "--date", "2026-11-27", "--json"])
    assert body["date"] == "2026-11-27"
    wage = next(r for r in body["rules"] if r["id"] == "my-minimum-wage")
    assert wage["in_force"]["amount"] == "1700"
    assert wage["in_force"]["in_force_from"] == "2025-02-01"
    assert len(wage["values"]) == 4


def test_rules_bad_date_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """rules --date with a malformed date: one error line, exit 2."""
    assert main(["rules", "--date", "2019-13-01"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_equivalents_human_output_shows_the_rate_for_other_currencies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A rule in another currency prints the rate used, its date and source."""
    assert main(["equivalents", "900000", "USD", *STORY, "--rules", "big-mac-my"]) == 0
    out = capsys.readouterr().out
    assert "buys 375,647 Big Macs at the Malaysian price, MYR\u00a010.90 each." in out
    assert "    figure for July 2022, published 2022-07-20" in out
    assert (
        "    Exchange rate: 1 USD = 4.5495 MYR (European Central Bank, rate of 2023-07-26)."
    ) in out


def test_equivalents_locale_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale zh-TW is negotiated to zh_Hant and the sentence is in Traditional Chinese."""
    argv = [
        "equivalents",
        "900000",
        "USD",
        *STORY,
        "--rules",
        "us-federal-minimum-wage",
    ]
    assert main([*argv, "--locale", "zh-TW"]) == 0
    out = capsys.readouterr().out
    assert "每年US$900,000相當於約124,137.9小時的美國聯邦最低工資收入（每小時US$7.25）。" in out
    assert "來源：" in out
    assert out.rstrip().endswith("採用2023-07-26生效的數值。")


def test_equivalents_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json has amount, requested_date, schedule, locale, rules_version and equivalents[]."""
    body = _json(
        capsys,
        ["equivalents", "900000", "USD", *STORY, "--rules", "story,big-mac-my", "--json"],
    )
    assert set(body) == {
        "amount",
        "requested_date",
        "schedule",
        "locale",
        "rules_version",
        "rules_date",
        "equivalents",
        "not_in_force",
        "conversion",  # the view's: null here (the HTTP API fills it for to=)
    }
    assert body["conversion"] is None
    assert body["amount"] == {
        "amount": "900000",
        "currency": "USD",
        "period": "year",
        "formatted": "USD\u00a0900,000.00",
    }
    assert body["requested_date"] == "2023-07-26"
    assert body["schedule"] == "us-2080"
    assert body["locale"] == "en"
    assert body["rules_version"] == default_rules().version
    items = {item["rule"]: item for item in body["equivalents"]}
    assert list(items) == [
        "big-mac-my",
        "sag-aftra-health-eligibility",
        "sag-aftra-background-actor-day-reported",
        "sag-aftra-members-87-percent-line",
    ]
    health = items["sag-aftra-health-eligibility"]
    assert health["kind"] == "threshold"
    assert health["count"] == "34"
    assert health["count_exact"].startswith("34.00075557234605213449")
    assert health["approximate"] is False
    assert health["sentence"].startswith("USD\u00a0900,000 a year is enough to meet")
    assert health["rule_amount"] == {
        "amount": "26470",
        "currency": "USD",
        "period": "year",
        "formatted": "USD\u00a026,470.00",
    }
    source = health["source"]
    assert source["publisher"] == "Deadline (Katie Campione), as carried by NewsBreak"
    assert source["url"].startswith("https://newsbreak.com/")
    assert "$26,470" in source["quote"]
    assert source["retrieved"] == "2026-12-07"
    assert (health["period"], health["through"], health["carried_forward"]) == (
        "2023",
        "2023-12-31",
        False,
    )
    assert health["in_force_from"] == "2023-01-01"
    assert body["rules_date"] == "2023-07-26"
    assert body["not_in_force"] == []
    assert health["conversion"] is None
    mac = items["big-mac-my"]
    assert mac["count"] == "375647"
    assert (mac["period"], mac["published"]) == ("July 2022", "2022-07-20")
    conversion = mac["conversion"]
    assert (conversion["base"], conversion["target"]) == ("USD", "MYR")
    assert conversion["rate_date"] == "2023-07-26"
    assert conversion["value"] == "4.54950718872"
    assert conversion["source"]["name"] == "ecb"
    for item in body["equivalents"]:
        assert isinstance(item["count"], str)


def test_compare_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    """LABEL=AMOUNT CODE/PERIOD salaries print per-period figures and both time-to-earn lines."""
    argv = ["compare", "PM=900000 USD/year", "background actor=200 USD/day", "--in", "MYR", *STORY]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("PM: MYR\u00a01,968.54 an hour, MYR\u00a015,748.29 a day")
    assert out[0].endswith("MYR\u00a0341,213.04 a month, MYR\u00a04,094,556.47 a year")
    assert out[1].endswith("MYR\u00a019,714.53 a month, MYR\u00a0236,574.37 a year")
    assert out[2] == (
        "PM earns in about 15 working days (120.2 hours) what background actor earns in a "
        "year. (×17.31)"
    )
    assert out[3] == (
        "Background actor earns in 4,500 working days (36,000 hours) what PM earns in a year. "
        "(×0.05778)"
    )
    assert (
        out[4] == "Exchange rate: 1 USD = 4.5495 MYR (European Central Bank, rate of 2023-07-26)."
    )


def test_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    """compare --json gives labels, per-period strings, the rate and the pairs."""
    body = _json(
        capsys,
        ["compare", "PM=900000 USD/year", "200 USD/day", "--in", "MYR", *STORY, "--json"],
    )
    assert body["currency"] == "MYR"
    first, second = body["salaries"]
    assert first["label"] == "PM"
    assert second["label"] == "USD\u00a0200 a day"  # no label given: the figure, in words
    assert first["per_period"]["year"] == "4094556.47"
    assert first["per_period"]["month"] == "341213.04"
    assert second["per_period"]["year"] == "236574.37"
    assert first["rate"]["rate_date"] == "2023-07-26"
    pair = body["pairs"][0]
    assert (pair["ratio"], pair["days_to_earn"], pair["hours_to_earn"]) == (
        "17.31",
        "15.0",
        "120.2",
    )
    assert pair["difference_per_year"] == "3857982.10"


def test_compare_bad_salary_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed salary prints an error naming salaries[i] and exits 2."""
    assert main(["compare", "PM=900000 USD/year", "200 usd/day", "--in", "MYR"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wagecalc: error: salaries[1].currency 'usd' must be upper case")


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    """rules --json lists the version, the packaged files and the rules with sources."""
    body = _json(capsys, ["rules", "--date", "2023-07-26", "--json"])
    assert body["version"] == default_rules().version
    assert [Path(f).name for f in body["files"]] == [
        "big-mac.toml",
        "sag-aftra.toml",
        "wages-and-prices.toml",
    ]
    assert len(body["rules"]) == len(default_rules().rules) == 82
    health = next(r for r in body["rules"] if r["id"] == "sag-aftra-health-eligibility")
    assert (health["kind"], health["per"]) == ("threshold", "year")
    assert (health["in_force"]["amount"], health["in_force"]["currency"]) == ("26470", "USD")
    assert [v["amount"] for v in health["values"]] == ["25950", "26470", "27000", "27540"]
    assert [v["period"] for v in health["values"]] == ["2021", "2023", "2024", "2025"]
    assert health["not_in_force_reason"] is None
    assert health["tags"] == ["sag-aftra", "health", "story"]
    assert health["labels"]["zh_Hans"] == {"other": "名演员"}
    wage = next(r for r in body["rules"] if r["id"] == "us-federal-minimum-wage")
    assert wage["in_force"]["amount"] == "7.25"


def test_rules_file_overrides_a_packaged_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rules-file with a rule of the same id replaces it in rules and equivalents."""
    path = tmp_path / "override.toml"
    path.write_text(OVERRIDE, encoding="utf-8")
    body = _json(capsys, ["--rules-file", str(path), "rules", "--json"])
    assert body["files"][-1] == str(path)
    assert body["version"] != default_rules().version
    assert len(body["rules"]) == len(default_rules().rules)
    rule = next(r for r in body["rules"] if r["id"] == "sag-aftra-background-actor-day")
    assert rule["in_force"]["amount"] == "250"
    argv = ["--rules-file", str(path), "equivalents", "900000", "USD", *STORY]
    assert main([*argv, "--rules", "sag-aftra-background-actor-day"]) == 0
    out = capsys.readouterr().out
    assert (
        "USD\u00a0900,000 a year is 3,600 days of background-actor pay (override) "
        "(USD\u00a0250 a day)."
    ) in out
    assert f"Rules {body['version']}," in out


def test_rules_env_variable_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """WAGECALC_RULES names extra tables just as --rules-file does."""
    (tmp_path / "override.toml").write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    body = _json(capsys, ["rules", "--json"])
    assert body["files"][-1] == str(tmp_path / "override.toml")
    rule = next(r for r in body["rules"] if r["id"] == "sag-aftra-background-actor-day")
    assert rule["in_force"]["amount"] == "250"


@pytest.mark.parametrize("command", [["rules"], ["equivalents", "900000", "USD", *STORY]])
def test_broken_rules_file_is_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A broken rules file exits 2 with one error line naming the file, rule and field."""
    path = tmp_path / "broken.toml"
    path.write_text(OVERRIDE.replace('amount = "250"', "amount = 250.0"), encoding="utf-8")
    assert main(["--rules-file", str(path), *command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"wagecalc: error: {path}: rule 'sag-aftra-background-actor-day': "
        "amount: Expected `str | null`, got `float`\n"
    )
    assert "Traceback" not in captured.err


def test_missing_rules_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rules file that does not exist exits 2 naming it."""
    path = tmp_path / "missing.toml"
    assert main(["--rules-file", str(path), "rules"]) == 2
    assert capsys.readouterr().err == f"wagecalc: error: {path}: the rules file does not exist\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["equivalents", "900000", "USD", "--rules", "nope"], "rules: no rule or tag 'nope'"),
        (["equivalents", "NaN", "USD"], "amount must be a finite number"),
        (["equivalents", "900000", "usd"], "currency 'usd' must be upper case"),
        (["equivalents", "900000", "USD", "--locale", "en US"], "locale 'en US' is not a locale"),
        (["compare", "900000 USD/year", "--in", "MYR"], "salaries: compare 2 to 10 salaries"),
    ],
)
def test_input_errors_are_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad arguments print 'wagecalc: error: …' on stderr and exit 2."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("wagecalc: error: ")
    assert message in captured.err


@pytest.mark.parametrize("command", [["rules"], ["equivalents", "900000", "USD", *STORY]])
def test_overlapping_values_are_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Two values of one rule for the same date stop the CLI: exit 2, one line naming the field."""
    value = (
        '[[rules.values]]\nin_force_from = 2023-01-01\namount = "{amount}"\ncurrency = "USD"\n'
        'source = {{ title = "t", publisher = "p", date = 2023-01-01 }}\n'
    )
    path = tmp_path / "overlap.toml"
    path.write_text(
        'locales = ["en"]\n[[rules]]\nid = "twice"\nkind = "wage"\nper = "day"\n'
        'labels.en = { one = "day", other = "days" }\n'
        + value.format(amount="200")
        + value.format(amount="250"),
        encoding="utf-8",
    )
    assert main(["--rules-file", str(path), *command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"wagecalc: error: {path}: rule 'twice': values[1].in_force_from: 2023-01-01 is the "
        "date of the value before (two values for one date)\n"
    )


def test_compare_human_output_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """zh-Hans: figures in the locale's order, full-width punctuation, the unlabelled salary
    named by its figure, the rate line in Chinese."""
    argv = ["compare", "PM=900000 USD/year", "200 USD/day", "--in", "MYR", *STORY]
    assert main([*argv, "--locale", "zh-Hans"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("PM：每小时MYR\u00a01,968.54，每天MYR\u00a015,748.29，")
    assert out[1].startswith("每天US$200：")
    assert out[2] == "PM工作约15天（120.2小时）的收入，等于每天US$200一年的收入（×17.31）。"
    assert out[4] == "汇率：1 USD = 4.5495 MYR（欧洲中央银行，2023-07-26的汇率）。"


def test_rules_listing_has_no_bracketed_plurals(capsys: pytest.CaptureFixture[str]) -> None:
    """'1 value', '4 values', 'from 3 files': never 'value(s)'."""
    assert main(["rules", "--date", "2023-07-26"]) == 0
    out = capsys.readouterr().out
    assert "(s)" not in out
    assert "(1 value)" in out and "values)" in out
    assert out.splitlines()[-1].endswith(" files")
