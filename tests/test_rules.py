"""Rule tables: the packaged defaults, overrides, the environment, and every config error."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from wagecalc.errors import ConfigError, UnknownRuleError
from wagecalc.rules import (
    RULES_ENV,
    RuleKind,
    RulePer,
    default_rules,
    load_rules,
    rule_paths_from_env,
)

STORY_IDS = [
    "sag-aftra-health-eligibility",
    "sag-aftra-background-actor-day-reported",
    "sag-aftra-members-87-percent-line",
]

#: The rules after the Big Mac table's (big-mac.toml loads first: file-name order).
OTHER_IDS = [
    "sag-aftra-health-eligibility",
    "sag-aftra-background-actor-day",
    "sag-aftra-background-actor-day-reported",
    "sag-aftra-members-87-percent-line",
    "sag-aftra-premium-participant",
    "sag-aftra-premium-one-dependent",
    "sag-aftra-premium-family",
    "us-federal-minimum-wage",
    "my-minimum-wage",
]
#: Every country in The Economist's data since 2019: the US, Malaysia, then by iso_a3 code.
BIG_MAC_COUNT = 73
DEFAULT_COUNT = BIG_MAC_COUNT + len(OTHER_IDS)
DEFAULT_FILES = ["big-mac.toml", "sag-aftra.toml", "wages-and-prices.toml"]

EN_LABELS = 'labels.en = { one = "widget", other = "widgets" }\n'


def _rule(
    rule_id: str = "x-rule",
    *,
    kind: str = '"threshold"',
    amount: str = '"100"',
    currency: str = '"USD"',
    per: str = '"year"',
    labels: str = EN_LABELS,
    extra: str = "",
) -> str:
    """One [[rules]] entry; each argument is the TOML value as written."""
    return (
        "[[rules]]\n"
        f'id = "{rule_id}"\n'
        f"kind = {kind}\n"
        f"amount = {amount}\n"
        f"currency = {currency}\n"
        f"per = {per}\n"
        "as_of = 2023-01-01\n"
        'source = { title = "A test figure", publisher = "Tests", date = 2023-01-01 }\n'
        f"{extra}{labels}"
    )


def _table(*rules: str, locales: str = '["en"]', head: str = "") -> str:
    return f'title = "test table"\nlocales = {locales}\n{head}' + "\n".join(rules)


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _default_ids() -> list[str]:
    ids = list(default_rules().rules)
    assert ids[:2] == ["big-mac-us", "big-mac-my"]
    return ids


def test_default_tables_load_their_rules_in_table_order() -> None:
    """The packaged tables give a Big Mac rule per country, then the 8 documented rules."""
    rules = default_rules()
    ids = _default_ids()
    assert len(ids) == DEFAULT_COUNT
    assert all(i.startswith("big-mac-") for i in ids[:BIG_MAC_COUNT])
    assert ids[BIG_MAC_COUNT:] == OTHER_IDS
    assert [Path(f).name for f in rules.files] == DEFAULT_FILES


def test_default_version_is_the_hash_of_the_packaged_tables() -> None:
    """The version is 'sha256:' + 16 hex digits of sha256 over each table's sha256, in order."""
    data = importlib.resources.files("wagecalc").joinpath("data")
    digest = hashlib.sha256()
    for name in DEFAULT_FILES:
        digest.update(hashlib.sha256(data.joinpath(name).read_bytes()).digest())
    version = default_rules().version
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", version)
    assert version == "sha256:" + digest.hexdigest()[:16]


