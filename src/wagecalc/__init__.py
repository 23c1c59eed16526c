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

from wagecalc.comparison import (
    ComparedSalary,
    Comparison,
    Pair,
    Salary,
    compare,
    make_salary,
    parse_salary,
)
from wagecalc.conversion import Conversion, convert, default_source
from wagecalc.currencies import validate_currency
from wagecalc.dates import parse_date
from wagecalc.equivalence import (
    Equivalent,
    EquivalentsResult,
    NotInForce,
    equivalents,
    rule_per_year,
)
from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    AmountSyntaxError,
    AmountTooLargeError,
    AmountTooPreciseError,
    ConfigError,
    CurrencyCaseError,
    EmptyScheduleError,
    InputError,
    InvalidAmountError,
    InvalidBasisError,
    InvalidCurrencyError,
    InvalidDateError,
    InvalidLabelError,
    InvalidLocaleError,
    InvalidPeriodError,
    InvalidRoundingError,
    InvalidRuleSelectorError,
    InvalidSalaryError,
    InvalidScheduleError,
    RateGapError,
    RateUnavailableError,
    UnknownCurrencyError,
    UnknownRuleError,
    UnsupportedCurrencyError,
    WagecalcError,
)
from wagecalc.money import Money, RoundingMode, parse_amount, round_to_minor_units
from wagecalc.periods import (
    DEFAULT_SCHEDULE,
    PRESETS,
    Period,
    WorkSchedule,
    convert_period,
    parse_period,
    parse_schedule,
)
from wagecalc.rates import SPOT, Basis, Fallback, Quote, RateSource, parse_basis
from wagecalc.rules import Rule, RuleKind, RulePer, RuleSet, RuleValue, default_rules, load_rules

__all__ = [
    "DEFAULT_SCHEDULE",
    "PRESETS",
    "SPOT",
    "AmountNotFiniteError",
    "AmountNotPositiveError",
    "AmountSyntaxError",
    "AmountTooLargeError",
    "AmountTooPreciseError",
    "Basis",
    "ComparedSalary",
    "Comparison",
    "ConfigError",
    "Conversion",
    "CurrencyCaseError",
    "EmptyScheduleError",
    "Equivalent",
    "EquivalentsResult",
    "Fallback",
    "InputError",
    "InvalidAmountError",
    "InvalidBasisError",
    "InvalidCurrencyError",
    "InvalidDateError",
    "InvalidLabelError",
    "InvalidLocaleError",
    "InvalidPeriodError",
    "InvalidRoundingError",
    "InvalidRuleSelectorError",
    "InvalidSalaryError",
    "InvalidScheduleError",
    "Money",
    "NotInForce",
    "Pair",
    "Period",
    "Quote",
    "RateGapError",
    "RateSource",
    "RateUnavailableError",
    "RoundingMode",
    "Rule",
    "RuleKind",
    "RulePer",
    "RuleSet",
    "RuleValue",
    "Salary",
    "UnknownCurrencyError",
    "UnknownRuleError",
    "UnsupportedCurrencyError",
    "WagecalcError",
    "WorkSchedule",
    "__version__",
    "compare",
    "convert",
    "convert_period",
    "default_rules",
    "default_source",
    "equivalents",
    "load_rules",
    "make_salary",
    "parse_amount",
    "parse_basis",
    "parse_date",
    "parse_period",
    "parse_salary",
    "parse_schedule",
    "round_to_minor_units",
    "rule_per_year",
    "validate_currency",
]
