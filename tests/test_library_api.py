"""The library as a Python user meets it: one import, the error table, typed options, README.

Each bad argument of the public functions raises its documented error class, names
the parameter as the function spells it, and says what to do in library terms.
"""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import wagecalc
from tests.conftest import TODAY
from wagecalc import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    AmountSyntaxError,
    AmountTooLargeError,
    AmountTooPreciseError,
    ConfigError,
    CurrencyCaseError,
    InvalidBasisError,
    InvalidDateError,
    InvalidPeriodError,
    InvalidRoundingError,
    InvalidSalaryError,
    InvalidScheduleError,
    Money,
    NoPriceIndexError,
    RateUnavailableError,
    UnknownCurrencyError,
    UnknownRuleError,
    UnsupportedCurrencyError,
    WagecalcError,
    adjust_for_prices,
    check_claim,
    compare,
    convert,
    convert_period,
    default_source,
    equivalents,
    load_rules,
    make_salary,
    parse_salary,
    round_to_minor_units,
)

ROOT = Path(__file__).resolve().parent.parent
STORY = "2023-07-26"
ISSUE_NAMES = [
    "convert",
    "compare",
    "equivalents",
    "make_salary",
    "parse_salary",
    "convert_period",
    "load_rules",
    "RuleSet",
    "Money",
]


@pytest.mark.parametrize("name", ISSUE_NAMES + [n for n in wagecalc.__all__ if n.endswith("Error")])
def test_one_import_gives_each_public_name(name: str) -> None:
    """``from wagecalc import X`` works for each public name and X is listed in __all__."""
    assert name in wagecalc.__all__
    value = getattr(importlib.import_module("wagecalc"), name)
    assert not isinstance(value, type(wagecalc)), f"{name} is a module"


def test_no_public_name_is_shadowed_by_a_module() -> None:
    """No submodule has a public name's name: importing it cannot replace the function."""
    modules = {info.name for info in pkgutil.iter_modules(wagecalc.__path__)}
    assert not modules & set(wagecalc.__all__)
    for module in modules - {"__main__"}:  # importing each leaves every public name as it was
        importlib.import_module(f"wagecalc.{module}")
    assert callable(wagecalc.compare) and callable(wagecalc.equivalents)
    assert all(not isinstance(getattr(wagecalc, n), type(wagecalc)) for n in wagecalc.__all__)


def test_every_name_in_all_resolves_and_dir_lists_it() -> None:
    for name in wagecalc.__all__:
        getattr(wagecalc, name)
    assert set(wagecalc.__all__) <= set(dir(wagecalc))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        wagecalc.nope  # type: ignore[attr-defined]  # noqa: B018


def test_rules_takes_ids_and_tags_as_the_cli_and_api_do() -> None:
    """``rules="story"`` selects as ``?rules=story`` does, the same as select= on the defaults."""
    by_rules = equivalents("900000", "USD", on=STORY, rules="story", today=TODAY)
    by_list = equivalents("900000", "USD", on=STORY, rules=["story"], today=TODAY)
    by_select = equivalents(
        "900000", "USD", on=STORY, rules=wagecalc.default_rules(), select="story", today=TODAY
    )
    assert by_rules.items and by_rules == by_list == by_select
    every = equivalents("900000", "USD", on=STORY, today=TODAY)
    assert len(every.items) > len(by_rules.items)
    with pytest.raises(TypeError, match="give the ids and tags once"):
        equivalents("900000", "USD", rules="story", select="big-mac")


def test_default_rules_are_read_once_per_process() -> None:
    assert wagecalc.default_rules() is wagecalc.default_rules()


def test_load_rules_takes_a_str_a_path_or_an_iterable(tmp_path: Path) -> None:
    table = ROOT / "src/wagecalc/data/big-mac.toml"
    one = load_rules(str(table), include_defaults=False)
    assert one.files == (str(table),)
    assert load_rules(table, include_defaults=False).version == one.version
    assert load_rules([str(table)], include_defaults=False).version == one.version
    assert load_rules(p for p in [table]).version == load_rules([table]).version
    with pytest.raises(TypeError, match="iterable of paths"):
        load_rules(3)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="does not exist"):
        load_rules(tmp_path / "missing.toml")