def test_default_rule_fields_are_parsed_exactly() -> None:
    """Amounts are exact Decimals from TOML strings; kind, per and tags are typed."""
    rules = default_rules().rules
    health = rules["sag-aftra-health-eligibility"]
    assert (health.kind, health.per) == (RuleKind.THRESHOLD, RulePer.YEAR)
    assert [(v.in_force_from, v.amount, v.currency) for v in health.values] == [
        (dt.date(2021, 1, 1), Decimal("25950"), "USD"),
        (dt.date(2023, 1, 1), Decimal("26470"), "USD"),
        (dt.date(2024, 1, 1), Decimal("27000"), "USD"),
        (dt.date(2025, 1, 1), Decimal("27540"), "USD"),
    ]
    assert health.tags == ("sag-aftra", "health", "story")
    assert health.after_period == "use-last"
    assert health.values[3].source.publisher == "SAG-AFTRA Health Plan"
    assert rules["us-federal-minimum-wage"].values[0].amount == Decimal("7.25")
    assert rules["big-mac-my"].per is RulePer.ITEM
    assert rules["sag-aftra-premium-participant"].per is RulePer.QUARTER


def test_every_default_rule_has_labels_for_every_supported_locale() -> None:
    """Each packaged rule has en (one, other), zh_Hans, zh_Hant and ms (other) labels."""
    for rule in default_rules().rules.values():
        assert set(rule.labels) == {"en", "zh_Hans", "zh_Hant", "ms"}, rule.id
        assert set(rule.labels["en"]) == {"one", "other"}, rule.id
        for tag in ("zh_Hans", "zh_Hant", "ms"):
            assert set(rule.labels[tag]) == {"other"}, rule.id


def test_extra_table_adds_rules_after_the_defaults(tmp_path: Path) -> None:
    """An extra file's rules come after the packaged ones and record their origin."""
    path = _write(tmp_path, "extra.toml", _table(_rule("my-extra")))
    rules = load_rules([path])
    assert list(rules.rules)[-1] == "my-extra"
    assert len(rules.rules) == DEFAULT_COUNT + 1
    assert rules.rules["my-extra"].origin == str(path)
    assert rules.files[-1] == str(path)


def test_later_file_overrides_a_rule_by_id(tmp_path: Path) -> None:
    """A rule id defined again in a later file replaces the earlier one."""
    first = _write(tmp_path, "first.toml", _table(_rule("shared", amount='"100"')))
    second = _write(tmp_path, "second.toml", _table(_rule("shared", amount='"250"')))
    rules = load_rules([first, second], include_defaults=False)
    assert list(rules.rules) == ["shared"]
    assert rules.rules["shared"].values[0].amount == Decimal("250")
    assert rules.rules["shared"].origin == str(second)
    swapped = load_rules([second, first], include_defaults=False)
    assert swapped.rules["shared"].values[0].amount == Decimal("100")


def test_extra_file_overrides_a_packaged_rule(tmp_path: Path) -> None:
    """An extra table can replace a packaged rule; the count of rules stays the same."""
    text = _table(
        _rule("sag-aftra-background-actor-day", kind='"wage"', amount='"250"', per='"day"')
    )
    rules = load_rules([_write(tmp_path, "raise.toml", text)])
    assert len(rules.rules) == DEFAULT_COUNT
    replaced = rules.rules["sag-aftra-background-actor-day"]
    assert replaced.values[0].amount == Decimal("250")
    assert replaced.origin.endswith("raise.toml")


def test_directory_contributes_its_toml_files_in_name_order(tmp_path: Path) -> None:
    """A directory loads its *.toml files sorted by name (later wins) and ignores other files."""
    _write(tmp_path, "b.toml", _table(_rule("shared", amount='"2"'), _rule("only-b")))
    _write(tmp_path, "a.toml", _table(_rule("shared", amount='"1"'), _rule("only-a")))
    _write(tmp_path, "c.txt", "this is not a table")
    rules = load_rules([tmp_path], include_defaults=False)
    assert [Path(f).name for f in rules.files] == ["a.toml", "b.toml"]
    assert rules.rules["shared"].values[0].amount == Decimal("2")
    assert set(rules.rules) == {"shared", "only-a", "only-b"}


