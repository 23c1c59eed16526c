"""The ``wagecalc`` command: a thin layer that parses arguments and prints results.

Human-readable output by default; ``--json`` prints the exact shape the HTTP
API answers with. Errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import msgspec

from wagecalc.conversion import convert, default_source
from wagecalc.currencies import currency_name, minor_units
from wagecalc.dates import parse_date
from wagecalc.errors import WagecalcError
from wagecalc.formatting import format_money
from wagecalc.money import RoundingMode
from wagecalc.periods import PRESETS, Period, parse_period, parse_schedule
from wagecalc.rates.quotes import parse_basis
from wagecalc.views import conversion_view, coverage_view, schedule_view

__all__ = ["main"]

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our status and message style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"wagecalc: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wagecalc", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    conv = commands.add_parser(
        "convert", help="convert a pay figure between currencies and periods"
    )
    conv.add_argument("amount", help="plain decimal amount, e.g. 900000 or 1234.56")
    conv.add_argument("from_currency", metavar="FROM", help="ISO 4217 code, e.g. USD")
    conv.add_argument("to_currency", metavar="TO", help="ISO 4217 code, e.g. MYR")
    conv.add_argument("--date", help="rate date YYYY-MM-DD (default: the newest rate)")
    conv.add_argument("--period", default="year", help="period of AMOUNT (default: year)")
    conv.add_argument("--to-period", help="period of the result (default: --period)")
    conv.add_argument("--schedule", default="us-2080", help="work schedule preset or custom:...")
    conv.add_argument("--basis", default="spot", help="spot, mean-<N>d or mean-<N>m")
    conv.add_argument(
        "--rounding",
        default="half-even",
        choices=[m.value for m in RoundingMode],
        help="how the result is rounded to minor units (default: half-even)",
    )
    conv.add_argument("--json", action="store_true", help="print the HTTP API's JSON shape")
    conv.set_defaults(run=_run_convert)

    cur = commands.add_parser("currencies", help="currencies the rate source converts, with dates")
    cur.add_argument("--json", action="store_true")
    cur.set_defaults(run=_run_currencies)

    sch = commands.add_parser("schedules", help="work schedule presets and their citations")
    sch.add_argument("--json", action="store_true")
    sch.set_defaults(run=_run_schedules)
    return parser


def _print_json(value: object) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value).decode(), indent=2) + "\n")


_PER = {
    Period.HOUR: "an hour",
    Period.DAY: "a day",
    Period.WEEK: "a week",
    Period.MONTH: "a month",
    Period.YEAR: "a year",
}


def _run_convert(args: argparse.Namespace) -> None:
    period = parse_period(args.period)
    result = convert(
        args.amount,
        args.from_currency,
        args.to_currency,
        on=None if args.date is None else parse_date(args.date),
        period=period,
        to_period=None
        if args.to_period is None
        else parse_period(args.to_period, field="to_period"),
        schedule=parse_schedule(args.schedule),
        basis=parse_basis(args.basis),
        rounding=RoundingMode(args.rounding),
    )
    if args.json:
        _print_json(conversion_view(result))
        return
    quote = result.quote
    source = result.source.rounded(result.rounding)
    print(
        f"{format_money(source.amount, source.currency)} {_PER[result.source_period]} = "
        f"{format_money(result.target.amount, result.target.currency)} {_PER[result.target_period]}"
    )
    path = "→".join(quote.path)
    print(
        f"rate      1 {quote.base} = {quote.display_rate()} {quote.target} ({path}, {quote.basis})"
    )
    requested = "latest" if quote.requested_date is None else quote.requested_date.isoformat()
    age = f"{quote.age_days} day{'' if quote.age_days == 1 else 's'} old"
    print(f"date      {quote.rate_date} (requested: {requested}; {age})")
    if quote.fallback_detail:
        print(
            f"why       {quote.fallback.value if quote.fallback else ''}: {quote.fallback_detail}"
        )
    for leg in quote.legs:
        print(f"published 1 {leg.base} = {leg.rate} {leg.quote} on {leg.date}")
    if quote.window is not None:
        w = quote.window
        print(f"window    {w.start} to {w.end}, mean of {w.rates_averaged} daily rates")
    print(f"schedule  {result.schedule.id}: {result.schedule.label}")
    print(f"source    {quote.source.publisher}: {quote.source.title} <{quote.source.url}>")


def _run_currencies(args: argparse.Namespace) -> None:
    views = [
        coverage_view(c, currency_name(code), minor_units(code))
        for code, c in sorted(default_source().coverage().items())
    ]
    if args.json:
        _print_json(views)
        return
    for v in views:
        ranges = ", ".join(f"{a} to {b}" for a, b in v.ranges)
        print(f"{v.code}  {v.name:<32} {ranges}")


def _run_schedules(args: argparse.Namespace) -> None:
    views = [schedule_view(s) for s in PRESETS.values()]
    if args.json:
        _print_json(views)
        return
    for v in views:
        print(f"{v.id:<24} {v.hours_per_year:>8} h/year  {v.label}\n{'':<24} {v.citation}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0, or 2 for any input or data error)."""
    args = _build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], None] = args.run
    try:
        run(args)
    except WagecalcError as exc:
        print(f"wagecalc: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `wagecalc currencies | head`: the reader left, not an error
        sys.stderr.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
