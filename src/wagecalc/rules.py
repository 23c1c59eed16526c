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
them with files or directories named in ``WAGECALC_RULES`` or ``--rules-file``.
Later tables extend earlier ones and override rules with the same id.
Every problem is a :class:`~wagecalc.errors.ConfigError` naming the file, the
rule and the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import importlib.resources
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import msgspec
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

from wagecalc.arguments import StrPath
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
    "figure_in_quote",
    "load_rules",
    "rule_paths_from_env",
]

#: Environment variable naming extra rule tables: files or directories,
#: separated by os.pathsep (``:`` on POSIX).
RULES_ENV = "WAGECALC_RULES"

# The packaged Big Mac table, every country's surveys with their words in four languages,
# is some 0.93 MB and grows by about 0.14 MB a year.
_MAX_TABLE_BYTES = 2_000_000
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
    """Where a rule's figure comes from.

    ``quote`` is the source's own short words that state the figure (checked:
    the figure must appear in it, in the source's formatting: ``$26,470`` for
    26470), ``url`` where those words were read and ``retrieved`` when. The
    packaged tables give all three for every value (tests/test_rule_sources.py).
    """

    title: str
    publisher: str
    date: dt.date
    date_precision: Literal["day", "month", "undated"] = "day"
    """How much of ``date`` the source itself states: ``"day"``; ``"month"``, a copy that
    shows only its month (``date`` is that month's first day; shown "July 2024");
    ``"undated"``, a page with no date (``date`` is the first day of the period it
    describes, for order only; shown as undated). Readers never see a day the source does
    not state."""
    url: str | None = None
    quote: str | None = None
    retrieved: dt.date | None = None
    note: str | None = None
    titles: dict[str, str] = msgspec.field(default_factory=dict)
    """locale → the title in that language, for a title the table wrote (``"Minimum Wages
    Order 2022: MYR 1,500 a month from 1 May 2022"``); a source's own headline is a proper
    name, shown as written (``as_written``)."""
    publishers: dict[str, str] = msgspec.field(default_factory=dict)
    """locale → the publisher line in that language (``"U.S. Department of Labor, as
    reported by UPI"`` has words of the table's own)."""
    as_written: list[Literal["title", "publisher"]] = msgspec.field(default_factory=list)
    """Which of title and publisher are the source's own names (a headline, a
    newspaper), shown as written in every language; the others need ``titles`` or
    ``publishers`` in every locale the table declares (tests/test_rule_locales.py)."""
    lang: str = "en"
    """The BCP 47 tag of the language ``title`` and ``publisher`` are written in (``"en"``,
    ``"ms"``, ``"zh-Hant"``): an answer in another language marks them as that language
    where it shows them (a headline as written, or the fallback when a locale has no
    translation), so that a screen reader pronounces them as their own language."""

    def title_in(self, locale: str) -> str:
        """The title in ``locale``; the English one when the table gives none."""
        return self.titles.get(locale) or self.title

    def publisher_in(self, locale: str) -> str:
        """The publisher line in ``locale``; the English one when the table gives none."""
        return self.publishers.get(locale) or self.publisher

    def title_lang_in(self, locale: str) -> str | None:
        """The BCP 47 tag of :meth:`title_in` ``(locale)``'s language when it is not
        ``locale``'s language (an as-written English headline in a ``zh_Hans`` answer);
        ``None`` when they are the same."""
        return None if self.titles.get(locale) else _other_language(self.lang, locale)

    def publisher_lang_in(self, locale: str) -> str | None:
        """As :meth:`title_lang_in`, for :meth:`publisher_in`."""
        return None if self.publishers.get(locale) else _other_language(self.lang, locale)


@functools.lru_cache(maxsize=64)
def _other_language(tag: str, locale: str) -> str | None:
    """``tag`` when text in that language needs marking inside an answer in ``locale``
    (a CLDR id such as ``zh_Hans`` or a BCP 47 tag); ``None`` when both are one language.

    One language: the same language subtag and, when both name one, the same script
    (``zh-Hant`` text in a ``zh_Hans`` answer is marked; ``en-GB`` in ``en`` is not).
    """
    text, answer = Locale.parse(tag, sep="-"), Locale.parse(locale.replace("-", "_"))
    if text.language != answer.language:
        return tag
    if text.script and answer.script and text.script != answer.script:
        return tag
    return None


#: What a rule does on a date after its newest value's ``through``: ``"use-last"`` keeps
#: that value in force and says so (the last sourced period is used), ``"none"`` has no
#: value in force (a figure known to have been replaced by one not found).
AfterPeriod = Literal["use-last", "none"]