def test_include_defaults_false_loads_only_the_given_tables(tmp_path: Path) -> None:
    """Without the defaults, only the extra table's rules are present."""
    rules = load_rules(
        [_write(tmp_path, "t.toml", _table(_rule("lonely")))], include_defaults=False
    )
    assert list(rules.rules) == ["lonely"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("/a/rules.toml", ["/a/rules.toml"]),
        (f"/a/one.toml{os.pathsep}/b/dir", ["/a/one.toml", "/b/dir"]),
        (f"{os.pathsep}/a{os.pathsep}{os.pathsep}/b{os.pathsep}", ["/a", "/b"]),
    ],
)
def test_rule_paths_from_env(value: str, expected: list[str]) -> None:
    """WAGECALC_RULES splits on os.pathsep, dropping empty parts."""
    assert rule_paths_from_env({RULES_ENV: value}) == [Path(p) for p in expected]


def test_rule_paths_from_env_unset() -> None:
    """An environment without WAGECALC_RULES names no paths."""
    assert rule_paths_from_env({"PATH": "/usr/bin"}) == []


def test_version_follows_content(tmp_path: Path) -> None:
    """The version changes when a table's bytes change, and returns when they are restored."""
    path = _write(tmp_path, "t.toml", _table(_rule("v", amount='"100"')))
    before = load_rules([path]).version
    assert load_rules([path]).version == before
    path.write_text(_table(_rule("v", amount='"101"')), encoding="utf-8")
    changed = load_rules([path]).version
    assert changed != before
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", changed)
    assert changed != default_rules().version
    path.write_text(_table(_rule("v", amount='"100"')), encoding="utf-8")
    assert load_rules([path]).version == before


def test_version_depends_on_load_order(tmp_path: Path) -> None:
    """The same two tables in the other order give another version (and another winner)."""
    a = _write(tmp_path, "a.toml", _table(_rule("a")))
    b = _write(tmp_path, "b.toml", _table(_rule("b")))
    assert load_rules([a, b]).version != load_rules([b, a]).version