def test_an_enum_error_in_a_rule_table_lists_the_choices(tmp_path: Path) -> None:
    table = tmp_path / "bad.toml"
    table.write_text(
        'locales = ["en"]\n[[rules]]\nid = "x"\nkind = "fee"\nper = "item"\n'
        'labels = {en = {one = "x", other = "xs"}}\namount = "1"\ncurrency = "USD"\n'
        'as_of = 2023-01-01\nsource = {title = "t", publisher = "p", date = 2023-01-01}\n'
    )
    with pytest.raises(ConfigError, match="kind: Invalid enum value 'fee': use one of price, wage"):
        load_rules(table)


_RULE = (
    'locales = ["en"]\n[[rules]]\nid = "x"\nkind = "price"\nper = "item"\n'
    'labels = {en = {one = "x", other = "xs"}}\n'
)
_VALUE = '[[rules.values]]\nin_force_from = 2023-01-01\namount = "1"\ncurrency = "USD"\n'


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            _RULE
            + _VALUE
            + 'source = {title = "t", publisher = "p", date = 2023-01-01, '
            + 'date_precision = "yearly"}',
            "values[0].source.date_precision: Invalid enum value 'yearly': "
            "use one of day, month, undated",
        ),
        (
            'after_period = "use-lst"\n'.join([_RULE, _VALUE])
            + 'source = {title = "t", publisher = "p", date = 2023-01-01}',
            "after_period: Invalid enum value 'use-lst': use one of none, use-last",
        ),
        (
            _RULE
            + _VALUE
            + 'source = {title = "t", publisher = "p", date = 2023-01-01, as_written = ["pub"]}',
            "values[0].source.as_written[0]: Invalid enum value 'pub': use one of publisher, title",
        ),
    ],
    ids=["date_precision", "after_period", "as_written"],
)
def test_a_literal_error_in_a_rule_table_lists_the_choices(
    tmp_path: Path, toml: str, expected: str
) -> None:
    """A ``Literal`` field's bad value lists its choices, as an enum field's does."""
    table = tmp_path / "bad.toml"
    table.write_text(toml + "\n")
    with pytest.raises(ConfigError) as caught:
        load_rules(table)
    assert str(caught.value).endswith(expected), caught.value


def _eq(**kwargs: Any) -> Callable[[], object]:
    return lambda: equivalents(**{"amount": "900000", "currency": "USD", "on": STORY, **kwargs})


def _cv(**kwargs: Any) -> Callable[[], object]:
    args = {"amount": "900000", "from_currency": "USD", "to_currency": "MYR", "on": STORY}
    return lambda: convert(**{**args, **kwargs})


def _ck(**kwargs: Any) -> Callable[[], object]:
    args = {
        "amount": "900000",
        "from_currency": "USD",
        "reported": "4.3 million",
        "to_currency": "MYR",
        "on": "2023-07-31",
    }
    return lambda: check_claim(**{**args, **kwargs})


def _qt(
    base: str = "USD", target: str = "MYR", on: object = dt.date(2023, 7, 31)
) -> Callable[[], object]:
    return lambda: default_source().quote(base, target, on)  # type: ignore[arg-type]


_PM = make_salary("900000", "USD", "year", "PM")