class _ValueSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One dated value as written in TOML."""

    in_force_from: dt.date
    amount: str
    currency: str
    source: RuleSource | None = None
    period: str | None = None
    published: dt.date | None = None
    through: dt.date | None = None
    note: str | None = None
    periods: dict[str, str] = msgspec.field(default_factory=dict)
    notes: dict[str, str] = msgspec.field(default_factory=dict)


class _RuleSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A rule as written in TOML, before the checks msgspec cannot express."""

    id: str
    kind: RuleKind
    per: RulePer
    labels: dict[str, dict[str, str]]
    names: dict[str, str] = msgspec.field(default_factory=dict)
    tags: list[str] = msgspec.field(default_factory=list)
    after_period: AfterPeriod = "none"
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
    period: str | None = None
    """What the figure describes when that is not the time it is in force: a
    survey's month (``"January 2026"``), a plan year (``"2025"``)."""
    published: dt.date | None = None
    """When a statistic was published; it applies from then (``in_force_from``),
    not from the period it describes."""
    through: dt.date | None = None
    """The last day the source states the figure for (a plan year's end); after
    it the rule's ``after_period`` decides."""
    periods: dict[str, str] = msgspec.field(default_factory=dict)
    """locale → ``period`` in that language, for a period in words of the table's own
    (``"July 2023, as reported"``); a month (``"January 2026"``) or a year (``"2025"``)
    is written by CLDR's patterns without one (:meth:`period_in`)."""

    notes: dict[str, str] = msgspec.field(default_factory=dict)
    """locale → ``note`` in that language (the doubts are the reader's too)."""

    def note_in(self, locale: str) -> str | None:
        """``note`` in ``locale``; the English one when the table gives none."""
        return self.notes.get(locale) or self.note

    def period_in(self, locale: str) -> str | None:
        """``period`` in ``locale``: the table's own words for it, else a month or a year
        written the locale's way (``2026年1月``, ``Januari 2026``), else as written."""
        if self.period is None:
            return None
        own = self.periods.get(locale)
        if own is not None:
            return own
        return _calendar_period(self.period, locale)


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
    after_period: AfterPeriod = "none"
    """After the newest value's ``through``: keep it in force (``use-last``) or none."""

    def name(self, locale: str) -> str | None:
        """The rule's name in ``locale`` (else English), or None when the table gives none."""
        return self.names.get(locale) or self.names.get("en")

    def label(self, locale: str, category: str) -> str:
        """The label for a plural category, falling back to ``other`` and then English."""
        forms = self.labels.get(locale) or self.labels.get("en") or next(iter(self.labels.values()))
        return forms.get(category) or forms["other"]

    def untranslated(self) -> list[str]:
        """Words of the table's own a reader of a declared locale would see in English:
        a source title or publisher line neither marked ``as_written`` (a proper name)
        nor given in that locale, a ``period`` that is neither a month nor a year and has
        no text in that locale, a ``note`` without one: ``['values[2].source.title:
        zh_Hans', ...]``; empty when every declared locale has its own words
        (tests/test_rule_locales.py)."""
        locales = sorted(loc for loc in self.labels if loc != "en")
        missing = []
        for index, value in enumerate(self.values):
            source = value.source
            given = {
                "source.title": source.titles if "title" not in source.as_written else None,
                "source.publisher": (
                    source.publishers if "publisher" not in source.as_written else None
                ),
                "period": (
                    value.periods
                    if value.period is not None and not _is_calendar_period(value.period)
                    else None
                ),
                "note": value.notes if value.note is not None else None,
            }
            for field, texts in given.items():
                if texts is not None:
                    missing += [
                        f"values[{index}].{field}: {loc}" for loc in locales if loc not in texts
                    ]
        return missing

    def value_on(self, day: dt.date) -> RuleValue | None:
        """The value in force on ``day``; None before the first value, and None after a
        value's ``through`` unless the rule keeps its last sourced period (``use-last``)."""
        found = None
        for value in self.values:
            if value.in_force_from > day:
                break
            found = value
        if found is not None and self.ended(found, day):
            return None
        return found

    def ended(self, value: RuleValue, day: dt.date) -> bool:
        """Whether ``value`` no longer holds on ``day``: past its ``through`` in a rule
        that does not carry its last sourced period forward."""
        return self.after_period == "none" and value.through is not None and day > value.through

    def carried_forward(self, value: RuleValue, day: dt.date) -> bool:
        """Whether ``value`` is used on ``day`` past the period its source states."""
        return self.after_period == "use-last" and value.through is not None and day > value.through

    def not_in_force_reason(self, day: dt.date) -> str | None:
        """Why no value is in force on ``day`` (``'no value before 2022-05-01'``,
        ``'no value after 2022-12-31'``), else None."""
        first = self.values[0].in_force_from
        if day < first:
            return f"no value before {first.isoformat()}"
        last = self.last_through(day)
        return None if last is None else f"no value after {last.isoformat()}"

    def last_through(self, day: dt.date) -> dt.date | None:
        """The ``through`` of the value that ended before ``day``, when that is why none is
        in force; else None."""
        found = None
        for value in self.values:
            if value.in_force_from > day:
                break
            found = value
        if found is not None and self.ended(found, day):
            return found.through
        return None


