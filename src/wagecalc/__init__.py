"""wagecalc: convert and compare salaries across currencies and pay periods.

Every figure carries its exchange rate, the date of that rate, why that date
was used, and the source. Money is :class:`decimal.Decimal` throughout and is
rounded once, at the edge, to the currency's minor units.

>>> import datetime as dt
>>> from wagecalc import convert
>>> result = convert("900000", "USD", "MYR", on=dt.date(2023, 7, 26))
>>> result.target
Money(amount=Decimal('4094556.47'), currency='MYR')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what a type checker and an editor see; at run time, _WHERE below
    from wagecalc.claims import ClaimCheck, check_claim
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
        NotConverted,
        NotInForce,
        RulePerName,
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
        InvalidMonthError,
        InvalidPeriodError,
        InvalidReportedFigureError,
        InvalidRoundingError,
        InvalidRuleSelectorError,
        InvalidSalaryError,
        InvalidScheduleError,
        InvalidWindowError,
        NoPriceIndexError,
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
    from wagecalc.prices import (
        Month,
        PriceAdjustment,
        PriceIndex,
        adjust_for_prices,
        default_price_indexes,
        load_price_index,
        load_price_indexes,
    )
    from wagecalc.rates import SPOT, Basis, Fallback, Quote, RateSource, parse_basis
    from wagecalc.rules import (
        Rule,
        RuleKind,
        RulePer,
        RuleSet,
        RuleValue,
        default_rules,
        load_rules,
    )

#: Where each public name lives. ``import wagecalc`` imports none of these modules:
#: each is imported when one of its names is first used (PEP 562), so that a script
#: that only converts does not pay for the rule tables, the sentence catalogs and
#: the comparison code (issue 23: a fresh process's first conversion). ``from
#: wagecalc import compare`` works as usual, and no module shares a public name.
_WHERE: dict[str, str] = {
    "ClaimCheck": "wagecalc.claims",
    "check_claim": "wagecalc.claims",
    "InvalidMonthError": "wagecalc.errors",
    "InvalidReportedFigureError": "wagecalc.errors",
    "InvalidWindowError": "wagecalc.errors",
    "NoPriceIndexError": "wagecalc.errors",
    "AmountNotFiniteError": "wagecalc.errors",
    "AmountNotPositiveError": "wagecalc.errors",
    "AmountSyntaxError": "wagecalc.errors",
    "AmountTooLargeError": "wagecalc.errors",
    "AmountTooPreciseError": "wagecalc.errors",
    "Basis": "wagecalc.rates",
    "ComparedSalary": "wagecalc.comparison",
    "Comparison": "wagecalc.comparison",
    "ConfigError": "wagecalc.errors",
    "Conversion": "wagecalc.conversion",
    "CurrencyCaseError": "wagecalc.errors",
    "DEFAULT_SCHEDULE": "wagecalc.periods",
    "EmptyScheduleError": "wagecalc.errors",
    "Equivalent": "wagecalc.equivalence",
    "EquivalentsResult": "wagecalc.equivalence",
    "Fallback": "wagecalc.rates",
    "InputError": "wagecalc.errors",
    "InvalidAmountError": "wagecalc.errors",
    "InvalidBasisError": "wagecalc.errors",
    "InvalidCurrencyError": "wagecalc.errors",
    "InvalidDateError": "wagecalc.errors",
    "InvalidLabelError": "wagecalc.errors",
    "InvalidLocaleError": "wagecalc.errors",
    "InvalidPeriodError": "wagecalc.errors",
    "InvalidRoundingError": "wagecalc.errors",
    "InvalidRuleSelectorError": "wagecalc.errors",
    "InvalidSalaryError": "wagecalc.errors",
    "InvalidScheduleError": "wagecalc.errors",
    "Money": "wagecalc.money",
    "Month": "wagecalc.prices",
    "PriceAdjustment": "wagecalc.prices",
    "PriceIndex": "wagecalc.prices",
    "adjust_for_prices": "wagecalc.prices",
    "default_price_indexes": "wagecalc.prices",
    "load_price_index": "wagecalc.prices",
    "load_price_indexes": "wagecalc.prices",
    "NotConverted": "wagecalc.equivalence",
    "NotInForce": "wagecalc.equivalence",
    "RulePerName": "wagecalc.equivalence",
    "PRESETS": "wagecalc.periods",
    "Pair": "wagecalc.comparison",
    "Period": "wagecalc.periods",
    "Quote": "wagecalc.rates",
    "RateGapError": "wagecalc.errors",
    "RateSource": "wagecalc.rates",
    "RateUnavailableError": "wagecalc.errors",
    "RoundingMode": "wagecalc.money",
    "Rule": "wagecalc.rules",
    "RuleKind": "wagecalc.rules",
    "RulePer": "wagecalc.rules",
    "RuleSet": "wagecalc.rules",
    "RuleValue": "wagecalc.rules",
    "SPOT": "wagecalc.rates",
    "Salary": "wagecalc.comparison",
    "UnknownCurrencyError": "wagecalc.errors",
    "UnknownRuleError": "wagecalc.errors",
    "UnsupportedCurrencyError": "wagecalc.errors",
    "WagecalcError": "wagecalc.errors",
    "WorkSchedule": "wagecalc.periods",
    "compare": "wagecalc.comparison",
    "convert": "wagecalc.conversion",
    "convert_period": "wagecalc.periods",
    "default_rules": "wagecalc.rules",
    "default_source": "wagecalc.conversion",
    "equivalents": "wagecalc.equivalence",
    "load_rules": "wagecalc.rules",
    "make_salary": "wagecalc.comparison",
    "parse_amount": "wagecalc.money",
    "parse_basis": "wagecalc.rates",
    "parse_date": "wagecalc.dates",
    "parse_period": "wagecalc.periods",
    "parse_salary": "wagecalc.comparison",
    "parse_schedule": "wagecalc.periods",
    "round_to_minor_units": "wagecalc.money",
    "rule_per_year": "wagecalc.equivalence",
    "validate_currency": "wagecalc.currencies",
}

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
    "ClaimCheck",
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
    "InvalidMonthError",
    "InvalidPeriodError",
    "InvalidReportedFigureError",
    "InvalidRoundingError",
    "InvalidRuleSelectorError",
    "InvalidSalaryError",
    "InvalidScheduleError",
    "InvalidWindowError",
    "Money",
    "Month",
    "NoPriceIndexError",
    "NotConverted",
    "NotInForce",
    "Pair",
    "Period",
    "PriceAdjustment",
    "PriceIndex",
    "Quote",
    "RateGapError",
    "RateSource",
    "RateUnavailableError",
    "RoundingMode",
    "Rule",
    "RuleKind",
    "RulePer",
    "RulePerName",
    "RuleSet",
    "RuleValue",
    "Salary",
    "UnknownCurrencyError",
    "UnknownRuleError",
    "UnsupportedCurrencyError",
    "WagecalcError",
    "WorkSchedule",
    "__version__",
    "adjust_for_prices",
    "check_claim",
    "compare",
    "convert",
    "convert_period",
    "default_price_indexes",
    "default_rules",
    "default_source",
    "equivalents",
    "load_price_index",
    "load_price_indexes",
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


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        """A public name, imported from its module on first use and kept."""
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module 'wagecalc' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
