"""Convert a pay figure between currencies and pay periods, with its quote."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TypeVar

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
from wagecalc.currencies import validate_currency
from wagecalc.errors import (
    AmountTooPreciseError,
    InputError,
    RateUnavailableError,
    WagecalcError,
)
from wagecalc.money import (
    WORK_CONTEXT,
    Money,
    RoundingMode,
    check_amount,
    parse_amount,
    round_to_minor_units,
)
from wagecalc.periods import DEFAULT_SCHEDULE, Period, WorkSchedule

# At run time, not only for type checkers: msgspec, typing.get_type_hints and help()
# resolve ``Conversion.prices`` and ``convert``'s annotations in this module's names.
# Importing the module reads no index table (that is default_price_indexes(), on use).
from wagecalc.prices import (
    Month,
    MonthLike,
    PriceAdjustment,
    PriceIndex,
    adjust_for_prices,
    month_of,
    parse_month,
)
from wagecalc.rates import prepared
from wagecalc.rates.ecb import EcbSource, load_embedded_history
from wagecalc.rates.quotes import SPOT, Basis, Quote, RateSource, same_currency_quote

__all__ = [
    "AmountLike",
    "Conversion",
    "as_amount",
    "convert",
    "convert_checked",
    "convert_exact",
    "convert_exact_by_factors",
    "convert_exact_per_period",
    "default_source",
    "relabel_field",
    "relabel_fields",
]

#: What the library accepts as an amount: text in plain decimal notation, a
#: Decimal, or an int. Never a float: 0.1 has no exact binary value.
AmountLike = str | Decimal | int

E = TypeVar("E", bound=WagecalcError)


class Conversion(msgspec.Struct, frozen=True, kw_only=True):
    """A pay figure converted, before and after the one rounding."""

    source: Money
    source_period: Period
    exact: Money
    """The converted amount, unrounded (60 significant digits)."""
    target: Money
    """``exact`` rounded to the target currency's minor units with ``rounding``."""
    target_period: Period
    quote: Quote
    schedule: WorkSchedule
    rounding: RoundingMode
    prices: PriceAdjustment | None = None
    """With ``in_prices_of``: the amount moved, in its own currency, from the month of the
    date asked into that month's prices (before it was converted); None otherwise."""


#: Errors of a price adjustment name convert's parameters.
_PRICE_FIELDS = ("from_currency", "on", "in_prices_of")


@contextlib.contextmanager
def relabel_fields(names: dict[str, str]) -> Iterator[None]:
    """Re-raise an input or rate error under the caller's field name.

    A rate source's :meth:`~wagecalc.rates.quotes.RateSource.quote` speaks of ``base``,
    ``target`` and ``on``; :func:`convert` takes those currencies as ``from_currency`` and
    ``to_currency``, equivalents and comparisons under other names (``currency``,
    ``salaries[1].currency``), and the CLI and the HTTP API have names of their own.
    """
    try:
        yield
    except (InputError, RateUnavailableError) as exc:
        raise relabel_field(exc, names) from None


def relabel_field(exc: E, names: dict[str, str]) -> E:
    """``exc`` under the caller's field name (a copy), or ``exc`` itself when ``names``
    does not rename its field; the caller raises it ``from None``. For a caller that
    catches the error itself on a hot path (a ``with relabel_fields`` costs a generator
    on every call). A message that starts with the field's name says the new one."""
    if exc.field is None or exc.field not in names:
        return exc
    import copy  # only on an error: a fresh process's first conversion need not import it

    old, new = exc.field, names[exc.field]
    renamed = copy.copy(exc)
    renamed.field = new
    if exc.message.startswith(f"{old} ") or exc.message.startswith(f"{old}:"):
        renamed.message = new + exc.message[len(old) :]
    renamed.args = (renamed.message,)
    return renamed


#: A rate source's parameter names (``quote(base, target, on)``) → :func:`convert`'s.
_CONVERT_FIELDS = {"base": "from_currency", "target": "to_currency"}