class RuleSet(msgspec.Struct, frozen=True):
    """The effective rules after all tables were applied, with a content version."""

    rules: dict[str, Rule]
    version: str
    """``sha256:`` and 16 hex digits of the tables' contents, in load order."""
    files: tuple[str, ...]

    def select(
        self,
        selectors: Iterable[str] | None = None,
        *,
        field: str = "rules",
        hint: str = "the ids and tags are in wagecalc.default_rules().rules",
    ) -> list[Rule]:
        """Rules matching any of ``selectors`` (ids or tags), in table order; all if None.

        An unknown id or tag is an :class:`~wagecalc.errors.UnknownRuleError` naming
        ``field`` and ending with ``hint`` (the HTTP API points at ``GET /v1/rules``)."""
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
                f"{field}: no rule or tag {shown}; {hint}",
                field=field,
            )
        return [r for r in self.rules.values() if r.id in wanted or set(r.tags) & set(wanted)]

    def default_selection(self, currency: str) -> list[Rule]:
        """The rules an answer uses when none are asked for, for an amount in ``currency``.

        Every rule but those tagged ``not-default``; of those, the ones tagged
        ``local-price`` whose newest value is in ``currency`` are kept (a reader
        asking in MYR gets the Malaysian Big Mac price beside the US one).
        """
        return [
            rule
            for rule in self.rules.values()
            if NOT_DEFAULT_TAG not in rule.tags
            or (LOCAL_PRICE_TAG in rule.tags and rule.values[-1].currency == currency)
        ]


#: Tags that shape the default selection (no rules asked for): a rule tagged ``not-default``
#: is left out of it, unless it is tagged ``local-price`` and its currency is the one asked
#: (the Big Mac price of the country whose currency is asked, beside the US price).
NOT_DEFAULT_TAG = "not-default"
LOCAL_PRICE_TAG = "local-price"


def _default_table_paths() -> list[Path]:
    data = importlib.resources.files("wagecalc").joinpath("data")
    return sorted(Path(str(p)) for p in data.iterdir() if p.name.endswith(".toml"))


