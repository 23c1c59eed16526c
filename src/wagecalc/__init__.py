"""wagecalc: convert and compare salaries across currencies and pay periods.

Every figure carries its exchange rate, the date of that rate, why that date
was used, and the source. Money is :class:`decimal.Decimal` throughout and is
rounded once, at the edge, to the currency's minor units.

>>> import datetime as dt
>>> result = convert("900000", "USD", "MYR", on=dt.date(2023, 7, 26))
>>> result.target
Money(amount=Decimal('4094556.47'), currency='MYR')
"""

__version__ = "0.1.0"

from wagecalc.claims import ClaimCheck, check_claim
from wagecalc.conversion import Conversion, convert, default_source
from wagecalc.currencies import validate_currency
from wagecalc.dates import parse_date
from wagecalc.errors import InputError, RateUnavailableError, WagecalcError
from wagecalc.money import Money, RoundingMode, parse_amount, round_to_minor_units
from wagecalc.periods import (
    DEFAULT_SCHEDULE,
    PRESETS,
    Period,
    WorkSchedule,
    parse_period,
    parse_schedule,
)
from wagecalc.rates import SPOT, Basis, Fallback, Quote, RateSource, parse_basis

__all__ = [
    "DEFAULT_SCHEDULE",
    "PRESETS",
    "SPOT",
    "Basis",
    "ClaimCheck",
    "Conversion",
    "Fallback",
    "InputError",
    "Money",
    "Period",
    "Quote",
    "RateSource",
    "RateUnavailableError",
    "RoundingMode",
    "WagecalcError",
    "WorkSchedule",
    "__version__",
    "check_claim",
    "convert",
    "default_source",
    "parse_amount",
    "parse_basis",
    "parse_date",
    "parse_period",
    "parse_schedule",
    "round_to_minor_units",
    "validate_currency",
]