# Each case: the table text, then fragments the message must contain besides the file name.
CONFIG_ERRORS: dict[str, tuple[str, list[str]]] = {
    "unknown top-level field": (
        _table(_rule(), head="colour = 1\n"),
        ["`colour`", "unknown field"],
    ),
    "unknown rule field": (
        _table(_rule(extra='colour = "red"\n')),
        ["rule 'x-rule'", "`colour`", "unknown field"],
    ),
    "unknown source field": (
        _table(_rule().replace("date = 2023-01-01 }", "date = 2023-01-01, isbn = 1 }")),
        ["rule 'x-rule'", "source", "`isbn`"],
    ),
    "missing rule field": (
        _table(_rule().replace('kind = "threshold"\n', "")),
        ["rule 'x-rule'", "missing required field `kind`"],
    ),
    "missing locales": (
        'title = "t"\n' + _rule(),
        ["missing required field `locales`"],
    ),
    "duplicate id in one file": (
        _table(_rule(), _rule()),
        ["rule 'x-rule'", "id: duplicate id"],
    ),
    "unknown currency": (
        _table(_rule(currency='"ZZZ"')),
        ["rule 'x-rule'", "currency 'ZZZ'", "ISO 4217"],
    ),
    "lower-case currency": (
        _table(_rule(currency='"usd"')),
        ["rule 'x-rule'", "currency 'usd'", "upper case"],
    ),
    "zero amount": (
        _table(_rule(amount='"0"')),
        ["rule 'x-rule'", "amount", "greater than zero"],
    ),
    "negative amount": (
        _table(_rule(amount='"-26000"')),
        ["rule 'x-rule'", "amount", "positive"],
    ),
    "amount with a thousands separator": (
        _table(_rule(amount='"26,000"')),
        ["rule 'x-rule'", "amount", "not a plain decimal number"],
    ),
    "amount as a TOML float": (
        _table(_rule(amount="26000.5")),
        ["rule 'x-rule'", "amount: Expected `str | null`, got `float`"],
    ),
    "amount as a TOML integer": (
        _table(_rule(amount="26000")),
        ["rule 'x-rule'", "amount: Expected `str | null`, got `int`"],
    ),
    "unknown kind": (
        _table(_rule(kind='"salary"')),
        ["rule 'x-rule'", "kind:", "'salary'"],
    ),
    "unknown per": (
        _table(_rule(per='"fortnight"')),
        ["rule 'x-rule'", "per:", "'fortnight'"],
    ),
    "price not per item": (
        _table(_rule(kind='"price"', per='"year"')),
        ["rule 'x-rule'", "per:", "a price is per item", "(price per year)"],
    ),
    "non-price per item": (
        _table(_rule(kind='"wage"', per='"item"')),
        ["rule 'x-rule'", "per:", "only a price is", "(wage per item)"],
    ),
    "en label without one": (
        _table(_rule(labels='labels.en = { other = "widgets" }\n')),
        ["rule 'x-rule'", "labels.en", "missing plural form(s) one"],
    ),
    "zh label without other": (
        _table(_rule(labels='labels.zh_Hans = { few = "x" }\n'), locales='["zh_Hans"]'),
        ["rule 'x-rule'", "labels.zh_Hans", "missing plural form(s) other"],
    ),
    "plural category the locale lacks": (
        _table(
            _rule(labels=EN_LABELS + 'labels.ms = { one = "x", other = "y" }\n'),
            locales='["en", "ms"]',
        ),
        ["rule 'x-rule'", "labels.ms", "one is not a plural category of ms"],
    ),
    "labels for an undeclared locale": (
        _table(_rule(labels=EN_LABELS + 'labels.ms = { other = "y" }\n')),
        ["rule 'x-rule'", "labels:", "ms not in the table's locales"],
    ),
    "no labels for a declared locale": (
        _table(_rule(), locales='["en", "ms"]'),
        ["rule 'x-rule'", "labels:", "no labels for declared locale 'ms'"],
    ),
    "malformed locale in locales": (
        _table(_rule(), locales='["en", "en-US"]'),
        ["locales:", "'en-US'"],
    ),
    "rule id with a space": (
        _table(_rule("bad id")),
        ["rule 'bad id'", "id:", "ASCII letters"],
    ),
    "empty rule id": (
        _table(_rule("")),
        ["rule ''", "id:"],
    ),
    "rule id too long": (
        _table(_rule("x" * 65)),
        ["id:", "1–64"],
    ),
    "tags not a list": (
        _table(_rule(extra='tags = "story"\n')),
        ["rule 'x-rule'", "tags:", "Expected `array`"],
    ),
    "invalid TOML": (
        'locales = ["en"\n',
        ["not valid TOML"],
    ),
    "source lang written as a CLDR id": (
        _table(_rule().replace("date = 2023-01-01 }", 'date = 2023-01-01, lang = "zh_Hant" }')),
        ["rule 'x-rule'", "source.lang: 'zh_Hant' is not a BCP 47 language tag", "hyphens"],
    ),
    "source lang CLDR does not know": (
        _table(_rule().replace("date = 2023-01-01 }", 'date = 2023-01-01, lang = "qq" }')),
        ["rule 'x-rule'", "source.lang: 'qq' is not a BCP 47 language tag"],
    ),
    "empty source lang": (
        _table(_rule().replace("date = 2023-01-01 }", 'date = 2023-01-01, lang = "" }')),
        ["rule 'x-rule'", "source.lang: '' is not a BCP 47 language tag"],
    ),
    "source lang not a string": (
        _table(_rule().replace("date = 2023-01-01 }", "date = 2023-01-01, lang = 1 }")),
        ["rule 'x-rule'", "source.lang: Expected `str`, got `int`"],
    ),
}