#: (call, error class, field, a fragment of the message)
ERROR_TABLE: list[tuple[str, Callable[[], object], type[Exception], str | None, str]] = [
    ("amount NaN", _cv(amount="NaN"), AmountNotFiniteError, "amount", "finite"),
    ("amount 1,000", _cv(amount="1,000"), AmountSyntaxError, "amount", "plain decimal"),
    ("amount 0", _cv(amount="0"), AmountNotPositiveError, "amount", "greater than zero"),
    ("amount 1e16", _cv(amount="1e16"), AmountTooLargeError, "amount", "10^15"),
    ("amount 13 decimals", _cv(amount="1.0000000000001"), AmountTooPreciseError, "amount", "12"),
    ("from usd", _cv(from_currency="usd"), CurrencyCaseError, "from_currency", "'USD'"),
    ("to ZZZ", _cv(to_currency="ZZZ"), UnknownCurrencyError, "to_currency", "ISO 4217"),
    ("to VEF", _cv(to_currency="ALL"), UnsupportedCurrencyError, "to_currency", "publishes no"),
    ("on 1990", _cv(on="1990-01-01"), RateUnavailableError, "on", "has rates for"),
    ("on 26/07/2023", _cv(on="26/07/2023"), InvalidDateError, "on", "YYYY-MM-DD"),
    ("period fortnight", _cv(period="fortnight"), InvalidPeriodError, "period", "hour, day"),
    ("to_period YEAR", _cv(to_period="YEAR"), InvalidPeriodError, "to_period", "year"),
    ("schedule 40h", _cv(schedule="40h"), InvalidScheduleError, "schedule", "us-2080"),
    ("basis mean", _cv(basis="mean"), InvalidBasisError, "basis", "mean-"),
    ("rounding sideways", _cv(rounding="sideways"), InvalidRoundingError, "rounding", "half-up"),
    ("rules nope", _eq(rules="nope"), UnknownRuleError, "rules", "default_rules()"),
    ("select nope", _eq(rules=None, select="nope"), UnknownRuleError, "select", "default_rules"),
    ("eq currency usd", _eq(currency="usd"), CurrencyCaseError, "currency", "'USD'"),
    ("eq on 1990", _eq(currency="RUB"), RateUnavailableError, "on", "rate"),
    (
        "compare on 1990",
        lambda: compare([_PM, parse_salary("1 MYR/day")], "MYR", on="1990-01-01"),
        RateUnavailableError,
        "on",
        "rate",
    ),
    (
        "compare one salary",
        lambda: compare([_PM], "MYR"),
        WagecalcError,
        "salaries",
        "2 to 10",
    ),
    (
        "salary text",
        lambda: parse_salary("900000 USD a year"),
        InvalidSalaryError,
        "text",
        "AMOUNT CODE/PERIOD",
    ),
    ("salary text abc", lambda: parse_salary("abc"), InvalidSalaryError, "text", "900000 USD"),
    ("salary text usd", lambda: parse_salary("1 usd/year"), CurrencyCaseError, "text", "'USD'"),
    (
        "salary text period",
        lambda: parse_salary("1 USD/fortnight"),
        InvalidPeriodError,
        "text",
        "hour, day",
    ),
    (
        "salary text as label",
        lambda: parse_salary("1 USD/year", label="x" * 61),
        WagecalcError,
        "label",
        "60",
    ),
    (
        "make_salary usd",
        lambda: make_salary("1", "usd", "year", "x"),
        CurrencyCaseError,
        "currency",
        "'USD'",
    ),
    (
        "make_salary amount",
        lambda: make_salary("1,000", "USD", "year", "x"),
        AmountSyntaxError,
        "amount",
        "plain decimal",
    ),
    (
        "make_salary period",
        lambda: make_salary("1", "USD", "fortnight", "x"),  # type: ignore[arg-type]
        InvalidPeriodError,
        "period",
        "hour, day",
    ),
    (
        "make_salary month",
        lambda: make_salary("1", "USD", "year", "x", month="2023-13"),
        WagecalcError,
        "month",
        "YYYY-MM",
    ),
    ("check from usd", _ck(from_currency="usd"), CurrencyCaseError, "from_currency", "'USD'"),
    ("check to XYZ", _ck(to_currency="XYZ"), UnknownCurrencyError, "to_currency", "ISO 4217"),
    ("check to ALL", _ck(to_currency="ALL"), UnsupportedCurrencyError, "to_currency", "no rates"),
    ("check on 1990", _ck(on="1990-07-31"), RateUnavailableError, "on", "has rates for"),
    ("check on 31/07", _ck(on="31/07/2023"), InvalidDateError, "on", "YYYY-MM-DD"),
    (
        "prices to 2099",
        lambda: adjust_for_prices(Decimal(1), "USD", "2023-07", "2099-01"),
        NoPriceIndexError,
        "to_month",
        "2099-01",
    ),
    (
        "prices from 2099",
        lambda: adjust_for_prices(Decimal(1), "USD", "2099-01", "2023-07"),
        NoPriceIndexError,
        "from_month",
        "2099-01",
    ),
    (
        "prices to 2023-13",
        lambda: adjust_for_prices(Decimal(1), "USD", "2023-07", "2023-13"),
        WagecalcError,
        "to_month",
        "YYYY-MM",
    ),
    (
        "prices currency",
        lambda: adjust_for_prices(Decimal(1), "THB", "2023-07", "2024-07"),
        NoPriceIndexError,
        "currency",
        "no price index",
    ),
    ("quote base usd", _qt("usd", "MYR"), CurrencyCaseError, "base", "'USD'"),
    ("quote target XYZ", _qt("USD", "XYZ"), UnknownCurrencyError, "target", "ISO 4217"),
    ("quote base ALL", _qt("ALL", "USD"), UnsupportedCurrencyError, "base", "publishes no"),
    ("quote target ALL", _qt("USD", "ALL"), UnsupportedCurrencyError, "target", "publishes no"),
    ("quote on 1990", _qt(on=dt.date(1990, 1, 1)), RateUnavailableError, "on", "has rates for"),
    ("quote on 31/07", _qt(on="31/07/2023"), InvalidDateError, "on", "YYYY-MM-DD"),
    (
        "compare salary ALL",
        lambda: compare([_PM, make_salary("1", "ALL", "year", "B")], "MYR", on=STORY),
        UnsupportedCurrencyError,
        "salaries[1].currency",
        "publishes no",
    ),
    (
        "compare currency ALL",
        lambda: compare([_PM, _PM], "ALL"),
        UnsupportedCurrencyError,
        "currency",
        "publishes no",
    ),
    ("eq currency ALL", _eq(currency="ALL"), UnsupportedCurrencyError, "currency", "publishes no"),
    (
        "round jpy",
        lambda: round_to_minor_units(Decimal("1234.567"), "jpy"),
        CurrencyCaseError,
        "currency",
        "'JPY'",
    ),
    (
        "round XYZ",
        lambda: round_to_minor_units(Decimal("1234.567"), "XYZ"),
        UnknownCurrencyError,
        "currency",
        "ISO 4217",
    ),
    (
        "round bogus",
        lambda: round_to_minor_units(Decimal("1234.567"), "bogus"),
        UnknownCurrencyError,
        "currency",
        "ISO 4217",
    ),
    (
        "round currency 5",
        lambda: round_to_minor_units(Decimal(1), 5),  # type: ignore[arg-type]
        TypeError,
        None,
        "currency must be a str",
    ),
    (
        "round Infinity",
        lambda: round_to_minor_units(Decimal("Infinity"), "USD"),
        AmountNotFiniteError,
        "amount",
        "finite",
    ),
    (
        "round NaN",
        lambda: round_to_minor_units(Decimal("NaN"), "USD"),
        AmountNotFiniteError,
        "amount",
        "finite",
    ),
    (
        "round 1E+100",
        lambda: round_to_minor_units(Decimal("1E+100"), "USD"),
        AmountTooLargeError,
        "amount",
        "too many digits",
    ),
    (
        "round mode",
        lambda: round_to_minor_units(Decimal(1), "USD", "nearest"),  # type: ignore[arg-type]
        InvalidRoundingError,
        "mode",
        "half-even",
    ),
    (
        "period sNaN",
        lambda: convert_period(Decimal("sNaN"), "year", "month", "us-2080"),
        AmountNotFiniteError,
        "amount",
        "finite",
    ),
    ("Money usd", lambda: Money(Decimal(1), "usd"), CurrencyCaseError, "currency", "'USD'"),
    ("Money NaN", lambda: Money(Decimal("NaN"), "USD"), AmountNotFiniteError, "amount", "finite"),
    ("Money 1E+31", lambda: Money(Decimal("1E+31"), "USD"), AmountTooLargeError, "amount", "10^30"),
    ("Money float", lambda: Money(1.5, "USD"), TypeError, None, "floats cannot"),  # type: ignore[arg-type]
    ("Money int", lambda: Money(2, "USD"), TypeError, None, "Decimal(str(x))"),  # type: ignore[arg-type]
    ("amount float", _cv(amount=0.1), TypeError, None, "floats cannot hold money"),
    ("today before on", _cv(today="2023-07-01"), InvalidDateError, "today", "before on"),
    (
        "eq today before on",
        _eq(today=dt.date(2023, 1, 1)),
        InvalidDateError,
        "today",
        "leave today out",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "field", "fragment"),
    [row[1:] for row in ERROR_TABLE],
    ids=[row[0] for row in ERROR_TABLE],
)
def test_error_table(
    call: Callable[[], object], error: type[Exception], field: str | None, fragment: str
) -> None:
    """Each bad argument: its error class, the parameter it names, a message that helps."""
    with pytest.raises(error) as caught:
        call()
    assert getattr(caught.value, "field", None) == field
    message = str(caught.value)
    assert fragment in message, message
    if field is not None:
        assert message.startswith(field) or f" {field}" in message or "rate" in message, message
    # The library's messages speak Python: no HTTP route, no CLI command.
    assert "GET /" not in message and "`wagecalc " not in message
    assert "float" not in message or "float" in fragment