def rule_paths_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> list[Path]:
    """The paths named in ``WAGECALC_RULES`` (empty when unset)."""
    env = os.environ if environ is None else environ
    value = env.get(RULES_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


@functools.cache
def default_rules() -> RuleSet:
    """The tables that ship with wagecalc, and nothing else: read once per process (they
    are a package's data, and the Big Mac table alone holds some 950 values).

    The same :class:`RuleSet` is returned on every call; :func:`load_rules` reads them anew.
    """
    return load_rules([])


#: A path as the standard library takes one: ``"rules.toml"`` or a :class:`pathlib.Path`.


def load_rules(
    extra: StrPath | Iterable[StrPath] = (), *, include_defaults: bool = True
) -> RuleSet:
    """Load the packaged tables (unless told not to), then each of ``extra`` in order.

    ``extra`` is one path (``"rules.toml"``, a :class:`~pathlib.Path`) or an iterable
    of them; a directory contributes its ``*.toml`` files in name order. A rule id
    repeated within one file is an error; across files, the later one wins. Every
    problem is a :class:`~wagecalc.errors.ConfigError` naming the file, rule and field.
    """
    files = (_default_table_paths() if include_defaults else []) + _expand(_as_paths(extra))
    rules: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for path in files:
        raw = _read(path)
        digest.update(hashlib.sha256(raw).digest())
        for rule in _parsed_table(raw, str(path)):
            rules.pop(rule.id, None)  # an override moves to the end, in its new table's order
            rules[rule.id] = rule
    if not rules:
        raise ConfigError("no rules: every table loaded was empty")
    return RuleSet(rules, "sha256:" + digest.hexdigest()[:16], tuple(str(p) for p in files))


def _as_paths(extra: object) -> list[Path]:
    """One path or an iterable of paths → a list of Paths; anything else is a TypeError."""
    if isinstance(extra, str | os.PathLike):
        return [Path(extra)]
    if isinstance(extra, bytes) or not isinstance(extra, Iterable):
        raise TypeError(
            "extra must be a path (str or os.PathLike) or an iterable of paths, "
            f"not {type(extra).__name__}"
        )
    paths = []
    for item in extra:
        if not isinstance(item, str | os.PathLike):
            raise TypeError(
                f"extra must hold paths (str or os.PathLike), not {type(item).__name__}"
            )
        paths.append(Path(item))
    return paths


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


@functools.lru_cache(maxsize=32)
def _parsed_table(raw: bytes, origin: str) -> tuple[Rule, ...]:
    """:func:`_parse_table`, remembered per content and file: the packaged Big Mac table
    (some 950 values) takes about half a second to parse, and every app and CLI run that
    loads rules reads it again. Rules are frozen, so one parse can serve every load."""
    return tuple(_parse_table(raw, origin))


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
        raise ConfigError(f"{origin}: {_where(exc, _TableSpec)}") from None
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
            raise ConfigError(f"{origin}: {name}: {_where(exc, _RuleSpec)}") from None
        if spec.id in seen:
            raise ConfigError(f"{origin}: {name}: id: duplicate id in this file")
        seen.add(spec.id)
        rules.append(_check_rule(spec, locales, f"{origin}: {name}", origin))
    return rules


def _where(exc: msgspec.ValidationError, spec: type) -> str:
    """msgspec says '... - at `$.rules[0].kind`'; put the field first, as the other errors do.

    A value outside an enum or ``Literal`` field of ``spec`` (the struct converted) lists
    the valid choices, read from the field's type."""
    message = str(exc)
    if " - at `$." in message:
        text, _, path = message.rpartition(" - at `$.")
        path = path.rstrip("`")
        if text.startswith("Invalid enum value"):
            choices = _choices_at(spec, path)
            if choices:
                text += f": use one of {', '.join(choices)}"
        return f"{path}: {text}"
    return message


#: A msgspec error path's steps: a field name, or an index (``[0]``).
_PATH_STEP = re.compile(r"\[[0-9]+\]|[^.\[\]]+")


def _choices_at(spec: type, path: str) -> list[str] | None:
    """The values an enum or ``Literal`` field at ``path`` (``values[0].source.date_precision``)
    of ``spec`` accepts, from its type; None for a path to any other kind of field."""
    import msgspec.inspect as mi  # on an error only: loading rules need not import it

    info: mi.Type = mi.type_info(spec)
    for step in [*_PATH_STEP.findall(path), None]:
        if isinstance(info, mi.UnionType):  # ``X | None``: the one type a value can be
            some = [t for t in info.types if not isinstance(t, mi.NoneType)]
            if len(some) != 1:
                return None
            info = some[0]
        if step is None:
            break
        if step.startswith("[") and isinstance(info, mi.ListType):
            info = info.item_type
        elif isinstance(info, mi.StructType):
            found = [f.type for f in info.fields if f.encode_name == step]
            if not found:
                return None
            info = found[0]
        else:
            return None
    if isinstance(info, mi.LiteralType):
        return [str(value) for value in info.values]
    if isinstance(info, mi.EnumType):
        return [str(member.value) for member in info.cls]
    return None


def _check_locale(tag: str, origin: str) -> str:
    try:
        Locale.parse(tag)
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        raise ConfigError(
            f"{origin}: locales: {tag!r} is not a locale CLDR knows ({exc})"
        ) from None
    return tag


def _check_source_lang(tag: str, where: str) -> None:
    """A source's ``lang`` is a BCP 47 tag babel knows (``en``, ``zh-Hant``): answers put
    it in ``lang`` attributes and the JSON, where a CLDR id (``zh_Hant``) is not valid."""
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        raise ConfigError(
            f"{where}: {tag!r} is not a BCP 47 language tag CLDR knows; "
            "write one such as 'en', 'ms' or 'zh-Hant' (hyphens, not underscores)"
        ) from None


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
    for index, value in enumerate(values):
        for field, given in (
            ("source.titles", value.source.titles),
            ("source.publishers", value.source.publishers),
            ("periods", value.periods),
            ("notes", value.notes),
        ):
            undeclared = sorted(set(given) - set(locales))
            if undeclared:
                raise ConfigError(
                    f"{where}: values[{index}].{field}: locale(s) {', '.join(undeclared)} "
                    "not in the table's locales"
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
        after_period=spec.after_period,
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
        check_source_url(value.source.url, f"{where}: {field}source.url")
        _check_source_lang(value.source.lang, f"{where}: {field}source.lang")
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
        _check_dated_source(value, amount, f"{where}: {field}")
        values.append(
            RuleValue(
                in_force_from=value.in_force_from,
                amount=amount,
                currency=currency,
                source=value.source,
                note=value.note,
                period=value.period,
                published=value.published,
                through=value.through,
                periods=value.periods,
                notes=value.notes,
            )
        )
    return tuple(values)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_YEAR = re.compile(r"(?P<month>[A-Z][a-z]+) (?P<year>\d{4})")
_YEAR = re.compile(r"\d{4}")


def _is_calendar_period(period: str) -> bool:
    """Whether ``period`` is a month (``"July 2022"``) or a year (``"2023"``), which CLDR's
    patterns write in every locale."""
    found = _MONTH_YEAR.fullmatch(period)
    return bool(_YEAR.fullmatch(period) or (found and found["month"] in _MONTHS))


@functools.lru_cache(maxsize=4096)
def _calendar_period(period: str, locale: str) -> str:
    """A period that is a month (``"July 2022"``) or a year (``"2023"``) as ``locale``
    writes it (CLDR's ``yMMMM`` and ``y`` skeletons); any other period as written."""
    if locale == "en":
        return period
    if (found := _MONTH_YEAR.fullmatch(period)) and found["month"] in _MONTHS:
        day = dt.date(int(found["year"]), _MONTHS.index(found["month"]) + 1, 1)
        return format_skeleton("yMMMM", day, locale=locale)
    if _YEAR.fullmatch(period):
        return format_skeleton("y", dt.date(int(period), 1, 1), locale=locale)
    return period


def check_source_url(url: str | None, where: str) -> None:
    """A ConfigError unless ``url`` is None or an absolute ``https://`` or ``http://`` URL
    with a host and no blank, control or backslash (issue 25: ``javascript:`` and
    ``data:`` passed into the JSON, and ``https:\\evil.example`` was read one way by
    the embed page and another by the widget)."""
    if url is None:
        return
    parts = urlsplit(url)
    if (
        parts.scheme not in ("https", "http")
        or not url.startswith(("https://", "http://"))
        or not parts.hostname
        or any(c.isspace() or c == "\\" or not c.isprintable() for c in url)
    ):
        raise ConfigError(
            f"{where}: {url[:60]!r} is not an https:// or http:// URL "
            "(a source link readers can follow)"
        )


def _check_dated_source(value: _ValueSpec, amount: Decimal, where: str) -> None:
    """A value's quote states its figure; a statistic applies only once published."""
    source = value.source
    assert source is not None
    if source.quote is not None and not figure_in_quote(amount, source.quote):
        raise ConfigError(
            f"{where}source.quote: the figure {amount} does not appear in the quote "
            f"{source.quote[:80]!r}; quote the words that state it"
        )
    if value.published is not None and value.in_force_from < value.published:
        raise ConfigError(
            f"{where}in_force_from: {value.in_force_from} is before the figure was "
            f"published ({value.published}): a statistic applies from its publication"
        )
    if value.through is not None and value.through < value.in_force_from:
        raise ConfigError(
            f"{where}through: {value.through} is before in_force_from ({value.in_force_from})"
        )


# A number as sources write it: 26,470 / 26470 / 7.25 / 1,234.5 (commas group thousands).
_NUMBER = re.compile(r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


_PLAIN_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


def figure_in_quote(amount: Decimal, quote: str) -> bool:
    """Whether ``quote`` states ``amount``, in the source's formatting.

    >>> figure_in_quote(Decimal("26470"), "required members to earn at least $26,470")
    True
    >>> figure_in_quote(Decimal("200"), "about USD 200 a day")
    True
    >>> figure_in_quote(Decimal("222.00"), "up 11% from USD 200")
    False
    """
    if quote.count(",") >= 4 and ", " not in quote:
        # A data row quoted as is ("Argentina,ARG,ARS,450,105.0165"): commas separate fields.
        return any(Decimal(token) == amount for token in _PLAIN_NUMBER.findall(quote))
    return any(Decimal(token.replace(",", "")) == amount for token in _NUMBER.findall(quote))