@pytest.mark.parametrize(("text", "fragments"), CONFIG_ERRORS.values(), ids=CONFIG_ERRORS.keys())
def test_config_errors_name_file_rule_and_field(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    """Each broken table is a ConfigError whose message names the file, the rule and the field."""
    path = _write(tmp_path, "broken.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message
    assert caught.value.code == "config-error"


def test_the_first_broken_rule_is_named_by_index_when_it_has_no_id(tmp_path: Path) -> None:
    """A rule without a string id is named by its position in the file."""
    text = _table(_rule("fine"), _rule().replace('id = "x-rule"\n', "id = 7\n"))
    path = _write(tmp_path, "t.toml", text)
    with pytest.raises(ConfigError, match=r"rule #2: id: Expected `str`, got `int`"):
        load_rules([path])


def test_non_utf8_table(tmp_path: Path) -> None:
    """A table that is not UTF-8 is a ConfigError naming the file."""
    path = tmp_path / "latin1.toml"
    path.write_bytes(
        _table(_rule(labels='labels.en = { one = "caf\xe9", other = "x" }\n')).encode("latin-1")
    )
    with pytest.raises(ConfigError) as caught:
        load_rules([path])
    assert str(caught.value) == f"{path}: not UTF-8 text"


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is a ConfigError naming it."""
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_rules([path])
    assert str(caught.value) == f"{path}: the rules file does not exist"


def test_empty_directory(tmp_path: Path) -> None:
    """A directory without .toml files is a ConfigError naming it."""
    (tmp_path / "readme.txt").write_text("no tables here", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules([tmp_path])
    assert str(caught.value) == f"{tmp_path}: the rules directory has no .toml files"


def test_oversized_table(tmp_path: Path) -> None:
    """A table over 2,000,000 bytes is refused before it is parsed."""
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * 2_000_001)
    with pytest.raises(ConfigError) as caught:
        load_rules([path])
    assert str(caught.value).startswith(f"{path}: 2000001 bytes")


def test_no_rules_at_all(tmp_path: Path) -> None:
    """Loading only empty tables is a ConfigError: there must be at least one rule."""
    path = _write(tmp_path, "empty.toml", 'locales = ["en"]\nrules = []\n')
    with pytest.raises(ConfigError, match="no rules"):
        load_rules([path], include_defaults=False)


def test_an_error_in_a_later_file_stops_loading(tmp_path: Path) -> None:
    """A good table followed by a broken one fails, naming the broken one."""
    good = _write(tmp_path, "good.toml", _table(_rule("good")))
    bad = _write(tmp_path, "bad.toml", _table(_rule(currency='"usd"')))
    with pytest.raises(ConfigError) as caught:
        load_rules([good, bad])
    assert str(caught.value).startswith(f"{bad}: rule 'x-rule': currency")


def test_select_by_id_and_by_tag() -> None:
    """select() takes ids and tags, returns rules in table order, and all rules for None."""
    rules = default_rules()
    assert [r.id for r in rules.select(["us-federal-minimum-wage"])] == ["us-federal-minimum-wage"]
    assert [r.id for r in rules.select(["story"])] == STORY_IDS
    assert [r.id for r in rules.select(["big-mac", "us-federal-minimum-wage"])] == [
        "big-mac-us",
        "big-mac-my",
        "us-federal-minimum-wage",
    ]
    assert [r.id for r in rules.select(["big-mac-world"])] == _default_ids()[:BIG_MAC_COUNT]
    assert [r.id for r in rules.select(["story", "story"])] == STORY_IDS
    assert [r.id for r in rules.select(None)] == _default_ids()
    assert [r.id for r in rules.select([])] == _default_ids()


@pytest.mark.parametrize(
    ("currency", "local"),
    [
        ("USD", []),
        ("MYR", ["big-mac-my"]),
        ("JPY", ["big-mac-jp"]),
        ("EUR", ["big-mac-euro-area"]),
        ("GBP", ["big-mac-gb"]),
        ("ISK", []),
    ],
)
def test_default_selection_is_the_us_price_and_the_asked_currency_s(
    currency: str, local: list[str]
) -> None:
    """No rules asked for: the US Big Mac price, the local price of the amount's currency
    (the euro area's for EUR, not each member's), and every rule not tagged not-default."""
    chosen = [r.id for r in default_rules().default_selection(currency)]
    assert chosen == ["big-mac-us", *local, *OTHER_IDS]


@pytest.mark.parametrize("selector", ["no-such-rule", "Story", "", "x" * 500])
def test_select_unknown_selector(selector: str) -> None:
    """An unknown id or tag is an UnknownRuleError on field 'rules' quoting the selector."""
    with pytest.raises(UnknownRuleError) as caught:
        default_rules().select(["story", selector])
    assert caught.value.field == "rules"
    assert repr(selector[:40]) in str(caught.value)
    assert len(str(caught.value)) < 200


def test_select_reports_the_given_field_name() -> None:
    """The field named in the error can be chosen by the caller (e.g. a query parameter)."""
    with pytest.raises(UnknownRuleError) as caught:
        default_rules().select(["nope"], field="select")
    assert caught.value.field == "select"
    assert str(caught.value).startswith("select: ")


def _valued(values: str, *, head: str = "") -> str:
    """One rule written with [[rules.values]] entries (TOML text after the rule's fields)."""
    return _table(
        '[[rules]]\nid = "dated"\nkind = "wage"\nper = "month"\n' + head + EN_LABELS + values
    )


def _value(day: str, amount: str = "100", *, source: bool = True, note: str = "") -> str:
    cited = 'source = { title = "An order", publisher = "Tests", date = 2019-01-01 }\n'
    return (
        f'[[rules.values]]\nin_force_from = {day}\namount = "{amount}"\ncurrency = "MYR"\n'
        + (cited if source else "")
        + (f'note = "{note}"\n' if note else "")
    )


def test_dated_values_load_in_order_with_their_sources(tmp_path: Path) -> None:
    """[[rules.values]] give a rule dated values, each with amount, currency, source and note."""
    path = _write(
        tmp_path,
        "t.toml",
        _valued(_value("2019-01-01", "1100", note="national") + _value("2022-05-01", "1500")),
    )
    rule = load_rules([path], include_defaults=False).rules["dated"]
    assert [(v.in_force_from, v.amount, v.note) for v in rule.values] == [
        (dt.date(2019, 1, 1), Decimal("1100"), "national"),
        (dt.date(2022, 5, 1), Decimal("1500"), None),
    ]
    assert rule.values[0].source.title == "An order"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2018, 12, 31), None),
        (dt.date(2019, 1, 1), "1100"),
        (dt.date(2022, 4, 30), "1100"),
        (dt.date(2022, 5, 1), "1500"),
        (dt.date(2099, 1, 1), "1500"),
    ],
)
def test_value_on_picks_the_value_in_force(
    tmp_path: Path, day: dt.date, expected: str | None
) -> None:
    """A value is in force from its date until the next value's date; none before the first."""
    path = _write(
        tmp_path, "t.toml", _valued(_value("2019-01-01", "1100") + _value("2022-05-01", "1500"))
    )
    rule = load_rules([path], include_defaults=False).rules["dated"]
    found = rule.value_on(day)
    assert (None if found is None else str(found.amount)) == expected
    reason = rule.not_in_force_reason(day)
    assert reason == (None if expected else "no value before 2019-01-01")


