"""A user's script, as typed as mypy --strict wants it (tests/test_library_api.py checks it)."""

from __future__ import annotations

from decimal import Decimal

from wagecalc import (
    Money,
    Period,
    RoundingMode,
    compare,
    convert,
    equivalents,
    make_salary,
    rule_per_year,
)


def main() -> None:
    result = convert("900000", "USD", "MYR", on="2023-07-26", to_period="month", rounding="half-up")
    monthly: Money = result.target
    print(monthly, convert("1", "USD", "MYR", period=Period.DAY, rounding=RoundingMode.DOWN).target)
    salaries = [
        make_salary("900000", "USD", "year", "PM"),
        make_salary("200", "USD", "day", "Extra"),
    ]
    print(compare(salaries, "MYR", on="2023-07-26", rounding="up").pairs[0].sentence)
    print(equivalents(Decimal("900000"), "USD", period="year", rules="story").items[0].sentence)
    print(monthly + Money(Decimal("1"), "MYR"), monthly * 12)
    print(rule_per_year("quarter", "us-2080"))


if __name__ == "__main__":
    main()
