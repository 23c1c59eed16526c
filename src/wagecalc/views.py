"""The JSON shapes wagecalc answers with, shared by the HTTP API and ``--json``.

Library results carry unrounded values and rich objects; a view is what
leaves the process: rounded amounts as decimal strings, dates as ISO 8601,
every figure with its provenance. One shape, so that the CLI's ``--json``
and the HTTP API can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal, TypeVar

import msgspec

from wagecalc.comparison import ComparedSalary, Comparison
from wagecalc.conversion import Conversion
from wagecalc.equivalence import EquivalentsResult
from wagecalc.formatting import format_money
from wagecalc.memo import BoundedMemo
from wagecalc.money import RoundingMode, round_to_minor_units
from wagecalc.periods import Period, WorkSchedule
from wagecalc.prices import PriceAdjustment, PriceIndex
from wagecalc.rates.quotes import Coverage, Leg, Quote, SourceInfo, Window
from wagecalc.rules import Rule, RuleSource, RuleValue
from wagecalc.sentences import describe_rate, fallback_sentence, publisher_name, source_date_text

__all__ = [
    "AmountView",
    "ComparedSalaryView",
    "ComparisonView",
    "ConversionView",
    "CurrencyView",
    "EquivalentView",
    "EquivalentsView",
    "LegView",
    "NotConvertedView",
    "NotInForceView",
    "PairView",
    "PriceIndexView",
    "PricesView",
    "RateView",
    "RuleSourceView",
    "RuleValueView",
    "RuleView",
    "ScheduleView",
    "SourceView",
    "WindowView",
    "comparison_view",
    "conversion_view",
    "coverage_view",
    "decimal_text",
    "equivalents_view",
    "lang_tag",
    "prices_view",
    "rate_view",
    "rule_view",
    "schedule_view",
]

DecimalString = Annotated[
    str,
    msgspec.Meta(
        description="An exact decimal number in plain notation (never an exponent).",
        pattern=r"^[0-9]+(\.[0-9]+)?$",
        examples=["4094556.47"],
    ),
]


_K = TypeVar("_K")
_V = TypeVar("_V")


def _per_object(build: Callable[[_K], _V]) -> Callable[[_K], _V]:
    """``build``, remembered per object for the immutable library objects that repeat.

    Quotes come from the rate source's cache and rules from the loaded rule set:
    the same objects answer request after request, so their views are made
    once. Keyed by identity (a Quote's hash walks all its fields); the object is
    kept with its view so that its id cannot be reused while the entry lives.
    """
    memo: dict[int, tuple[_K, _V]] = {}

    def view(obj: _K) -> _V:
        found = memo.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        if len(memo) >= 4096:
            memo.clear()
        made = build(obj)
        memo[id(obj)] = (obj, made)
        return made

    return view


def lang_tag(locale: str) -> str:
    """``zh_Hans`` → ``zh-Hans``: the BCP 47 tag the JSON ``locale`` fields and the
    ``Content-Language`` header give (the library's locale ids use CLDR's underscore)."""
    return locale.replace("_", "-")


def decimal_text(value: Decimal) -> str:
    """``Decimal('1E-12')`` → ``'0.000000000001'``: plain notation, as JSON clients expect.

    >>> [decimal_text(Decimal(t)) for t in ("1E-12", "1.5E+6", "4.50")]
    ['0.000000000001', '1500000', '4.50']
    """
    # str() is plain notation except for large exponents; it is twice as fast as format().
    # Its exponent letter follows the caller's context (``capitals``): either case falls back.
    text = str(value)
    return text if "E" not in text and "e" not in text else format(value, "f")


class AmountView(msgspec.Struct, frozen=True, kw_only=True):
    amount: DecimalString
    currency: str
    period: str
    formatted: str
    """The amount in the answer's locale, rounded to the currency's minor units."""


class SourceView(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str
    title: str
    publisher: str
    url: str
    citation: str


class LegView(msgspec.Struct, frozen=True, gc=False, kw_only=True, omit_defaults=True):
    base: str
    quote: str
    rate: DecimalString
    date: dt.date
    """The date its publisher published it (``provider``'s, when named)."""
    provider: str | None = None
    """Who published it, when the source relays several publishers (Frankfurter's key
    for a central bank, e.g. ``SBV``); absent when the quote's ``source`` is the publisher."""


class WindowView(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    start: dt.date
    end: dt.date
    rates_averaged: int


class RateView(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """An exchange rate and everything needed to check it.

    An amount put into its own currency uses none: ``value`` is 1, ``path`` the one
    currency, ``legs`` empty, ``rate_date`` the date asked, and ``text`` says that no
    rate was used; ``source`` is the configured rate source, which was not asked."""

    value: DecimalString
    """Units of the target per unit of the base, to 12 significant digits."""
    base: str
    target: str
    requested_date: dt.date | None
    rate_date: dt.date
    fallback: str | None
    fallback_detail: str | None
    age_days: int
    path: list[str]
    legs: list[LegView]
    basis: str
    window: WindowView | None
    source: SourceView
    text: str
    """The rate in a sentence, in the answer's locale: the rate to four decimals, and how
    much older it is than the date asked, in words ("…, rate of 2026-10-30, 28 days before
    the date asked"); "No exchange rate: both amounts are in USD." when none was used."""
    fallback_text: str | None
    """Why the rate's date is not the date asked, in the answer's locale; else null."""


class ScheduleView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    label: str
    hours_per_day: DecimalString
    days_per_week: DecimalString
    weeks_per_year: DecimalString
    days_off: DecimalString
    days_per_year: DecimalString
    hours_per_year: DecimalString
    citation: str


MonthString = Annotated[
    str,
    msgspec.Meta(
        description="A month, YYYY-MM.", pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2026-08"]
    ),
]


class PriceIndexView(msgspec.Struct, frozen=True, kw_only=True):
    """A price index and where a reader checks it."""

    id: str
    currency: str
    title: str
    short: str
    publisher: str
    series: str
    url: str
    licence: str


class PricesView(msgspec.Struct, frozen=True, kw_only=True):
    """An amount moved between months with a price index (real terms), and the index."""

    amount: DecimalString
    """The amount as given, of ``from_month``."""
    currency: str
    adjusted: DecimalString
    """In prices of ``to_month``, rounded to minor units (a conversion rounds only its result)."""
    from_month: MonthString
    from_value: DecimalString
    to_month: MonthString
    to_value: DecimalString
    index: PriceIndexView
    sentence: str
    """``'USD 900,000 of July 2023 is USD 986,231.19 in prices of August 2026 (US CPI-U,
    BLS).'`` in the answer's language."""


class ConversionView(msgspec.Struct, frozen=True, kw_only=True, rename={"from_": "from"}):
    """A conversion: what was given, what it is worth, and at which rate."""

    from_: AmountView
    to: AmountView
    rate: RateView
    schedule: str
    rounding: str
    locale: str
    """The locale of the ``formatted`` amounts (``en`` from the CLI)."""
    prices: PricesView | msgspec.UnsetType = msgspec.UNSET
    """With ``adjust_to``: the amount moved into that month's prices before it was
    converted (absent otherwise)."""


class CurrencyView(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name: str
    minor_units: int
    first_date: dt.date
    last_date: dt.date
    ranges: list[tuple[dt.date, dt.date]]
    source: str
    """The rate source that answers for this currency: ``ecb`` (embedded), ``live`` or
    ``frankfurter``; a networked source's embedded fallback is named as ``ecb``."""
    providers: list[str]
    """Who publishes its rates (``European Central Bank``, central banks through
    Frankfurter)."""


def _source_view(info: SourceInfo) -> SourceView:
    return SourceView(
        name=info.name,
        title=info.title,
        publisher=info.publisher,
        url=info.url,
        citation=info.citation,
    )


def _leg_view(leg: Leg) -> LegView:
    return LegView(
        base=leg.base,
        quote=leg.quote,
        rate=decimal_text(leg.rate),
        date=leg.date,
        provider=leg.provider,
    )


def _window_view(window: Window | None) -> WindowView | None:
    if window is None:
        return None
    return WindowView(start=window.start, end=window.end, rates_averaged=window.rates_averaged)


def rate_view(quote: Quote, locale: str = "en") -> RateView:
    """The quote as JSON, its sentences in ``locale`` (remembered per quote and locale)."""
    key = (id(quote), locale)
    found = _RATE_VIEWS.get(key)
    if found is not None and found[0] is quote:
        return found[1]
    base = _rate_view(quote)
    # The publisher in the reader's language where it has a name in it (欧洲中央银行), as
    # the rate line names it.
    publisher = publisher_name(locale, base.source.publisher)
    view = _replace(
        base,
        source=base.source
        if publisher == base.source.publisher
        else _replace(base.source, publisher=publisher),
        text=describe_rate(
            locale,
            base=quote.base,
            target=quote.target,
            rate=quote.rate,
            publisher=quote.source.publisher,
            rate_date=quote.rate_date,
            requested=quote.requested_date,
        ),
        fallback_text=None
        if quote.fallback is None
        else fallback_sentence(
            locale,
            quote.fallback.value,
            requested="" if quote.requested_date is None else quote.requested_date.isoformat(),
            rate_date=quote.rate_date.isoformat(),
        )
        or quote.fallback_detail,
    )
    _RATE_VIEWS.remember(key, (quote, view))
    return view


_RATE_VIEWS: BoundedMemo[tuple[int, str], tuple[Quote, RateView]] = BoundedMemo(4096)


@_per_object
def _rate_view(quote: Quote) -> RateView:
    return RateView(
        value=decimal_text(quote.display_rate()),
        base=quote.base,
        target=quote.target,
        requested_date=quote.requested_date,
        rate_date=quote.rate_date,
        fallback=None if quote.fallback is None else quote.fallback.value,
        fallback_detail=quote.fallback_detail,
        age_days=quote.age_days,
        path=list(quote.path),
        legs=[_leg_view(leg) for leg in quote.legs],
        basis=quote.basis,
        window=_window_view(quote.window),
        source=_source_view(quote.source),
        text="",
        fallback_text=None,
    )


@_per_object
def _price_index_view(index: PriceIndex) -> PriceIndexView:
    return PriceIndexView(
        id=index.id,
        currency=index.currency,
        title=index.title,
        short=index.short,
        publisher=index.publisher,
        series=index.series,
        url=index.url,
        licence=index.licence,
    )


def prices_view(adjustment: PriceAdjustment, locale: str = "en") -> PricesView:
    """The JSON of a price adjustment, its sentence in ``locale``."""
    return PricesView(
        amount=decimal_text(adjustment.amount.amount),
        currency=adjustment.amount.currency,
        adjusted=decimal_text(adjustment.adjusted.amount),
        from_month=str(adjustment.from_month),
        from_value=decimal_text(adjustment.from_value),
        to_month=str(adjustment.to_month),
        to_value=decimal_text(adjustment.to_value),
        index=_price_index_view(adjustment.index),
        sentence=adjustment.sentence(locale),
    )


def conversion_view(
    conversion: Conversion,
    *,
    formatted_from: str | None = None,
    formatted_to: str | None = None,
    locale: str = "en",
) -> ConversionView:
    if formatted_from is None:
        given = conversion.source.rounded(conversion.rounding)
        formatted_from = format_money(given.amount, given.currency, locale)
    if formatted_to is None:
        formatted_to = format_money(conversion.target.amount, conversion.target.currency, locale)
    return ConversionView(
        from_=AmountView(
            amount=decimal_text(conversion.source.amount),
            currency=conversion.source.currency,
            period=_PERIOD_TEXT[conversion.source_period],
            formatted=formatted_from,
        ),
        to=AmountView(
            amount=decimal_text(conversion.target.amount),
            currency=conversion.target.currency,
            period=_PERIOD_TEXT[conversion.target_period],
            formatted=formatted_to,
        ),
        rate=rate_view(conversion.quote, locale),
        schedule=conversion.schedule.id,
        rounding=_ROUNDING_TEXT[conversion.rounding],
        locale=lang_tag(locale),
        prices=msgspec.UNSET
        if conversion.prices is None
        else prices_view(conversion.prices, locale),
    )


def schedule_view(schedule: WorkSchedule) -> ScheduleView:
    return ScheduleView(
        id=schedule.id,
        label=schedule.label,
        hours_per_day=decimal_text(schedule.hours_per_day),
        days_per_week=decimal_text(schedule.days_per_week),
        weeks_per_year=decimal_text(schedule.weeks_per_year),
        days_off=decimal_text(schedule.days_off),
        days_per_year=decimal_text(schedule.days_per_year),
        hours_per_year=decimal_text(schedule.hours_per_year),
        citation=schedule.citation,
    )


def coverage_view(
    coverage: Coverage, name: str, minor_units: int, source: SourceInfo
) -> CurrencyView:
    """``source``: the rate source asked; the coverage may name another that answers."""
    return CurrencyView(
        code=coverage.currency,
        name=name,
        minor_units=minor_units,
        first_date=coverage.first,
        last_date=coverage.last,
        ranges=list(coverage.ranges),
        source=coverage.source or source.name,
        providers=list(coverage.providers or (source.publisher,)),
    )


class RuleSourceView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    title: str
    title_lang: str | None = None
    """The BCP 47 tag of ``title``'s language when it is not the answer's (``"en"`` for a
    headline shown as written in a ``zh-Hans`` answer); absent when it is the answer's."""
    publisher: str
    publisher_lang: str | None = None
    """As ``title_lang``, for ``publisher``."""
    date: dt.date
    """The source's date; only its month is stated when ``date_precision`` is ``month``, and
    none at all when it is ``undated`` (then the first day of the period it describes)."""
    date_precision: Literal["day", "month", "undated"]
    date_text: str
    """The date as a reader sees it, in the answer's language (``2023-07-26``,
    ``July 2024``, ``undated``)."""
    url: str | None
    quote: str | None
    """The source's own words that state the figure, as read at ``url``."""
    retrieved: dt.date | None
    """When ``quote`` was read at ``url``."""
    note: str | None


class RuleValueView(msgspec.Struct, frozen=True, kw_only=True):
    """One dated value of a rule: in force from its date until the rule's next value."""

    in_force_from: dt.date
    amount: DecimalString
    currency: str
    source: RuleSourceView
    note: str | None
    period: str | None
    """What the figure describes when that differs from when it is in force (a survey's
    month, a plan year)."""
    published: dt.date | None
    """When a statistic was published: it is in force from then."""
    through: dt.date | None
    """The last day the source states the figure for."""


class RuleView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: str
    per: str
    tags: list[str]
    in_force: RuleValueView | None
    """The value in force on the date asked (``RulesView.date``); null when none was."""
    not_in_force_reason: str | None
    """Why no value was in force that day (``'no value before 2022-05-01'``), else null."""
    values: list[RuleValueView]
    """Every value, in date order."""
    labels: dict[str, dict[str, str]]


class NotInForceView(msgspec.Struct, frozen=True, kw_only=True):
    """A selected rule left out of the answer: it had no value in force on the date asked."""

    rule: str
    kind: str
    reason: str
    sentence: str
    """The same for readers: "No SAG-AFTRA Health Plan earnings threshold is held for
    2019-06-01: the first one held is in force from 2021-01-01." """
    first_in_force_from: dt.date
    last_through: dt.date | None
    """When the rule is left out because its last sourced value ended (``through``), that
    value's last day; null when the date is before the first value."""


class NotConvertedView(msgspec.Struct, frozen=True, kw_only=True):
    """A selected rule left out of the answer: the rate source cannot convert the amount
    into its currency on the date asked (it publishes no rate for it, or none that day)."""

    rule: str
    kind: str
    currency: str
    """The currency of the rule's value in force (``AED``)."""
    reason: str
    """``'no AED rate published'``, ``'no RUB rate for 2023-07-26'``."""
    sentence: str
    """The same for readers: "No Big Mac price in the United Arab Emirates can be shown:
    the exchange rates used (European Central Bank) include no AED rate." """


class EquivalentView(msgspec.Struct, frozen=True, kw_only=True):
    """One rule applied: the count, its sentence, the rule and where its figure comes from."""

    rule: str
    kind: str
    count: DecimalString
    """As shown in the sentence (rounded per kind); ``count_exact`` has all digits."""
    count_exact: DecimalString
    approximate: bool
    sentence: str
    rule_amount: AmountView
    in_force_from: dt.date
    """The date the rule's value used here took effect."""
    source: RuleSourceView
    """The source of that value."""
    note: str | None
    """The value's note: scope, phases, doubts."""
    period: str | None
    """What the figure describes (a survey's month, a plan year), when given."""
    published: dt.date | None
    """When the statistic was published (it applies from then), when given."""
    through: dt.date | None
    """The last day the figure's source states it for, when given."""
    carried_forward: bool
    """The date asked is after ``through``: the last sourced period's figure is used."""
    conversion: RateView | None
    """The rate into the rule's currency, when the currencies differ."""


class EquivalentsView(msgspec.Struct, frozen=True, kw_only=True):
    amount: AmountView
    requested_date: dt.date | None
    schedule: str
    locale: str
    rules_version: str
    rules_date: dt.date
    """The date whose rule values were used: the date asked, or today (UTC)."""
    equivalents: list[EquivalentView]
    not_in_force: list[NotInForceView]
    """Selected rules with no value in force on ``rules_date``, with the reason."""
    conversion: ConversionView | None = None
    """The amount converted into the currency asked for with ``to=`` (the widget's
    headline), on the same date and period; None when none was asked for."""
    prices: PricesView | msgspec.UnsetType = msgspec.UNSET
    """With ``adjust_to``: the amount moved into that month's prices, which the sentences
    use; the rules are those in force at that month's end (``rules_date``)."""
    not_converted: list[NotConvertedView] | msgspec.UnsetType = msgspec.UNSET
    """Selected rules whose currency the rate source cannot convert into on the date, with
    the reason (the ECB publishes no AED rate); absent when there are none, so an answer
    without them stays as short as it was (the widget's first load has a byte budget)."""


class ComparedSalaryView(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    given: AmountView
    per_period: dict[str, DecimalString]
    """The salary in the display currency on each period: hour, day, week, month, year."""
    rate: RateView
    prices: PricesView | msgspec.UnsetType = msgspec.UNSET
    """With ``adjust_to``: the salary moved from its month into that month's prices
    before it was converted (absent when it was not moved)."""


class PairView(msgspec.Struct, frozen=True, kw_only=True):
    a: int
    b: int
    ratio: DecimalString
    difference_per_year: str
    """a's yearly pay minus b's, in the display currency (negative when a earns less)."""
    days_to_earn: DecimalString
    hours_to_earn: DecimalString
    sentence: str


class ComparisonView(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    requested_date: dt.date | None
    schedule: str
    locale: str
    rounding: str
    salaries: list[ComparedSalaryView]
    pairs: list[PairView]
    in_prices_of: MonthString | msgspec.UnsetType = msgspec.UNSET
    """With ``adjust_to``: the month whose prices every figure is in."""
    prices_sentence: str | msgspec.UnsetType = msgspec.UNSET
    """``'Figures in prices of August 2026 (US CPI-U, BLS).'``, with ``adjust_to``."""


def _rule_amount_view(rule: Rule, value: RuleValue, locale: str) -> AmountView:
    return AmountView(
        amount=decimal_text(value.amount),
        currency=value.currency,
        period=rule.per.value,
        formatted=format_money(value.amount, value.currency, locale),
    )


@_per_object
def _rule_source_view(source: RuleSource) -> RuleSourceView:
    return RuleSourceView(
        title=source.title,
        title_lang=source.title_lang_in("en"),
        publisher=source.publisher,
        publisher_lang=source.publisher_lang_in("en"),
        date=source.date,
        date_precision=source.date_precision,
        date_text=source_date_text(source.date, source.date_precision, "en"),
        url=source.url,
        quote=source.quote,
        retrieved=source.retrieved,
        note=source.note,
    )


def _localized_source_view(source: RuleSource, locale: str) -> RuleSourceView:
    """The source as a reader of ``locale`` sees it: a title or publisher line in the
    table's own words in that language where the table gives one."""
    view = _rule_source_view(source)
    title, publisher = source.title_in(locale), source.publisher_in(locale)
    title_lang, publisher_lang = source.title_lang_in(locale), source.publisher_lang_in(locale)
    date_text = source_date_text(source.date, source.date_precision, locale)
    shown = (title, title_lang, publisher, publisher_lang, date_text)
    if shown == (view.title, view.title_lang, view.publisher, view.publisher_lang, view.date_text):
        return view
    return msgspec.structs.replace(
        view,
        title=title,
        title_lang=title_lang,
        publisher=publisher,
        publisher_lang=publisher_lang,
        date_text=date_text,
    )


@_per_object
def _rule_value_view(value: RuleValue) -> RuleValueView:
    return RuleValueView(
        in_force_from=value.in_force_from,
        amount=decimal_text(value.amount),
        currency=value.currency,
        source=_rule_source_view(value.source),
        note=value.note,
        period=value.period,
        published=value.published,
        through=value.through,
    )


def rule_view(rule: Rule, on: dt.date) -> RuleView:
    """A rule with the value in force on ``on`` and all its values."""
    in_force = rule.value_on(on)
    return RuleView(
        id=rule.id,
        kind=rule.kind.value,
        per=rule.per.value,
        tags=list(rule.tags),
        in_force=None if in_force is None else _rule_value_view(in_force),
        not_in_force_reason=rule.not_in_force_reason(on),
        values=[_rule_value_view(v) for v in rule.values],
        labels=rule.labels,
    )


def equivalents_view(
    result: EquivalentsResult, *, formatted_amount: str | None = None
) -> EquivalentsView:
    if formatted_amount is None:
        amount = round_to_minor_units(result.amount.amount, result.amount.currency)
        formatted_amount = format_money(amount, result.amount.currency, result.locale)
    locale = result.locale
    items = []
    for item in result.items:
        rule, value, quote = item.rule, item.value, item.quote
        found = _EQUIVALENT_VIEWS.get((id(rule), id(value), locale))
        base = _equivalent_view(rule, value, locale) if found is None else found[2]
        # Only the counts, the sentence and the rate are the request's own.
        items.append(
            _replace(
                base,
                count=decimal_text(item.shown),
                count_exact=decimal_text(item.count),
                approximate=item.approximate,
                sentence=item.sentence,
                carried_forward=item.carried_forward,
                conversion=None if quote is None else rate_view(quote, locale),
            )
        )
    return EquivalentsView(
        amount=AmountView(
            amount=decimal_text(result.amount.amount),
            currency=result.amount.currency,
            period=result.period.value,
            formatted=formatted_amount,
        ),
        requested_date=result.requested_date,
        schedule=result.schedule.id,
        locale=lang_tag(locale),
        rules_version=result.rules_version,
        rules_date=result.rules_date,
        equivalents=items,
        not_in_force=[
            NotInForceView(
                rule=left.rule.id,
                kind=left.rule.kind.value,
                reason=left.reason,
                sentence=left.sentence,
                first_in_force_from=left.rule.values[0].in_force_from,
                last_through=left.rule.last_through(result.rules_date),
            )
            for left in result.not_in_force
        ],
        prices=msgspec.UNSET if result.prices is None else prices_view(result.prices, locale),
        not_converted=[
            NotConvertedView(
                rule=left.rule.id,
                kind=left.rule.kind.value,
                currency=left.currency,
                reason=left.reason,
                sentence=left.sentence,
            )
            for left in result.not_converted
        ]
        or msgspec.UNSET,
    )


#: Enum values by member: a dict look-up, where ``.value`` is a Python-level descriptor
#: call (a comparison view reads a dozen of them).
_PERIOD_TEXT: dict[Period, str] = {p: p.value for p in Period}
_ROUNDING_TEXT: dict[RoundingMode, str] = {m: m.value for m in RoundingMode}


def _compared_salary_view(
    entry: ComparedSalary, locale: str, rounding: RoundingMode
) -> ComparedSalaryView:
    salary = entry.salary
    return ComparedSalaryView(
        label=entry.label,
        given=AmountView(
            amount=decimal_text(salary.amount),
            currency=salary.currency,
            period=_PERIOD_TEXT[salary.period],
            formatted=format_money(
                round_to_minor_units(salary.amount, salary.currency, rounding),
                salary.currency,
                locale,
            ),
        ),
        per_period={_PERIOD_TEXT[p]: decimal_text(m.amount) for p, m in entry.per_period.items()},
        rate=rate_view(entry.quote, locale),
        prices=msgspec.UNSET if entry.prices is None else prices_view(entry.prices, locale),
    )


_replace = msgspec.structs.replace

#: (id(rule), id(value), locale) → (rule, value, the view of all that does not depend on the
#: amount); the entry keeps the rule and value so that their ids cannot be reused.
_EQUIVALENT_VIEWS: BoundedMemo[tuple[int, int, str], tuple[Rule, RuleValue, EquivalentView]] = (
    BoundedMemo(4096)
)


def _equivalent_view(rule: Rule, value: RuleValue, locale: str) -> EquivalentView:
    """A rule's value as every equivalent that applies it in ``locale`` shows it.

    The rule, its figure, source and note are the same request after request:
    made once, then copied with the request's counts and sentence.
    """
    view = EquivalentView(
        rule=rule.id,
        kind=rule.kind.value,
        count="0",
        count_exact="0",
        approximate=False,
        sentence="",
        rule_amount=_rule_amount_view(rule, value, locale),
        in_force_from=value.in_force_from,
        source=_localized_source_view(value.source, locale),
        note=value.note_in(locale),
        period=value.period_in(locale),
        published=value.published,
        through=value.through,
        carried_forward=False,
        conversion=None,
    )
    _EQUIVALENT_VIEWS.remember((id(rule), id(value), locale), (rule, value, view))
    return view


def comparison_view(result: Comparison) -> ComparisonView:
    return ComparisonView(
        currency=result.currency,
        requested_date=result.requested_date,
        schedule=result.schedule.id,
        locale=lang_tag(result.locale),
        rounding=_ROUNDING_TEXT[result.rounding],
        salaries=[
            _compared_salary_view(entry, result.locale, result.rounding)
            for entry in result.salaries
        ],
        pairs=[
            PairView(
                a=pair.a,
                b=pair.b,
                ratio=decimal_text(pair.ratio),
                difference_per_year=decimal_text(pair.difference_per_year.amount),
                days_to_earn=decimal_text(pair.days_to_earn),
                hours_to_earn=decimal_text(pair.hours_to_earn),
                sentence=pair.sentence,
            )
            for pair in result.pairs
        ],
        in_prices_of=msgspec.UNSET if result.in_prices_of is None else str(result.in_prices_of),
        prices_sentence=result.prices_sentence or msgspec.UNSET,
    )