DATED_ERRORS: dict[str, tuple[str, list[str]]] = {
    "two values for one date": (
        _valued(_value("2019-01-01") + _value("2019-01-01", "200")),
        ["rule 'dated'", "values[1].in_force_from", "two values for one date"],
    ),
    "dates out of order": (
        _valued(_value("2022-05-01") + _value("2019-01-01")),
        ["rule 'dated'", "values[1].in_force_from", "2019-01-01", "date order"],
    ),
    "value without a source": (
        _valued(_value("2019-01-01") + _value("2022-05-01", source=False)),
        ["rule 'dated'", "values[1].source", "every value needs its source"],
    ),
    "short form without a source": (
        _table(
            _rule().replace(
                'source = { title = "A test figure", publisher = "Tests", date = 2023-01-01 }\n', ""
            )
        ),
        ["rule 'x-rule'", "source: every value needs its source"],
    ),
    "no values at all": (
        _valued("values = []\n"),
        ["rule 'dated'", "values: give at least one value"],
    ),
    "neither values nor amount": (
        _valued(""),
        ["rule 'dated'", "amount: missing"],
    ),
    "values and the short form together": (
        _valued(_value("2019-01-01"), head='amount = "5"\n'),
        ["rule 'dated'", "values: give either values or amount"],
    ),
    "bad amount in a value": (
        _valued(_value("2019-01-01", "1,100")),
        ["rule 'dated'", "values[0].amount", "not a plain decimal number"],
    ),
    "bad source lang in a value": (
        _valued(
            _value("2019-01-01")
            + _value("2022-05-01").replace("date = 2019-01-01 }", 'date = 2019-01-01, lang = "x" }')
        ),
        ["rule 'dated'", "values[1].source.lang: 'x' is not a BCP 47 language tag"],
    ),
    "unknown field in a value": (
        _valued(_value("2019-01-01").replace("in_force_from", "colour = 1\nin_force_from")),
        ["rule 'dated'", "`colour`", "unknown field"],
    ),
}


