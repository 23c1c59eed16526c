"""Equivalence rules: typed, cited figures loaded from TOML tables.

A rule is a figure people compare pay with: a price (a Big Mac), a wage (a
background actor's day), a threshold (health-plan eligibility) or a cost (a
premium). The kind decides the sentence, so that a threshold is never
presented as a cost ("could qualify 35 actors", not "pays for 35 actors").

Like a tax-benefit engine's parameters (OpenFisca, PolicyEngine), a rule's
figure changes over time: a rule holds dated values, each in force from its
``in_force_from`` date until the next value's, each with its own amount,
currency and source. A question about a date uses the value in force that
day (:meth:`Rule.value_on`); before the first value the rule has none.
A table may write a rule with one value in short form (``amount``,
``currency``, ``as_of``, ``source`` on the rule: in force from ``as_of``) or
with ``[[rules.values]]`` entries in date order.

Tables ship in the package (``wagecalc/data/*.toml``); users add or replace
them with files or directories named in ``WAGECALC_RULES`` or ``--rules``.
Later tables extend earlier ones and override rules with the same id.
Every problem is a :class:`~wagecalc.errors.ConfigError` naming the file, the
rule and the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import importlib.resources
import os
import tomllib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import msgspec
from babel import Locale, UnknownLocaleError

from wagecalc.currencies import validate_currency
from wagecalc.errors import ConfigError, InputError, UnknownRuleError
from wagecalc.money import parse_amount

__all__ = [
    "RULES_ENV",
    "Rule",
    "RuleKind",
    "RulePer",
    "RuleSet",
    "RuleSource",
    "RuleValue",
    "default_rules",
    "load_rules",
    "rule_paths_from_env",
]

#: Environment variable naming extra rule tables: files or directories,
#: separated by os.pathsep (``:`` on POSIX).
RULES_ENV = "WAGECALC_RULES"

_MAX_TABLE_BYTES = 1_000_000
_MAX_ID_LENGTH = 64


class RuleKind(enum.StrEnum):
    """What a rule's figure is, which decides how an amount is counted against it."""

    PRICE = "price"
    """The price of one item: the amount buys N items."""
    WAGE = "wage"
    """Pay per period: the amount equals N periods of that pay."""
    THRESHOLD = "threshold"
    """An earnings threshold per period: the amount could qualify N people."""
    COST = "cost"
    """A cost per period: the amount pays for N of it."""


