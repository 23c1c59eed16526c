"""Compare labelled salaries in one currency: every period, ratios, time to earn.

"The product manager earns a background actor's yearly pay in 15 working
days": each salary is converted to the display currency (with its quote),
put on every period with the work schedule, and each ordered pair gets the
ratio of their yearly pay, the difference, and how long the first takes to
earn the second's year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

import msgspec

from wagecalc.arguments import (
    BasisLike,
    DateLike,
    PeriodLike,
    RoundingLike,
    ScheduleLike,
    as_basis,
    as_dates,
    as_period,
    as_rounding,
    as_schedule,
)
from wagecalc.conversion import (
    AmountLike,
    as_amount,
    convert_exact_by_factors,
    default_source,
    relabel_field,
)
from wagecalc.currencies import validate_currency
from wagecalc.errors import (
    InputError,
    InvalidSalaryError,
    RateUnavailableError,
    UnsupportedCurrencyError,
)
from wagecalc.formatting import format_count, format_money_prose
from wagecalc.labels import MAX_LABEL_LENGTH, check_label, is_label
from wagecalc.locales import SUPPORTED_LOCALES, negotiate_locale
from wagecalc.memo import BoundedMemo
from wagecalc.money import WORK_CONTEXT, Money, RoundingMode, minor_unit, round_to_minor_units
from wagecalc.periods import DEFAULT_SCHEDULE, Period, WorkSchedule
from wagecalc.prices import (
    Month,
    MonthLike,
    PriceAdjustment,
    PriceIndex,
    adjust_for_prices,
    default_price_indexes,
    month_of,
    parse_month,
)
from wagecalc.rates.quotes import SPOT, Basis, Quote, RateSource, same_currency_quote
from wagecalc.sentences import (
    about,
    figure_phrase,
    per_phrase,
    prices_note,
    time_to_earn_sentence,
)

__all__ = [
    "MAX_LABEL_LENGTH",
    "MAX_SALARIES",
    "ComparedSalary",
    "Comparison",
    "Pair",
    "Salary",
    "compare",
    "compare_checked",
    "is_label",
    "make_salary",
    "parse_salary",
]

MAX_SALARIES = 10

_SALARY_RE = re.compile(r"(?P<amount>\S+) (?P<currency>\S+)/(?P<period>\S+)", re.ASCII)


class Salary(msgspec.Struct, frozen=True, kw_only=True):
    """A labelled pay figure: ``900000 USD`` per ``year``."""

    label: str
    amount: Decimal
    currency: str
    period: Period
    labelled: bool = True
    """False when no label was given: sentences then name the salary by its figure, in
    the answer's locale ("USD 900,000 a year"), never by the query text."""
    month: Month | None = None
    """The month whose prices the figure is in (a 2023 salary, a 2026 minimum wage), for a
    comparison asked ``in_prices_of`` a month; None: the month of the date asked."""


class ComparedSalary(msgspec.Struct, frozen=True, kw_only=True):
    salary: Salary
    label: str
    """The label as sentences show it: the one given, or the figure in the locale."""
    quote: Quote
    per_period: dict[Period, Money]
    """The salary in the display currency on every period, rounded to minor units."""
    exact_per_year: Decimal
    prices: PriceAdjustment | None = None
    """With ``in_prices_of``: the salary moved, in its own currency, from its month into
    that month's prices before it was converted; None when it was not moved (no
    ``in_prices_of``, or a salary already of that month in a currency with no index)."""


class Pair(msgspec.Struct, frozen=True, kw_only=True):
    """How salary ``a`` compares with salary ``b`` (indexes into the salaries)."""

    a: int
    b: int
    ratio: Decimal
    """a's yearly pay over b's, to 4 significant digits."""
    difference_per_year: Money
    """a's yearly pay minus b's, rounded to minor units (negative when a earns less)."""
    days_to_earn: Decimal
    """Working days a needs to earn b's yearly pay, to one decimal."""
    hours_to_earn: Decimal
    sentence: str