@pytest.mark.parametrize(("text", "fragments"), DATED_ERRORS.values(), ids=DATED_ERRORS.keys())
def test_bad_dated_values_are_config_errors(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    """Overlapping or unordered dates and values without a source stop loading, naming the field."""
    path = _write(tmp_path, "broken.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_version_changes_when_one_value_changes(tmp_path: Path) -> None:
    """Changing any single dated value changes the rule-set version."""
    path = _write(tmp_path, "t.toml", _valued(_value("2019-01-01") + _value("2022-05-01", "1500")))
    before = load_rules([path]).version
    path.write_text(_valued(_value("2019-01-01") + _value("2022-05-01", "1501")), encoding="utf-8")
    assert load_rules([path]).version != before


def test_every_packaged_value_has_a_source_and_dates_ascend() -> None:
    """Each packaged value cites a source; values are in strictly ascending date order."""
    for rule in default_rules().rules.values():
        days = [v.in_force_from for v in rule.values]
        assert days == sorted(set(days)), rule.id
        for value in rule.values:
            assert value.source.title and value.source.publisher, rule.id


def test_malaysian_minimum_wage_over_time() -> None:
    """MYR 1,100 from 2019 (2018 Order as amended), 1,500 from 2022-05-01, 1,700 from 2025-02-01."""
    rule = default_rules().rules["my-minimum-wage"]
    expected = {
        dt.date(2018, 12, 31): None,
        dt.date(2019, 6, 1): "1100",
        dt.date(2021, 6, 1): "1100",
        dt.date(2022, 5, 1): "1500",
        dt.date(2025, 1, 31): "1500",
        dt.date(2025, 2, 1): "1700",
        dt.date(2026, 11, 27): "1700",
    }
    for day, amount in expected.items():
        found = rule.value_on(day)
        assert (None if found is None else str(found.amount)) == amount, day
    assert all(
        v.note for v in rule.values
    )  # each says how city and small-employer phases are treated


def test_one_health_eligibility_rule_by_plan_year() -> None:
    """One value per sourced plan year; 2022 and 2026 use the last sourced year, and say so."""
    rule = default_rules().rules["sag-aftra-health-eligibility"]
    assert rule.value_on(dt.date(2019, 6, 1)) is None
    assert rule.not_in_force_reason(dt.date(2019, 6, 1)) == "no value before 2021-01-01"
    expected = {
        dt.date(2021, 6, 1): ("25950", "2021", False),
        dt.date(2022, 6, 1): ("25950", "2021", True),
        dt.date(2023, 7, 26): ("26470", "2023", False),
        dt.date(2024, 6, 1): ("27000", "2024", False),
        dt.date(2025, 3, 1): ("27540", "2025", False),
        dt.date(2026, 11, 27): ("27540", "2025", True),
    }
    for day, (amount, period, carried) in expected.items():
        value = rule.value_on(day)
        assert value is not None, day
        assert (str(value.amount), value.period, rule.carried_forward(value, day)) == (
            amount,
            period,
            carried,
        ), day
    assert not [r for r in default_rules().rules if r.startswith("sag-aftra-health-eligibility-")]