def test_no_float_hint_without_a_float() -> None:
    """A result's Money fed back as an amount is named as such, not called a float."""
    result = convert("900000", "USD", "MYR", on=STORY)
    with pytest.raises(TypeError) as caught:
        convert(result.exact, "MYR", "USD", on=STORY)  # type: ignore[arg-type]
    assert "float" not in str(caught.value) and "Money" in str(caught.value)
    with pytest.raises(WagecalcError) as precise:
        convert(result.exact.amount, "MYR", "USD", on=STORY)
    assert "result.target.amount" in str(precise.value)
    assert "float" not in str(precise.value)


def test_money_str_format_and_order() -> None:
    pay = Money(Decimal("341213.04"), "MYR")
    assert str(pay) == "MYR\u00a0341,213.04"
    assert pay.format("ms") == "RM\u00a0341,213.04"
    assert pay.format(locale="zh-Hans").endswith("341,213.04")
    assert sorted([pay * 2, pay, pay * 3]) == [pay, pay * 2, pay * 3]
    assert Money(Decimal("-5"), "USD") - Money(Decimal("1"), "USD") == Money(Decimal("-6"), "USD")
    assert str(Money(Decimal("1.005"), "USD")) == "USD\u00a01.00"  # shown rounded, kept exact


def test_a_format_spec_applies_to_the_formatted_amount() -> None:
    """``f"{money:>20}"`` aligns ``str(money)``; an empty spec is ``str(money)``."""
    pay = Money(Decimal("341213.04"), "MYR")
    assert f"{pay:>20}" == " " * 6 + "MYR\u00a0341,213.04"
    assert f"{pay:*<18}|" == "MYR\u00a0341,213.04****|"
    assert f"{pay}" == format(pay, "") == str(pay)
    assert f"{pay:^19}" == format(str(pay), "^19")
    with pytest.raises(ValueError, match="format code"):
        f"{pay:,.2f}"  # a number's spec: format pay.amount for digits