@functools.cache
def default_source() -> EcbSource:
    """The embedded ECB history, loaded on first use and shared by every call.

    Read from its prepared (binary) form in the cache directory the CLI and the
    service use (``WAGECALC_CACHE_DIR``, default ``~/.cache/wagecalc``; see
    :func:`wagecalc.rates.prepared.cache_dir_from_env`), and written there by the
    first process that parses the CSV: a few milliseconds instead of about 0.4 s.
    """
    return EcbSource(load_embedded_history(prepared.cache_dir_from_env()))


def as_amount(value: AmountLike, *, field: str = "amount") -> Decimal:
    """Validate an amount given as text, Decimal or int (floats are refused)."""
    if isinstance(value, str):
        return parse_amount(value, field=field)
    if isinstance(value, Decimal):  # the common case first: already parsed
        if not value:
            return parse_amount("0", field=field)
        try:
            return check_amount(value, field=field)
        except AmountTooPreciseError as exc:
            # Most often a result's unrounded figure fed back in: say which one to pass.
            raise AmountTooPreciseError(
                f"{exc.message}; to convert a result again pass result.target.amount "
                "(rounded to minor units), not result.exact.amount",
                field=field,
            ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be a str, Decimal or int, not {_why_not(value)}")
    amount = check_amount(Decimal(value), field=field)
    if amount == 0:
        return parse_amount(str(amount), field=field)  # raises the not-positive error
    return amount


def _why_not(value: object) -> str:
    """The wrong type named, with the hint that fits it."""
    if isinstance(value, float):
        return (
            f"a float ({value!r}): floats cannot hold money exactly; "
            f"pass Decimal({str(value)!r}) or the text"
        )
    if isinstance(value, Money):
        return (
            "Money: pass its amount (result.target.amount, the rounded figure) and its "
            "currency separately"
        )
    return type(value).__name__


def convert_exact(
    amount: Decimal,
    quote: Quote,
    source_period: Period,
    target_period: Period,
    schedule: WorkSchedule,
) -> Decimal:
    """``amount`` through ``quote`` and from one period to another, with one division."""
    numerator = WORK_CONTEXT.multiply(amount, quote.numerator)
    denominator = quote.denominator
    if source_period is not target_period:
        numerator = WORK_CONTEXT.multiply(numerator, schedule.per_year(source_period))
        denominator = WORK_CONTEXT.multiply(denominator, schedule.per_year(target_period))
    return WORK_CONTEXT.divide(numerator, denominator)


def convert_exact_per_period(
    amount: Decimal, quote: Quote, source_period: Period, schedule: WorkSchedule
) -> dict[Period, Decimal]:
    """``amount`` through ``quote`` on every period: one shared numerator, one division each.

    Each value is exactly :func:`convert_exact` for that period: the same products
    in the same order. The source period itself takes no factor, as there: a mean
    rate's numerator has 60 digits already, so multiplying it by a factor and
    dividing that out again could round twice.
    """
    return convert_exact_by_factors(amount, quote, source_period, schedule.per_year_table())


def convert_exact_by_factors(
    amount: Decimal, quote: Quote, source_period: Period, factors: dict[Period, Decimal]
) -> dict[Period, Decimal]:
    """:func:`convert_exact_per_period` with the schedule's ``per_year_table()`` given,
    for a caller that converts several amounts on one schedule."""
    converted = WORK_CONTEXT.multiply(amount, quote.numerator)
    numerator = WORK_CONTEXT.multiply(converted, factors[source_period])
    denominator = quote.denominator
    return {
        period: (
            WORK_CONTEXT.divide(converted, denominator)
            if period is source_period
            else WORK_CONTEXT.divide(numerator, WORK_CONTEXT.multiply(denominator, factor))
        )
        for period, factor in factors.items()
    }


def convert(
    amount: AmountLike,
    from_currency: str,
    to_currency: str,
    *,
    on: DateLike | None = None,
    period: PeriodLike = Period.YEAR,
    to_period: PeriodLike | None = None,
    schedule: ScheduleLike = DEFAULT_SCHEDULE,
    basis: BasisLike = SPOT,
    rounding: RoundingLike = RoundingMode.HALF_EVEN,
    source: RateSource | None = None,
    today: DateLike | None = None,
    in_prices_of: MonthLike | None = None,
    price_indexes: Mapping[str, PriceIndex] | None = None,
) -> Conversion:
    """Convert ``amount`` of ``from_currency`` per ``period`` to ``to_currency`` per ``to_period``.

    ``in_prices_of`` (``"2026-08"``, a :class:`~wagecalc.prices.Month` or a date) first
    moves the amount, in ``from_currency`` with its price index, from the month of ``on``
    (today's when no date is given) into that month's prices, then converts it at the
    rate of ``on``; ``result.prices`` states the index, its two values and months, and a
    sentence. A currency with no index held, or a month outside the index, is a
    :class:`~wagecalc.errors.NoPriceIndexError` naming ``from_currency``, ``on`` or
    ``in_prices_of``. ``price_indexes`` (by currency, from
    :func:`~wagecalc.prices.load_price_indexes`) replaces the shipped ones.

    Periods, the schedule, the basis, the rounding mode and the dates may be
    given typed or as their documented strings (``period="month"``,
    ``on="2023-07-26"``): both forms give the same result (:mod:`wagecalc.arguments`).

    >>> c = convert("900000", "USD", "MYR", on="2023-07-26", to_period=Period.MONTH)
    >>> c.target.amount, c.quote.rate_date, c.quote.path
    (Decimal('341213.04'), datetime.date(2023, 7, 26), ('USD', 'EUR', 'MYR'))
    """
    value = as_amount(amount)
    validate_currency(from_currency, field="from_currency")
    validate_currency(to_currency, field="to_currency")
    on, today = as_dates(on, today)
    period = as_period(period)
    target_period = period if to_period is None else as_period(to_period, field="to_period")
    schedule, basis = as_schedule(schedule), as_basis(basis)
    rounding = as_rounding(rounding)
    target_month = None
    if in_prices_of is not None:
        target_month = parse_month(in_prices_of, field="in_prices_of")
    return convert_checked(
        value,
        from_currency,
        to_currency,
        on=on,
        period=period,
        to_period=target_period,
        schedule=schedule,
        basis=basis,
        rounding=rounding,
        source=source,
        today=today,
        in_prices_of=target_month,
        price_indexes=price_indexes,
    )


def convert_checked(
    amount: Decimal,
    from_currency: str,
    to_currency: str,
    *,
    on: dt.date | None,
    period: Period,
    to_period: Period,
    schedule: WorkSchedule,
    basis: Basis,
    rounding: RoundingMode,
    source: RateSource | None = None,
    today: dt.date | None = None,
    in_prices_of: Month | None = None,
    price_indexes: Mapping[str, PriceIndex] | None = None,
) -> Conversion:
    """:func:`convert` of arguments already checked and typed, for callers that checked them.

    ``amount`` is what :func:`as_amount` returned and the currencies passed
    :func:`~wagecalc.currencies.validate_currency`; nothing is checked again here
    (the HTTP API has checked every parameter, and collects every error, before it
    converts). The rate source still refuses a currency it does not publish (the error
    names ``from_currency``, ``to_currency`` or ``on``, as :func:`convert` does).
    """
    rate_source = source or default_source()
    if from_currency == to_currency:  # no rate needed: any date, any currency
        quote = same_currency_quote(
            from_currency, on, basis=basis, today=today, source=rate_source.info
        )
    else:
        try:
            quote = rate_source.quote(from_currency, to_currency, on, basis=basis, today=today)
        except (InputError, RateUnavailableError) as exc:  # the source's names → the parameters'
            raise relabel_field(exc, _CONVERT_FIELDS) from None
    prices, moved = None, amount
    if in_prices_of is not None:  # the index is looked up only when asked for
        prices = adjust_for_prices(
            amount,
            from_currency,
            month_of(on, today),
            in_prices_of,
            indexes=price_indexes,
            rounding=rounding,
            fields=_PRICE_FIELDS,
        )
        moved = prices.exact  # unrounded: the one rounding is the result's
    exact = convert_exact(moved, quote, period, to_period, schedule)
    return Conversion(
        source=Money(amount, from_currency),
        source_period=period,
        exact=Money(exact, to_currency),
        target=Money(round_to_minor_units(exact, to_currency, rounding), to_currency),
        target_period=to_period,
        quote=quote,
        schedule=schedule,
        rounding=rounding,
        prices=prices,
    )