class Comparison(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    requested_date: dt.date | None
    schedule: WorkSchedule
    locale: str
    rounding: RoundingMode
    salaries: list[ComparedSalary]
    pairs: list[Pair]
    in_prices_of: Month | None = None
    """The month whose prices every figure is in, when one was asked for."""
    prices_sentence: str | None = None
    """``'Figures in prices of August 2026 (US CPI-U, BLS).'``, in the answer's locale."""


def make_salary(
    amount: AmountLike,
    currency: str,
    period: PeriodLike,
    label: str,
    *,
    index: int | None = None,
    month: MonthLike | None = None,
) -> Salary:
    """A checked :class:`Salary`; errors name the parameter at fault (``currency``).

    ``index``, the salary's place in a comparison's list, makes errors name
    ``salaries[index].<parameter>`` instead (``salaries[1].currency``), as the HTTP
    API's body and the CLI do. ``month`` (``"2023-07"``) is the month whose prices
    the figure is in, for a comparison in one month's prices (:func:`compare`'s
    ``in_prices_of``)."""
    where = "" if index is None else f"salaries[{index}]."
    period = as_period(period, field=f"{where}period")
    return Salary(
        label=check_label(label, f"{where}label"),
        amount=as_amount(amount, field=f"{where}amount"),
        currency=validate_currency(currency, field=f"{where}currency"),
        period=period,
        month=None if month is None else parse_month(month, field=f"{where}month"),
    )


#: parse_salary's errors in a part of its text name the text (its parameter).
_TEXT_FIELDS = {"amount": "text", "currency": "text", "period": "text"}


def parse_salary(text: str, *, label: str | None = None, index: int | None = None) -> Salary:
    """``"900000 USD/year"`` → a Salary; the label defaults to the text itself.

    Errors name ``text`` (or ``label``); with ``index``, ``salaries[index]`` and the
    part at fault (``salaries[0].currency``), as :func:`make_salary` does.

    >>> parse_salary("200 USD/day", label="background actor").amount
    Decimal('200')
    """
    match = _SALARY_RE.fullmatch(text)
    where = "text" if index is None else f"salaries[{index}]"
    if match is None:
        raise InvalidSalaryError(
            f"{where}: {text[:40]!r} is not 'AMOUNT CODE/PERIOD', e.g. '900000 USD/year'",
            field=where,
        )
    if index is not None:
        period = as_period(match["period"], field=f"{where}.period")
        salary = make_salary(match["amount"], match["currency"], period, label or text, index=index)
    else:
        try:
            period = as_period(match["period"], field="period")
            salary = make_salary(match["amount"], match["currency"], period, label or text)
        except InputError as exc:  # a part of the text (or the text as its own label)
            names = _TEXT_FIELDS if label else {**_TEXT_FIELDS, "label": "text"}
            raise relabel_field(exc, names) from None
    return salary if label else msgspec.structs.replace(salary, labelled=False)


def compare(
    salaries: Sequence[Salary],
    currency: str,
    *,
    on: DateLike | None = None,
    schedule: ScheduleLike = DEFAULT_SCHEDULE,
    basis: BasisLike = SPOT,
    rounding: RoundingLike = RoundingMode.HALF_EVEN,
    locale: str = "en",
    source: RateSource | None = None,
    today: DateLike | None = None,
    in_prices_of: MonthLike | None = None,
    price_indexes: Mapping[str, PriceIndex] | None = None,
) -> Comparison:
    """Compare 2 to 10 salaries in ``currency`` at the rates of ``on``.

    The schedule, basis, rounding mode and dates may be typed or given as their
    documented strings (:mod:`wagecalc.arguments`); salaries come from
    :func:`make_salary` or :func:`parse_salary`.

    ``in_prices_of`` (``"2026-08"``) compares in one month's prices: each salary is
    moved, in its own currency with that currency's index, from its ``month`` (the
    month of ``on`` when it has none) into that month's prices, then converted at the
    rate of ``on``. A 2023 salary against a 2026 figure: give each its month. The
    answer says which prices (``in_prices_of``, ``prices_sentence``) and each moved
    salary carries its adjustment. A salary that must move in a currency with no index
    held is refused (:class:`~wagecalc.errors.NoPriceIndexError` naming
    ``salaries[i].currency``); one already of that month needs no index.
    """
    given: object = salaries
    if isinstance(given, str) or not all(isinstance(s, Salary) for s in salaries):
        raise TypeError(
            "salaries must be a sequence of Salary: build each with make_salary(amount, "
            "currency, period, label) or parse_salary('900000 USD/year')"
        )
    on, today = as_dates(on, today)
    schedule, basis, rounding = as_schedule(schedule), as_basis(basis), as_rounding(rounding)
    _check_count(salaries)
    validate_currency(currency, field="currency")
    locale = locale if locale in SUPPORTED_LOCALES else negotiate_locale(locale)
    return compare_checked(
        salaries,
        currency,
        on=on,
        schedule=schedule,
        basis=basis,
        rounding=rounding,
        locale=locale,
        source=source,
        today=today,
        in_prices_of=(
            None if in_prices_of is None else parse_month(in_prices_of, field="in_prices_of")
        ),
        price_indexes=price_indexes,
    )


#: Salaries already converted: a comparison often repeats one (a widget's reference salary).
#: Keyed by what the figures depend on: the salary as given (its amount's digits, not only
#: its value: 200 and 200.0 are shown differently), the quote and the schedule (by
#: identity: a new quote, from a live source, is converted anew; both are kept in the entry,
#: so that their ids cannot be reused while it lives), the display currency and the rounding.
_CONVERTED: BoundedMemo[
    tuple[object, ...], tuple[Quote, WorkSchedule, dict[Period, Money], Decimal]
] = BoundedMemo(512)


def compare_checked(
    salaries: Sequence[Salary],
    currency: str,
    *,
    on: dt.date | None,
    schedule: WorkSchedule,
    basis: Basis,
    rounding: RoundingMode,
    locale: str,
    source: RateSource | None = None,
    today: dt.date | None = None,
    in_prices_of: Month | None = None,
    price_indexes: Mapping[str, PriceIndex] | None = None,
) -> Comparison:
    """:func:`compare` of arguments already checked and typed, for callers that checked them.

    ``salaries`` are :class:`Salary` objects, ``currency`` passed
    :func:`~wagecalc.currencies.validate_currency` and ``locale`` is one of
    :data:`~wagecalc.locales.SUPPORTED_LOCALES`: the HTTP API has checked every
    parameter, and collected every error, before it compares.
    """
    _check_count(salaries)
    rate_source = source or default_source()
    factors = schedule.per_year_table()
    # round_to_minor_units, its look-ups done once for the ten amounts.
    quantum, how = minor_unit(currency), rounding.decimal_rounding
    compared = []
    indexes_used: dict[str, str] = {}
    for index, salary in enumerate(salaries):
        try:
            quote = (
                same_currency_quote(currency, on, basis=basis, today=today, source=rate_source.info)
                if salary.currency == currency  # no rate needed: any date, any currency
                else rate_source.quote(salary.currency, currency, on, basis=basis, today=today)
            )
        except (UnsupportedCurrencyError, RateUnavailableError) as exc:
            # quote()'s base and target: this salary's currency and the display currency.
            names = {"base": f"salaries[{index}].currency", "target": "currency"}
            raise relabel_field(exc, names) from None
        key: tuple[object, ...] = (
            salary.label,
            str(salary.amount),
            salary.currency,
            salary.period,
            id(quote),
            id(schedule),
            currency,
            rounding,
        )
        prices = None
        if in_prices_of is not None:
            prices = _moved(salary, index, on, today, in_prices_of, price_indexes, rounding)
        found = None if prices is not None else _CONVERTED.get(key)
        if found is not None and found[0] is quote and found[1] is schedule:
            per_period, exact_per_year = found[2], found[3]
        else:
            amount = salary.amount if prices is None else prices.exact  # moved: unrounded
            exact = convert_exact_by_factors(amount, quote, salary.period, factors)
            per_period = {
                p: Money(value.quantize(quantum, how, WORK_CONTEXT), currency)
                for p, value in exact.items()
            }
            exact_per_year = exact[Period.YEAR]
            if prices is None:
                _CONVERTED.remember(key, (quote, schedule, per_period, exact_per_year))
            else:  # a moved figure is not remembered: the memo keys the amount as given
                indexes_used.setdefault(prices.index.id, prices.index.short)
        compared.append(
            ComparedSalary(
                salary=salary,
                label=salary.label if salary.labelled else _figure_label(salary, locale),
                quote=quote,
                per_period=dict(per_period),  # a caller's own dict: the memo's is shared
                exact_per_year=exact_per_year,
                prices=prices,
            )
        )
    pairs = [
        _pair(i, j, compared, currency, factors, rounding, locale)
        for i in range(len(compared))
        for j in range(len(compared))
        if i != j
    ]
    return Comparison(
        currency=currency,
        requested_date=on,
        schedule=schedule,
        locale=locale,
        rounding=rounding,
        salaries=compared,
        pairs=pairs,
        in_prices_of=in_prices_of,
        prices_sentence=(
            None
            if in_prices_of is None or not indexes_used
            else prices_note(locale, month=in_prices_of, index="; ".join(indexes_used.values()))
        ),
    )


def _moved(
    salary: Salary,
    index: int,
    on: dt.date | None,
    today: dt.date | None,
    target: Month,
    indexes: Mapping[str, PriceIndex] | None,
    rounding: RoundingMode,
) -> PriceAdjustment | None:
    """``salary`` in prices of ``target``; None when it is of that month and its currency
    has no index (already in those prices: nothing to move, nothing to cite)."""
    start = salary.month or month_of(on, today)
    held = default_price_indexes() if indexes is None else indexes
    if start == target and salary.currency not in held:
        return None
    where = f"salaries[{index}]"
    return adjust_for_prices(
        salary.amount,
        salary.currency,
        start,
        target,
        indexes=held,
        rounding=rounding,
        fields=(f"{where}.currency", f"{where}.month" if salary.month else "on", "in_prices_of"),
    )


def _check_count(salaries: Sequence[Salary]) -> None:
    if not 2 <= len(salaries) <= MAX_SALARIES:
        raise InputError(
            f"salaries: compare 2 to {MAX_SALARIES} salaries, not {len(salaries)}",
            field="salaries",
        )


def _pair(
    i: int,
    j: int,
    compared: list[ComparedSalary],
    currency: str,
    factors: dict[Period, Decimal],
    rounding: RoundingMode,
    locale: str,
) -> Pair:
    a, b = compared[i].exact_per_year, compared[j].exact_per_year
    ratio = WORK_CONTEXT.divide(a, b)
    # Time for a to earn b's year: b's yearly pay over a's pay per working day (or hour).
    days = WORK_CONTEXT.divide(WORK_CONTEXT.multiply(b, factors[Period.DAY]), a)
    hours = WORK_CONTEXT.divide(WORK_CONTEXT.multiply(b, factors[Period.HOUR]), a)
    # Positional quantize arguments: keyword parsing costs more than the quantize itself.
    days_shown = days.quantize(_TENTH, ROUND_HALF_EVEN, WORK_CONTEXT)
    hours_shown = hours.quantize(_TENTH, ROUND_HALF_EVEN, WORK_CONTEXT)
    # Figures as labels read best as "At USD 900,000 a year, it takes …"; a sentence with
    # one or two given labels reads "PM earns in … what USD 200 a day earns in a year".
    labelled = compared[i].salary.labelled or compared[j].salary.labelled
    days_text = format_count(days_shown, locale)
    # "about" when the rounding changed the figure; not for the last of 60 digits of a
    # quotient that is exact (4,500 days computed through two conversions).
    if abs(days - days_shown) > _NOISE:
        days_text = about(days_text, locale)
    sentence = time_to_earn_sentence(
        locale,
        earner=_at_start(compared[i].label, locale) if labelled else compared[i].label,
        other=_mid_sentence(compared[j].label, locale) if labelled else compared[j].label,
        days=days_text,
        hours=format_count(hours_shown, locale),
        days_plural_n=1 if days_shown == 1 else 2,
        labelled=labelled,
    )
    return Pair(
        a=i,
        b=j,
        ratio=_significant(ratio, 4),
        difference_per_year=Money(
            round_to_minor_units(WORK_CONTEXT.subtract(a, b), currency, rounding), currency
        ),
        days_to_earn=days_shown,
        hours_to_earn=hours_shown,
        sentence=sentence,
    )


_TENTH = Decimal("0.1")
_NOISE = Decimal("1e-40")


def _figure_label(salary: Salary, locale: str) -> str:
    """An unlabelled salary as sentences name it: ``'USD 900,000 a year'``, ``'每年US$900,000'``."""
    amount = format_money_prose(salary.amount, salary.currency, locale)
    return figure_phrase(locale, amount=amount, per=per_phrase(salary.period, locale))


#: Locales whose labels have letter case (sentence starts are capitalised).
_CASED = frozenset({"en", "ms"})


def _at_start(label: str, locale: str) -> str:
    """A label that starts a sentence, capitalised: "background actor" → "Background actor"."""
    if locale not in _CASED or not label[:1].islower():
        return label
    return label[0].upper() + label[1:]


def _mid_sentence(label: str, locale: str) -> str:
    """A label inside a sentence: a capital that only started a phrase is lowered
    ("Background actor" → "background actor"); names keep theirs ("Rob Delaney",
    "Netflix ML product manager", and any one-word label, which may be a name)."""
    if locale not in _CASED:
        return label
    words = label.split()
    first = words[0] if words else ""
    if (
        len(words) < 2
        or not (first[:1].isupper() and first[1:].islower())
        or any(not w.islower() for w in words[1:] if any(c.isalpha() for c in w))
    ):
        return label
    return label[0].lower() + label[1:]


def _significant(value: Decimal, digits: int) -> Decimal:
    exponent = value.adjusted() + 1 - digits
    return value.quantize(Decimal(1).scaleb(exponent), None, WORK_CONTEXT)