def test_the_http_api_keeps_its_own_field_names() -> None:
    """The API names ``date`` where the library names ``on`` (the contract is unchanged)."""
    from litestar.testing import TestClient

    from wagecalc.api import create_app

    with TestClient(create_app()) as client:
        answer = client.get(
            "/v1/equivalents", params={"amount": "900000", "currency": "RUB", "date": STORY}
        )
        assert answer.status_code == 404  # as before: a rate that does not exist
        assert [e["field"] for e in answer.json()["errors"]] == ["date"]
        answer = client.get(
            "/v1/convert", params={"amount": "1", "from": "USD", "to": "MYR", "date": "1990-01-01"}
        )
        assert [e["field"] for e in answer.json()["errors"]] == ["date"]
        answer = client.get(
            "/v1/equivalents", params={"amount": "1", "currency": "USD", "rules": "x"}
        )
        (error,) = answer.json()["errors"]
        assert (
            error["field"] == "rules"
            and "GET /v1/rules" in error["detail" if "detail" in error else "message"]
        )
        # /v1/check: the library's from_currency, to_currency and on are from, to and date.
        claim = {"amount": "900000", "from": "USD", "reported": "4.3m", "to": "MYR"}
        for changes, field, status in [
            ({"from": "ALL"}, "from", 404),
            ({"to": "ALL"}, "to", 404),
            ({"from": "usd"}, "from", 422),
            ({"date": "1990-07-31"}, "date", 404),
        ]:
            answer = client.get("/v1/check", params={**claim, "date": "2023-07-31", **changes})
            assert answer.status_code == status, answer.text
            (error,) = answer.json()["errors"]
            assert error["field"] == field, error
            assert error["message"].startswith((f"{field} ", "no European")), error
        # /v1/rates names its currencies base and symbols, the date date.
        for changes, field in [({"base": "ALL"}, "base"), ({"symbols": "ALL"}, "symbols")]:
            rates = {"base": "USD", "symbols": "MYR", "date": STORY, **changes}
            answer = client.get("/v1/rates", params=rates)
            (error,) = answer.json()["errors"]
            assert error["field"] == field and error["message"].startswith(field), error
        answer = client.get(
            "/v1/rates", params={"base": "USD", "symbols": "MYR", "date": "1990-01-01"}
        )
        assert [e["field"] for e in answer.json()["errors"]] == ["date"]
        # POST /v1/compare: a body's salaries[i].currency, as the body spells it.
        body = {
            "currency": "MYR",
            "date": STORY,
            "salaries": [
                {"label": "PM", "amount": "900000", "currency": "USD", "period": "year"},
                {"label": "X", "amount": "1", "currency": "usd", "period": "day"},
            ],
        }
        answer = client.post("/v1/compare", json=body)
        assert [e["field"] for e in answer.json()["errors"]] == ["salaries[1].currency"]
        body["salaries"][1]["currency"] = "ALL"  # type: ignore[index]
        answer = client.post("/v1/compare", json=body)
        assert [e["field"] for e in answer.json()["errors"]] == ["salaries[1].currency"]


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_a_typed_user_script_passes_mypy_strict_and_a_misspelt_option_fails(
    tmp_path: Path,
) -> None:
    """String options are Literals: ``rounding="sideways"``, ``period="yearly"`` and
    ``rule_per_year("quartre", …)`` are type errors in the user's code, found before it runs."""
    script = ROOT / "tests/typed/user_script.py"
    clean = _mypy(script)
    assert clean.returncode == 0, clean.stdout
    source = script.read_text()
    for good, bad in (
        ('rounding="half-up"', 'rounding="sideways"'),
        ('to_period="month"', 'to_period="monthly"'),
        ('rule_per_year("quarter"', 'rule_per_year("quartre"'),
    ):
        assert good in source
        misspelt = tmp_path / f"misspelt_{len(bad)}.py"
        misspelt.write_text(source.replace(good, bad))
        checked = _mypy(misspelt)
        assert checked.returncode == 1, checked.stdout
        assert re.search(
            r'incompatible type "Literal\[.(sideways|monthly|quartre).\]"', checked.stdout
        ), checked.stdout


