"""The ``wagecalc`` command: a thin layer that parses arguments and prints results.

Human-readable output by default; ``--json`` prints the exact shape the HTTP
API answers with. Errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from wagecalc.comparison import compare, parse_salary
from wagecalc.config import Settings
from wagecalc.conversion import convert, relabel_fields
from wagecalc.currencies import currency_name, minor_units
from wagecalc.dates import parse_date
from wagecalc.equivalence import equivalents, rule_selectors
from wagecalc.errors import WagecalcError
from wagecalc.formatting import format_count, format_money, format_money_prose, format_rate
from wagecalc.locales import negotiate_locale
from wagecalc.money import RoundingMode, parse_plain_amount
from wagecalc.periods import PRESETS, Period, parse_period, parse_schedule
from wagecalc.prices import (
    PriceAdjustment,
    configured_price_indexes,
    parse_month,
    price_index_paths_from_env,
)
from wagecalc.rates import EcbSource, RateSource, load_embedded_history
from wagecalc.rates.ecb import read_history_file
from wagecalc.rates.quotes import Quote, parse_basis
from wagecalc.rules import RULES_ENV, RuleSet, load_rules, rule_paths_from_env
from wagecalc.sentences import (
    carried_forward_line,
    convert_label,
    figure_line,
    figure_phrase,
    labelled_figures,
    mean_window_line,
    per_phrase,
    published_rate_line,
    publisher_name,
    ratio_note,
    rules_footer,
    schedule_label,
    source_line,
)
from wagecalc.views import (
    comparison_view,
    conversion_view,
    coverage_view,
    equivalents_view,
    rate_view,
    rule_view,
    schedule_view,
)

__all__ = ["main"]

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our status and message style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"wagecalc: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


#: What ``wagecalc --help`` opens with: for the person at the terminal (the module's
#: docstring is for whoever reads this code).
_SUMMARY = (
    "Convert and compare salaries across currencies and pay periods, say what they come "
    "to in things and people, and check a reported figure; every figure with its rate, "
    "that rate's date and its source."
)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wagecalc", description=_SUMMARY)
    parser.add_argument(
        "--rules-file",
        action="append",
        default=[],
        metavar="PATH",
        dest="rule_files",
        help=f"extra rule table (file or directory); repeatable; also ${RULES_ENV}",
    )
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
    conv.add_argument("--locale", default="en", help="en, zh-Hans, zh-Hant or ms")
    conv.add_argument(
        "--in-prices-of",
        metavar="YYYY-MM",
        help="put the amount in prices of month YYYY-MM (US CPI-U for USD; docs/prices.md)",
    )
    conv.add_argument("--json", action="store_true", help="print the HTTP API's JSON shape")
    conv.set_defaults(run=_run_convert)

    chk = commands.add_parser(
        "check", help="check a reported conversion against the rates of its date"
    )
    chk.add_argument("amount", help="the amount converted, e.g. 900000")
    chk.add_argument("from_currency", metavar="FROM", help="ISO 4217 code, e.g. USD")
    chk.add_argument("reported", help="the figure as reported, e.g. '4.3 million' or 430万")
    chk.add_argument("to_currency", metavar="TO", help="ISO 4217 code, e.g. MYR")
    chk.add_argument("--date", help="the figure's date YYYY-MM-DD (default: the newest rate)")
    chk.add_argument("--window", default="31d", help="<N>d, <N>w, <N>m or 1y (default: 31d)")
    chk.add_argument("--precision", help="what the figure was rounded to: 100000 or 1%%")
    chk.add_argument("--basis", default="spot", help="spot, mean-<N>d or mean-<N>m")
    chk.add_argument("--locale", help="en, zh-Hans, zh-Hant or ms (others fall back to en)")
    chk.add_argument("--json", action="store_true", help="print the HTTP API's JSON shape")
    chk.set_defaults(run=_run_check)

    eq = commands.add_parser(
        "equivalents", help="express an amount as equivalents from rule tables"
    )
    eq.add_argument("amount", help="plain decimal amount, e.g. 900000")
    eq.add_argument("currency", help="ISO 4217 code, e.g. USD")
    eq.add_argument("--period", default="year", help="period of AMOUNT (default: year)")
    eq.add_argument("--date", help="rate date YYYY-MM-DD (default: the newest rate)")
    eq.add_argument(
        "--rules",
        dest="select",
        help="comma-separated rule ids or tags (default: every rule not tagged not-default, "
        "and those tagged local-price whose price is in CURRENCY, such as its country's "
        "Big Mac; `wagecalc rules` lists ids and tags)",
    )
    eq.add_argument("--schedule", default="us-2080", help="work schedule preset or custom:...")
    eq.add_argument("--locale", help="en, zh-Hans, zh-Hant or ms (others fall back to en)")
    eq.add_argument("--compact", action="store_true", help="compact amounts (430万, 4.3M)")
    eq.add_argument(
        "--in-prices-of",
        metavar="YYYY-MM",
        help="the amount in prices of month YYYY-MM, against the rules in force at its end",
    )
    eq.add_argument("--json", action="store_true", help="print the HTTP API's JSON shape")
    eq.set_defaults(run=_run_equivalents)

    cmp = commands.add_parser("compare", help="compare salaries in one currency")
    cmp.add_argument(
        "salaries",
        nargs="+",
        metavar="SALARY",
        help="'AMOUNT CODE/PERIOD' or 'LABEL=AMOUNT CODE/PERIOD', e.g. '200 USD/day'; "
        "'…@YYYY-MM' gives the month whose prices it is in (with --in-prices-of)",
    )
    cmp.add_argument("--in", dest="currency", required=True, help="display currency, e.g. MYR")
    cmp.add_argument("--date", help="rate date YYYY-MM-DD (default: the newest rate)")
    cmp.add_argument("--schedule", default="us-2080", help="work schedule preset or custom:...")
    cmp.add_argument("--locale", help="en, zh-Hans, zh-Hant or ms")
    cmp.add_argument(
        "--in-prices-of",
        metavar="YYYY-MM",
        help="compare in prices of month YYYY-MM (each salary from its @month or --date's)",
    )
    cmp.add_argument("--json", action="store_true", help="print the HTTP API's JSON shape")
    cmp.set_defaults(run=_run_compare)

    rul = commands.add_parser("rules", help="the effective equivalence rules and their sources")
    rul.add_argument("--date", help="show the values in force on YYYY-MM-DD (default: today, UTC)")
    rul.add_argument("--json", action="store_true")
    rul.set_defaults(run=_run_rules)

    rat = commands.add_parser("rates", help="the exchange-rate data")
    rates_commands = rat.add_subparsers(
        dest="rates_command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    upd = rates_commands.add_parser(
        "update",
        help="download the ECB history, check it and replace the rates file atomically",
    )
    upd.add_argument("--url", help="where to download it (default: the ECB's eurofxref-hist.zip)")
    upd.add_argument(
        "--to", type=Path, help="the rates file (.zip) to replace (default: $WAGECALC_RATES_FILE)"
    )
    upd.add_argument("--timeout", default="30", help="seconds, 0.1-600 (default 30)")
    upd.set_defaults(run=_run_rates_update)

    srv = commands.add_parser("serve", help="run the HTTP API (uvicorn)")
    srv.add_argument("--host", help="address to bind (default 127.0.0.1, $WAGECALC_HOST)")
    srv.add_argument("--port", type=int, help="port (default 8000, $WAGECALC_PORT)")
    srv.add_argument("--workers", type=int, help="worker processes (default 1)")
    srv.add_argument(
        "--access-log",
        dest="access_log",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="log each request (default on)",
    )
    srv.add_argument(  # --rules is equivalents' selection: one meaning per option name
        "--rules-file",
        action="append",
        metavar="PATH",
        dest="serve_rule_files",
        help="extra rule table (file or directory); repeatable",
    )
    srv.set_defaults(run=_run_serve)

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
    locale = negotiate_locale(args.locale)
    period = parse_period(args.period)
    with relabel_fields(
        {**_PRICE_OPTION, "from_currency": "from", "to_currency": "to", "on": "date"}
    ):
        result = convert(
            parse_plain_amount(args.amount),
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
            source=_rate_source(),
            **_price_arguments(args),
        )
    if args.json:
        _print_json(conversion_view(result, locale=locale))
        return
    if result.prices is not None:
        _print_prices(result.prices, locale)
    quote = result.quote
    # In real terms the rate converts the moved amount: show that one, so that the line
    # agrees with the rate printed under it (the amount as given is in the sentence above).
    moved = result.source if result.prices is None else result.prices.adjusted
    source = moved.rounded(result.rounding)
    given, converted = (
        figure_phrase(
            locale,
            amount=format_money(money.amount, money.currency, locale),
            per=per_phrase(per, locale),
        )
        for money, per in (
            (source, result.source_period),
            (result.target, result.target_period),
        )
    )
    print(f"{given} = {converted}")
    if quote.base == quote.target:  # no rate, so no path, no source: the schedule only
        print(rate_view(quote, locale).text)
        label = schedule_label(locale, result.schedule.id, result.schedule.label)
        _print_rows([(convert_label(locale, "schedule"), f"{result.schedule.id}: {label}")])
        return
    for line in _rate_words(quote, locale):
        print(line)
    # The rate itself is in the line above (four decimals; --json has every digit).
    rows = [("path", f"{'→'.join(quote.path)}, {quote.basis}")]
    rows += [
        (
            "published",
            published_rate_line(
                locale, base=leg.base, rate=leg.rate, target=leg.quote, date=leg.date
            ),
        )
        for leg in quote.legs
    ]
    if (w := quote.window) is not None:
        line = mean_window_line(locale, start=w.start, end=w.end, count=w.rates_averaged)
        rows.append(("window", line))
    label = schedule_label(locale, result.schedule.id, result.schedule.label)
    rows.append(("schedule", f"{result.schedule.id}: {label}"))
    publisher = publisher_name(locale, quote.source.publisher)
    rows.append(("source", f"{publisher}{_colon(locale)}{quote.source.title} <{quote.source.url}>"))
    _print_rows([(convert_label(locale, key), text) for key, text in rows])


def _print_rows(rows: list[tuple[str, str]]) -> None:
    """Label and text, the texts aligned (at least the nine columns English always had)."""
    width = max(9, *(_display_width(label) for label, _ in rows))
    for label, text in rows:
        print(label + " " * (width - _display_width(label) + 1) + text)


def _run_check(args: argparse.Namespace) -> None:
    # Imported here: the other commands need not load the checker.
    from wagecalc.claim_sentences import (
        detail_amount,
        detail_implied,
        detail_label,
        detail_range,
        detail_rates,
    )
    from wagecalc.claim_views import check_view
    from wagecalc.claims import check_claim

    locale = negotiate_locale(args.locale)
    with relabel_fields({"from_currency": "from", "to_currency": "to", "on": "date"}):
        result = check_claim(
            args.amount,
            args.from_currency,
            args.reported,
            args.to_currency,
            on=args.date,
            window=args.window,
            precision=args.precision,
            basis=args.basis,
            source=_rate_source(),
        )
    view = check_view(result, locale)
    if args.json:
        _print_json(view)
        return
    print(view.verdict)
    implied = format_rate(Decimal(view.implied.rate), locale)
    rows = [
        (
            "reported",
            f"{view.reported.formatted}{_colon(locale)}"
            + detail_range(
                locale,
                format_money_prose(Decimal(view.reported.low), view.reported.currency, locale),
                format_money_prose(Decimal(view.reported.high), view.reported.currency, locale),
            ),
        ),
        (
            "on_date",
            detail_amount(
                locale,
                view.conversion.to.formatted,
                view.conversion.rate.rate_date,
                at_rate=True,
            ),
        ),
        ("window", detail_rates(locale, view.window.start, view.window.end, view.window.rates)),
        ("lowest", detail_amount(locale, view.lowest.formatted, view.lowest.rate.rate_date)),
        ("highest", detail_amount(locale, view.highest.formatted, view.highest.rate.rate_date)),
        (
            "implied",
            detail_implied(
                locale,
                f"1 {result.amount.currency} = {implied} {result.currency}",
                view.implied.position,
            ),
        ),
    ]
    if view.before is not None:
        before = view.before
        rows.append(("before", detail_rates(locale, before.first, before.last, before.rates)))
    if view.after is not None:
        after = view.after
        rows.append(("later", detail_rates(locale, after.first, after.last, after.rates)))
    rows.append(("searched", detail_range(locale, view.searched.start, view.searched.end)))
    publisher = publisher_name(locale, view.source.publisher)
    rows.append(("source", f"{publisher}{_colon(locale)}{view.source.title} <{view.source.url}>"))
    if view.note:
        rows.append(("note", view.note))
    _print_rows([(detail_label(locale, key), text) for key, text in rows])


def _colon(locale: str) -> str:
    """The colon between a figure and what follows, full width in Chinese."""
    return "：" if locale.startswith("zh") else ": "


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: The library's parameter → the option, in error messages.
_PRICE_OPTION = {"in_prices_of": "--in-prices-of"}


def _price_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """``in_prices_of`` and the indexes (shipped and ``WAGECALC_PRICE_INDEXES``), only when
    ``--in-prices-of`` is given: no index is read otherwise."""
    if args.in_prices_of is None:
        return {}
    return {
        "in_prices_of": parse_month(args.in_prices_of, field="in_prices_of"),
        "price_indexes": configured_price_indexes(price_index_paths_from_env()),
    }


def _print_prices(adjustment: PriceAdjustment, locale: str = "en") -> None:
    """The adjustment's sentence and, for convert, the index row: the index's values,
    months and source (a proper name, as published). Compare and equivalents print the
    sentence; their --json has the values."""
    index = adjustment.index
    print(adjustment.sentence(locale))
    _print_rows(
        [
            (
                convert_label(locale, "index"),
                f"{index.title}: {adjustment.from_value} ({adjustment.from_month}) → "
                f"{adjustment.to_value} ({adjustment.to_month}); {index.publisher}, "
                f"{index.series} <{index.url}>",
            )
        ]
    )


def _rate_source() -> RateSource:
    """The rates the service uses: ``WAGECALC_RATES_FILE`` or the embedded history, read
    from its prepared form in the cache directory (``WAGECALC_CACHE_DIR``), not re-parsed."""
    settings = Settings.from_env()
    if settings.rates_file is not None:
        return EcbSource(read_history_file(settings.rates_file, cache_dir=settings.cache_dir))
    return EcbSource(load_embedded_history(settings.cache_dir))


def _rule_set(args: argparse.Namespace) -> RuleSet:
    return load_rules([*rule_paths_from_env(), *(Path(p) for p in args.rule_files)])


def _run_equivalents(args: argparse.Namespace) -> None:
    locale = negotiate_locale(args.locale)
    amount = parse_plain_amount(args.amount)
    rule_set = _rule_set(args)
    # One reading of a selection for the library, the CLI and the API: "" or "story," is
    # refused (an empty selection never means every rule).
    select = rule_selectors(args.select)
    # The selection checked here, so that its error points at this command, not the library.
    rule_set.select(select, field="rules", hint="see `wagecalc rules`")
    with relabel_fields({**_PRICE_OPTION, "on": "date"}):  # the library's parameter → the option
        result = equivalents(
            amount,
            args.currency,
            period=parse_period(args.period),
            on=None if args.date is None else parse_date(args.date),
            schedule=parse_schedule(args.schedule),
            rules=rule_set,
            select=select,
            locale=locale,
            compact=args.compact,
            source=_rate_source(),
            **_price_arguments(args),
        )
    if args.json:
        _print_json(equivalents_view(result))
        return
    locale = result.locale
    if result.prices is not None:
        print(result.prices.sentence(locale))
    shown: set[tuple[str, str, object]] = set()
    for item in result.items:
        source = item.value.source
        print(item.sentence)
        print(
            "    "
            + source_line(
                locale,
                publisher=source.publisher_in(locale),
                title=source.title_in(locale),
                date=item.value.in_force_from,
            )
        )
        if (period := item.value.period_in(locale)) is not None:
            print("    " + figure_line(locale, period=period, published=item.value.published))
            if item.carried_forward:
                day = result.rules_date
                print("    " + carried_forward_line(locale, period=period, date=day))
        if (
            item.quote is not None
            and (key := (item.quote.base, item.quote.target, item.quote.rate_date)) not in shown
        ):
            shown.add(key)
            for line in _rate_words(item.quote, locale):
                print(f"    {line}")
    for left in result.not_in_force:
        print(left.sentence)
    for unconverted in result.not_converted:
        print(unconverted.sentence)
    print(rules_footer(locale, version=result.rules_version, date=result.rules_date))


def _rate_words(quote: Quote, locale: str) -> list[str]:
    """The rate line (four decimals, its age in words when older than the date asked) and
    why its date is not the date asked, in ``locale``: the lines the JSON's ``text`` and
    ``fallback_text`` hold."""
    view = rate_view(quote, locale)
    return [view.text] + ([view.fallback_text] if view.fallback_text else [])


def _run_compare(args: argparse.Namespace) -> None:
    salaries = []
    for index, text in enumerate(args.salaries):
        label, sep, figure = text.rpartition("=")
        figure, at, month = figure.partition("@")
        amount, space, _ = figure.partition(" ")
        if space:  # the API's amount grammar (a malformed salary is parse_salary's error)
            parse_plain_amount(amount, field=f"salaries[{index}].amount")
        salary = parse_salary(figure, label=label if sep else None, index=index)
        if at:
            where = f"salaries[{index}].month"
            salary = msgspec.structs.replace(salary, month=parse_month(month, field=where))
        salaries.append(salary)
    with relabel_fields({**_PRICE_OPTION, "on": "date"}):
        result = compare(
            salaries,
            args.currency,
            on=None if args.date is None else parse_date(args.date),
            schedule=parse_schedule(args.schedule),
            locale=negotiate_locale(args.locale),
            source=_rate_source(),
            **_price_arguments(args),
        )
    if args.json:
        _print_json(comparison_view(result))
        return
    locale = result.locale
    if result.prices_sentence is not None:
        print(result.prices_sentence)
        for entry in result.salaries:
            if entry.prices is not None:
                print("    " + entry.prices.sentence(locale))
    for entry in result.salaries:
        figures = [
            figure_phrase(
                locale, amount=format_money(m.amount, m.currency, locale), per=per_phrase(p, locale)
            )
            for p, m in entry.per_period.items()
        ]
        print(labelled_figures(locale, entry.label, figures))
    for pair in result.pairs:
        note = ratio_note(locale, format_count(pair.ratio, locale))
        if locale.startswith("zh") and pair.sentence.endswith("。"):
            # In Chinese the bracket belongs to the sentence, before its full stop.
            print(f"{pair.sentence[:-1]}{note}。")
        else:
            print(f"{pair.sentence} {note}")
    shown: set[tuple[str, str, object]] = set()
    for entry in result.salaries:
        quote = entry.quote
        key = (quote.base, quote.target, quote.rate_date)
        if quote.base != quote.target and key not in shown:
            shown.add(key)
            for line in _rate_words(quote, locale):
                print(line)


def _run_rules(args: argparse.Namespace) -> None:
    rule_set = _rule_set(args)
    day = dt.datetime.now(dt.UTC).date() if args.date is None else parse_date(args.date)
    views = [rule_view(r, day) for r in rule_set.rules.values()]
    if args.json:
        _print_json(
            {
                "version": rule_set.version,
                "date": day,
                "files": list(rule_set.files),
                "rules": views,
            }
        )
        return
    for v in views:
        now = v.in_force
        figure = (
            f"{format_money_prose(Decimal(now.amount), now.currency)} {_RULE_PER[v.per]} "
            f"from {now.in_force_from}"
            if now is not None
            else f"none: {v.not_in_force_reason}"
        )
        values = _counted(len(v.values), "value", "values")
        print(f"{v.id:<40} {v.kind:<9} {figure}  ({values})  [{', '.join(v.tags)}]")
    files = _counted(len(rule_set.files), "file", "files")
    print(f"in force on {day}; version {rule_set.version} from {files}")


#: What a rule's amount is per, as the English output says it (``USD 27,540 a year``).
_RULE_PER = {
    "item": "an item",
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "month": "a month",
    "quarter": "a quarter",
    "year": "a year",
}


def _counted(n: int, one: str, other: str) -> str:
    """``1 value``, ``14 values``: English plurals, not ``value(s)``."""
    return f"{n:,} {one if n == 1 else other}"


def _run_serve(args: argparse.Namespace) -> None:
    from wagecalc.server import serve

    rules = [Path(p) for p in [*args.rule_files, *(args.serve_rule_files or [])]]
    status = serve(
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        rules=rules or None,
    )
    if status:
        raise SystemExit(status)


def _run_currencies(args: argparse.Namespace) -> None:
    source = _rate_source()
    views = [
        coverage_view(c, currency_name(code), minor_units(code), source.info)
        for code, c in sorted(source.coverage().items())
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
        hours = format_count(Decimal(v.hours_per_year).normalize())
        print(f"{v.id:<24} {hours:>8} h/year  {v.label}\n{'':<24} {v.citation}")


def _run_rates_update(args: argparse.Namespace) -> None:
    # Imported here: urllib and zipfile are not needed by any other command.
    from wagecalc.rates.update import DEFAULT_URL, RatesUpdateError, update_rates

    url = args.url or DEFAULT_URL
    settings = Settings.from_env()
    target = args.to if args.to is not None else settings.rates_file
    if target is None:
        raise RatesUpdateError("give --to FILE or set WAGECALC_RATES_FILE", field="to")
    try:
        timeout = float(args.timeout) if args.timeout.isascii() else -1.0
    except ValueError:
        timeout = -1.0
    if not 0.1 <= timeout <= 600:
        raise RatesUpdateError(f"--timeout {args.timeout[:20]!r}: expected seconds, 0.1-600")
    try:
        updated = update_rates(target, url=url, timeout=timeout, cache_dir=settings.cache_dir)
    except RatesUpdateError as exc:
        raise RatesUpdateError(
            f"rates update from {url}: {exc}; {target} left unchanged", field=exc.field
        ) from None
    except Exception as exc:  # the bytes came from the network: one line, never a traceback
        raise RatesUpdateError(
            f"rates update from {url}: {type(exc).__name__}: {exc}; {target} left unchanged"
        ) from None
    print(f"wagecalc: {updated.summary()}")


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