class RulePer(enum.StrEnum):
    """What a rule's amount is per."""

    ITEM = "item"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class RuleSource(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Where a rule's figure comes from."""

    title: str
    publisher: str
    date: dt.date
    url: str | None = None
    note: str | None = None


class _ValueSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One dated value as written in TOML."""

    in_force_from: dt.date
    amount: str
    currency: str
    source: RuleSource | None = None
    note: str | None = None


class _RuleSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A rule as written in TOML, before the checks msgspec cannot express."""

    id: str
    kind: RuleKind
    per: RulePer
    labels: dict[str, dict[str, str]]
    names: dict[str, str] = msgspec.field(default_factory=dict)
    tags: list[str] = msgspec.field(default_factory=list)
    values: list[_ValueSpec] | None = None
    # The short form of a rule with one value, in force from ``as_of``:
    amount: str | None = None
    currency: str | None = None
    as_of: dt.date | None = None
    source: RuleSource | None = None


class _TableSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    title: str = ""
    locales: list[str]
    rules: list[dict[str, object]]


class RuleValue(msgspec.Struct, frozen=True, kw_only=True):
    """A rule's figure from one date on, until the rule's next value (if any)."""

    in_force_from: dt.date
    amount: Decimal
    currency: str
    source: RuleSource
    note: str | None = None
    """Doubts and scope: which phase of a law, which survey, what was left out."""


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """One checked equivalence rule with its dated values."""

    id: str
    kind: RuleKind
    per: RulePer
    values: tuple[RuleValue, ...]
    """In date order, at least one; each is in force until the next one's date."""
    labels: dict[str, dict[str, str]]
    """locale → CLDR plural category → label: ``{"en": {"one": "actor", "other": "actors"}}``."""
    tags: tuple[str, ...]
    origin: str
    """The file the rule was loaded from."""
    names: dict[str, str] = msgspec.field(default_factory=dict)
    """locale → what the figure is, for sentences: ``"SAG-AFTRA Health Plan earnings
    threshold"``. Optional: sentences use the kind's generic noun without one."""

    def name(self, locale: str) -> str | None:
        """The rule's name in ``locale`` (else English), or None when the table gives none."""
        return self.names.get(locale) or self.names.get("en")

    def label(self, locale: str, category: str) -> str:
        """The label for a plural category, falling back to ``other`` and then English."""
        forms = self.labels.get(locale) or self.labels.get("en") or next(iter(self.labels.values()))
        return forms.get(category) or forms["other"]

    def value_on(self, day: dt.date) -> RuleValue | None:
        """The value in force on ``day``; None before the first value."""
        found = None
        for value in self.values:
            if value.in_force_from > day:
                break
            found = value
        return found

    def not_in_force_reason(self, day: dt.date) -> str | None:
        """Why no value is in force on ``day`` (``'no value before 2022-05-01'``), else None."""
        first = self.values[0].in_force_from
        return f"no value before {first.isoformat()}" if day < first else None


class RuleSet(msgspec.Struct, frozen=True):
    """The effective rules after all tables were applied, with a content version."""

    rules: dict[str, Rule]
    version: str
    """``sha256:`` and 16 hex digits of the tables' contents, in load order."""
    files: tuple[str, ...]

    def select(self, selectors: Iterable[str] | None = None, *, field: str = "rules") -> list[Rule]:
        """Rules matching any of ``selectors`` (ids or tags), in table order; all if None."""
        if selectors is None:
            return list(self.rules.values())
        wanted = list(dict.fromkeys(selectors))
        if not wanted:
            return list(self.rules.values())
        tags = {tag for rule in self.rules.values() for tag in rule.tags}
        unknown = [s for s in wanted if s not in self.rules and s not in tags]
        if unknown:
            shown = ", ".join(repr(s[:40]) for s in unknown[:5])
            raise UnknownRuleError(
                f"{field}: no rule or tag {shown}; see GET /v1/rules or `wagecalc rules`",
                field=field,
            )
        return [r for r in self.rules.values() if r.id in wanted or set(r.tags) & set(wanted)]


def _default_table_paths() -> list[Path]:
    data = importlib.resources.files("wagecalc").joinpath("data")
    return sorted(Path(str(p)) for p in data.iterdir() if p.name.endswith(".toml"))


def rule_paths_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> list[Path]:
    """The paths named in ``WAGECALC_RULES`` (empty when unset)."""
    env = os.environ if environ is None else environ
    value = env.get(RULES_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


def default_rules() -> RuleSet:
    """The tables that ship with wagecalc, and nothing else."""
    return load_rules([])


def load_rules(extra: Sequence[Path], *, include_defaults: bool = True) -> RuleSet:
    """Load the packaged tables (unless told not to), then each of ``extra`` in order.

    A directory contributes its ``*.toml`` files in name order. A rule id
    repeated within one file is an error; across files, the later one wins.
    """
    files = (_default_table_paths() if include_defaults else []) + _expand(extra)
    rules: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for path in files:
        raw = _read(path)
        digest.update(hashlib.sha256(raw).digest())
        for rule in _parse_table(raw, str(path)):
            rules.pop(rule.id, None)  # an override moves to the end, in its new table's order
            rules[rule.id] = rule
    if not rules:
        raise ConfigError("no rules: every table loaded was empty")
    return RuleSet(rules, "sha256:" + digest.hexdigest()[:16], tuple(str(p) for p in files))


def _expand(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".toml" and p.is_file())
            if not found:
                raise ConfigError(f"{path}: the rules directory has no .toml files")
            files.extend(found)
        else:
            files.append(path)
    return files


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > _MAX_TABLE_BYTES:
            raise ConfigError(
                f"{path}: {size} bytes; a rules table may be at most {_MAX_TABLE_BYTES}"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: the rules file does not exist") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the rules file ({exc.strerror})") from None


def _parse_table(raw: bytes, origin: str) -> list[Rule]:
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{origin}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML ({exc})") from None
    try:
        table = msgspec.convert(document, _TableSpec, strict=True)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{origin}: {_where(exc)}") from None
    if not table.locales:
        raise ConfigError(f"{origin}: locales: declare at least one locale, e.g. ['en']")
    locales = [_check_locale(tag, origin) for tag in table.locales]
    seen: set[str] = set()
    rules = []
    for index, raw_rule in enumerate(table.rules):
        rule_id = raw_rule.get("id")
        name = f"rule {rule_id!r}" if isinstance(rule_id, str) else f"rule #{index + 1}"
        try:
            spec = msgspec.convert(raw_rule, _RuleSpec, strict=True)
        except msgspec.ValidationError as exc:
            raise ConfigError(f"{origin}: {name}: {_where(exc)}") from None
        if spec.id in seen:
            raise ConfigError(f"{origin}: {name}: id: duplicate id in this file")
        seen.add(spec.id)
        rules.append(_check_rule(spec, locales, f"{origin}: {name}", origin))
    return rules


def _where(exc: msgspec.ValidationError) -> str:
    """msgspec says '... - at `$.rules[0].kind`'; put the field first, as the other errors do."""
    message = str(exc)
    if " - at `$." in message:
        text, _, path = message.rpartition(" - at `$.")
        return f"{path.rstrip('`')}: {text}"
    return message


def _check_locale(tag: str, origin: str) -> str:
    try:
        Locale.parse(tag)
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        raise ConfigError(
            f"{origin}: locales: {tag!r} is not a locale CLDR knows ({exc})"
        ) from None
    return tag


def _check_rule(spec: _RuleSpec, locales: list[str], where: str, origin: str) -> Rule:
    if (
        not spec.id
        or len(spec.id) > _MAX_ID_LENGTH
        or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in spec.id)
    ):
        raise ConfigError(
            f"{where}: id: use 1–{_MAX_ID_LENGTH} ASCII letters, digits, '-', '_', '.'"
        )
    values = _check_values(spec, where)
    if (spec.kind is RuleKind.PRICE) != (spec.per is RulePer.ITEM):
        raise ConfigError(
            f"{where}: per: a price is per item and only a price is ({spec.kind} per {spec.per})"
        )
    for tag in locales:
        forms = spec.labels.get(tag)
        needed = {"other", *Locale.parse(tag).plural_form.tags}
        if forms is None:
            raise ConfigError(f"{where}: labels: no labels for declared locale {tag!r}")
        missing = sorted(needed - set(forms))
        if missing:
            raise ConfigError(
                f"{where}: labels.{tag}: missing plural form(s) {', '.join(missing)} "
                f"(CLDR needs {', '.join(sorted(needed))} for {tag})"
            )
        extra = sorted(set(forms) - needed)
        if extra:
            raise ConfigError(
                f"{where}: labels.{tag}: {', '.join(extra)} is not a plural category of {tag} "
                f"(CLDR has {', '.join(sorted(needed))})"
            )
    undeclared = sorted((set(spec.labels) | set(spec.names)) - set(locales))
    if undeclared:
        raise ConfigError(
            f"{where}: labels: locale(s) {', '.join(undeclared)} not in the table's locales"
        )
    return Rule(
        id=spec.id,
        kind=spec.kind,
        per=spec.per,
        values=values,
        labels=spec.labels,
        tags=tuple(spec.tags),
        origin=origin,
        names=spec.names,
    )


def _check_values(spec: _RuleSpec, where: str) -> tuple[RuleValue, ...]:
    """The rule's values, checked: each with a source, dates strictly ascending."""
    short = (spec.amount, spec.currency, spec.as_of, spec.source)
    if spec.values is not None:
        if any(part is not None for part in short):
            raise ConfigError(
                f"{where}: values: give either values or amount/currency/as_of/source, not both"
            )
        if not spec.values:
            raise ConfigError(f"{where}: values: give at least one value")
        specs = spec.values
    else:
        if spec.amount is None or spec.currency is None or spec.as_of is None:
            missing = [
                name
                for name, part in (
                    ("amount", spec.amount),
                    ("currency", spec.currency),
                    ("as_of", spec.as_of),
                )
                if part is None
            ]
            raise ConfigError(
                f"{where}: {missing[0]}: missing; give values = [...] or "
                "amount, currency, as_of and source"
            )
        specs = [
            _ValueSpec(
                in_force_from=spec.as_of,
                amount=spec.amount,
                currency=spec.currency,
                source=spec.source,
            )
        ]
    values: list[RuleValue] = []
    for index, value in enumerate(specs):
        field = "" if spec.values is None else f"values[{index}]."
        if value.source is None:
            raise ConfigError(
                f"{where}: {field}source: every value needs its source (title, publisher, date)"
            )
        if values and value.in_force_from <= values[-1].in_force_from:
            same = value.in_force_from == values[-1].in_force_from
            raise ConfigError(
                f"{where}: {field}in_force_from: {value.in_force_from} "
                + (
                    "is the date of the value before (two values for one date)"
                    if same
                    else f"is before the value before ({values[-1].in_force_from}): "
                    "list values in date order"
                )
            )
        try:
            amount = parse_amount(value.amount, field=f"{field}amount")
            currency = validate_currency(value.currency, field=f"{field}currency")
        except InputError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        values.append(
            RuleValue(
                in_force_from=value.in_force_from,
                amount=amount,
                currency=currency,
                source=value.source,
                note=value.note,
            )
        )
    return tuple(values)