@pytest.mark.parametrize(
    "page",
    ["README.md", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").glob("*.md")))],
)
def test_the_readme_and_docs_examples_run(page: str) -> None:
    """The Python examples of README.md and docs/, as doctests: what they show is what
    they print. A page without one passes only if it has no ``pycon`` block either."""
    text = (ROOT / page).read_text(encoding="utf-8")
    failures, tried = doctest.testfile(
        str(ROOT / page), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert failures == 0
    assert (tried > 0) == ("```pycon" in text)


@pytest.mark.parametrize(
    ("code", "on"), [("USD", "1998-06-01"), ("ALL", "2026-11-27"), ("EUR", None)]
)
def test_same_currency_needs_no_rate_on_any_date(code: str, on: str | None) -> None:
    """Before the first ECB rate, in a currency it never published, or in the future."""
    result = convert("52000", code, code, on=on, to_period="day", today=TODAY)
    assert result.target.amount == Decimal("200") * Decimal(1).scaleb(0)
    assert result.quote.path == (code,) and result.quote.legs == () and result.quote.age_days == 0
    pair = compare(
        [make_salary("52000", code, "year", "A"), make_salary("100", code, "day", "B")],
        code,
        on=on,
        today=TODAY,
    )
    assert pair.pairs[0].ratio == Decimal("2.000")


def test_the_cli_takes_the_api_amount_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    """``1e3`` and ``0900`` are refused by the CLI as by the API (--json prints its answer)."""
    from wagecalc.cli import main

    for amount in ("1e3", "0900", "1."):
        assert main(["convert", amount, "USD", "MYR", "--date", STORY]) == 2
        assert "plain decimal" in capsys.readouterr().err
    assert main(["compare", "1e3 USD/year", "200 USD/day", "--in", "MYR"]) == 2
    assert "salaries[0].amount" in capsys.readouterr().err
    assert main(["convert", "1000", "USD", "MYR", "--date", STORY]) == 0


def test_cli_output_reads_as_english(capsys: pytest.CaptureFixture[str]) -> None:
    """No "(s)", formatted figures, --help without reST markup, no POSIX locale tags."""
    from wagecalc.cli import main

    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "(s)" not in out
    assert re.search(r"\(\d+ values?\)", out) and re.search(r"from \d+ files?\n", out)
    assert re.search(r"USD\u00a0[\d,]+(\.\d+)? a year", out)
    assert main(["schedules"]) == 0
    out = capsys.readouterr().out
    assert "2,087 h/year" in out and "2087.000" not in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "``" not in capsys.readouterr().out
    assert main(["equivalents", "900000", "USD", "--date", STORY, "--locale", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    # The footer is in the locale's words, and no POSIX tag (zh_Hans) leaks into the output.
    assert out.rstrip().endswith(f"采用{STORY}生效的数值。") and "zh_Hans" not in out
    assert main(["equivalents", "900000", "USD", "--rules", "nope"]) == 2
    assert "rules: no rule or tag 'nope'; see `wagecalc rules`" in capsys.readouterr().err
