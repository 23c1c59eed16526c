"""The exceptions wagecalc raises, one class per rule that input can break.

Every error names the offending ``field`` (the parameter a caller passed) and
carries a stable ``code`` so that the HTTP layer and the CLI can report it
without parsing messages. Input problems derive from :class:`InputError`
(also a :class:`ValueError`); a rate that does not exist for a date or
currency is a :class:`RateUnavailableError` (also a :class:`LookupError`).
"""

from __future__ import annotations

__all__ = [
    "AmountNotFiniteError",
    "AmountNotPositiveError",
    "AmountSyntaxError",
    "AmountTooLargeError",
    "AmountTooPreciseError",
    "ConfigError",
    "CurrencyCaseError",
    "EmptyScheduleError",
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
    "NoPriceIndexError",
    "RateGapError",
    "RateUnavailableError",
    "UnknownCurrencyError",
    "UnknownRuleError",
    "UnsupportedCurrencyError",
    "WagecalcError",
]


class WagecalcError(Exception):
    """Base class: a message for people, a ``code`` for programs, the ``field`` at fault."""

    code = "wagecalc-error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InputError(WagecalcError, ValueError):
    """A value a caller passed breaks a documented rule."""

    code = "invalid-input"


class InvalidAmountError(InputError):
    """An amount is not an acceptable money amount."""

    code = "invalid-amount"


class AmountSyntaxError(InvalidAmountError):
    """Not plain ASCII decimal notation (``123``, ``123.45``, ``1.5e6``)."""

    code = "amount-syntax"


class AmountNotFiniteError(InvalidAmountError):
    """NaN or Infinity, in any spelling."""

    code = "amount-not-finite"


class AmountNotPositiveError(InvalidAmountError):
    """Zero or negative where only a positive amount makes sense."""

    code = "amount-not-positive"


class AmountTooLargeError(InvalidAmountError):
    """Larger than :data:`wagecalc.money.MAX_AMOUNT`, or an exponent past its bound."""

    code = "amount-too-large"


class AmountTooPreciseError(InvalidAmountError):
    """More fractional digits than :data:`wagecalc.money.MAX_FRACTION_DIGITS`."""

    code = "amount-too-precise"


class InvalidCurrencyError(InputError):
    """A currency code is not usable."""

    code = "invalid-currency"


class CurrencyCaseError(InvalidCurrencyError):
    """A code that is right but for its case (``usd``): codes are upper case."""

    code = "currency-case"


class UnknownCurrencyError(InvalidCurrencyError):
    """Not an ISO 4217 currency CLDR knows, or a fund, metal or test code."""

    code = "currency-unknown"


class UnsupportedCurrencyError(InvalidCurrencyError):
    """A real currency that the active rate source has no rates for."""

    code = "currency-unsupported"


class InvalidDateError(InputError):
    """Not an ISO 8601 calendar date (``YYYY-MM-DD``) that exists."""

    code = "invalid-date"


class InvalidPeriodError(InputError):
    """Not one of the pay periods."""

    code = "invalid-period"


class InvalidRoundingError(InputError):
    """Not one of the rounding modes."""

    code = "invalid-rounding"


class InvalidRuleSelectorError(InputError):
    """Rule ids or tags that are not a comma-separated list of lower-case names."""

    code = "invalid-rules"


class InvalidSalaryError(InputError):
    """A salary written as text that is not ``AMOUNT CODE/PERIOD``."""

    code = "invalid-salary"


class InvalidLabelError(InputError):
    """A label that is empty, too long or holds control or invisible format characters."""

    code = "invalid-label"


class InvalidScheduleError(InputError):
    """An unknown schedule preset, or custom schedule figures out of range."""

    code = "invalid-schedule"


class EmptyScheduleError(InvalidScheduleError):
    """A custom schedule whose days off leave no working day: well formed, but no work."""

    code = "schedule-no-working-days"


class InvalidBasisError(InputError):
    """A rate basis other than ``spot`` or ``mean-<N>d`` / ``mean-<N>m``."""

    code = "invalid-basis"


class InvalidLocaleError(InputError):
    """A locale identifier that cannot be parsed."""

    code = "invalid-locale"


class InvalidReportedFigureError(InputError):
    """A reported figure (or its precision) that cannot be read as people write amounts."""

    code = "invalid-reported-figure"


class InvalidWindowError(InputError):
    """A window of dates that is not ``<N>d``, ``<N>w``, ``<N>m`` or ``1y`` (a year at most)."""

    code = "invalid-window"


class UnknownRuleError(InputError):
    """A rule id or tag that no loaded rule table has."""

    code = "rule-unknown"


class RateUnavailableError(WagecalcError, LookupError):
    """The source publishes no rate for this currency at this date.

    ``available`` lists the date ranges that do exist, so the message can say
    what to ask for instead.
    """

    code = "rate-unavailable"


class RateGapError(RateUnavailableError):
    """A mean's window spans a gap of more than a week in a currency's rates.

    Averaging what is left would report a "12-month" mean of a few days' rates;
    the message names the gap's dates instead.
    """

    code = "rate-window-gap"


class NoPriceIndexError(RateUnavailableError):
    """No price index is held for the currency, or it has no value for the month.

    Like a rate the ECB did not publish, a well-formed request the data has nothing for
    (HTTP 404 naming the field; a malformed month is an :class:`InvalidMonthError`, 422)."""

    code = "price-index-unavailable"


class InvalidMonthError(InputError):
    """Not a month written ``YYYY-MM``."""

    code = "invalid-month"


class ConfigError(WagecalcError):
    """A configuration file (rule table, rates file) is missing or wrong."""

    code = "config-error"
