"""Live rates through forex-python: opt-in, bounded, cached, falling back to the embedded data.

forex-python's ``CurrencyRates`` builds the upstream URL (``<base url><date or
'latest'>?base=USD&rtype=fpy``) and decodes the rates as Decimals
(``force_decimal=True``), but it calls the module-level ``requests.get`` with
no timeout, raises one error for every failure and throws away the date the
upstream reports. :class:`LiveSource` therefore keeps forex-python's URL
building and rate decoding (a subclass only points ``_source_url`` at the
configured base URL) and does the GET itself. The base URL defaults to
Frankfurter's v1 API (:data:`DEFAULT_LIVE_URL`), not forex-python's own
upstream, which has failed since mid-2025:

- **Timeout.** forex-python takes no session, so a timeout cannot be handed
  to it without patching the global ``requests`` module. The GET runs on our
  own ``requests.Session`` with ``timeout=(t, t)`` and a streamed, size-capped
  body read that checks an overall deadline. The fetch runs on a small thread
  pool and every caller waits for it with ``Future.result(timeout=t)``, so no
  caller waits longer than ``t`` for the upstream, whatever a slow socket does.
- **The upstream's date.** The envelope (``{"base", "date", "rates"}``) is read
  for ``date`` and ``base``; a quote carries that date, not the one asked for.
- **Cache.** One table of rates per (base, date asked): the latest (and today
  or later) for ``ttl`` seconds, past dates for good; LRU-bounded.
- **Coalescing.** Concurrent requests for the same key share one in-flight
  fetch (a ``Future``), so 100 concurrent requests make one upstream call.
- **Failures.** A failed fetch is not cached, but its key is not fetched again
  for ``retry_after`` seconds (default 5), so one request quoting many
  currencies of one base waits for a failing upstream once.
- **Circuit breaker.** After ``failure_threshold`` consecutive failures the
  upstream is not called for ``cool_down`` seconds; then one probe is let
  through (half-open): success closes the circuit, failure opens it again.
- **Fallback.** On any failure (timeout, refused connection, HTTP error, bad
  JSON, a currency missing, the circuit open) the embedded ECB source answers,
  with ``fallback="live-unavailable"``, the reason in ``fallback_detail`` and
  the embedded rate's own date. A currency neither source has is the embedded
  source's ``UnsupportedCurrencyError``, as without the live source.

``quote`` blocks (up to the timeout) on a cache miss: the HTTP API runs the
work of its rate handlers in worker threads when the live source is configured
(:func:`wagecalc.api.params.compute`).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import msgspec
from forex_python.converter import CurrencyRates

from wagecalc.currencies import validate_currency
from wagecalc.rates.quotes import (
    SPOT,
    Basis,
    Coverage,
    Fallback,
    Leg,
    Quote,
    RateSource,
    SourceInfo,
    quote_arguments,
)
from wagecalc.rates.upstream import BreakerState, Upstream, UpstreamError, UpstreamStatus

__all__ = [
    "DEFAULT_LIVE_URL",
    "FOREX_PYTHON_URL",
    "BreakerState",  # re-exported: the state /readyz reports
    "LiveSource",
    "LiveStatus",
]

#: The default upstream: Frankfurter's v1 API (https://frankfurter.dev), whose paths
#: (``/latest``, ``/YYYY-MM-DD``, ``?base=``) and answer (``{"base", "date", "rates"}``)
#: are the ones forex-python builds and reads. forex-python's own default
#: (:data:`FOREX_PYTHON_URL`) has failed since mid-2025 (forex-python issue #158).
DEFAULT_LIVE_URL = "https://api.frankfurter.dev/v1/"

#: The base URL forex-python itself calls when nobody points it elsewhere.
FOREX_PYTHON_URL: str = CurrencyRates()._source_url()

_LATEST = "latest"

#: What ``/readyz`` says about the live source (the shape every networked source reports).
LiveStatus = UpstreamStatus
_LiveError = UpstreamError


class _Table(msgspec.Struct, frozen=True):
    """One upstream answer: ``1 base = rates[code] code`` on ``date``."""

    base: str
    date: dt.date
    rates: dict[str, Decimal]


class _Body:
    """What forex-python's ``_decode_rates`` reads from a response: its ``text``."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _ForexRates(CurrencyRates):  # type: ignore[misc]  # forex-python is untyped
    """forex-python's URL building and Decimal decoding, aimed at a configurable base URL."""

    def __init__(self, url: str) -> None:
        super().__init__(force_decimal=True)
        self._url = url

    def _source_url(self) -> str:
        return self._url

    def url_for(self, on: dt.date | None) -> str:
        return f"{self._source_url()}{self._get_date_string(on)}"

    def rates_of(self, text: str) -> Any:
        return self._decode_rates(_Body(text))


class LiveSource:
    """A :class:`RateSource` fetching today's rates, answering from ``fallback`` when it cannot."""

    def __init__(
        self,
        fallback: RateSource,
        *,
        url: str = DEFAULT_LIVE_URL,
        timeout: float = 2.0,
        ttl: float = 600.0,
        max_tables: int = 512,
        failure_threshold: int = 5,
        cool_down: float = 30.0,
        retry_after: float = 5.0,
        workers: int = 8,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if not url.endswith("/"):
            url += "/"  # forex-python appends the date to the base URL
        self._fallback = fallback
        self._forex = _ForexRates(url)
        self._url = url
        self._timeout = timeout
        self._ttl = ttl
        self._upstream: Upstream[_Table] = Upstream(
            url,
            timeout=timeout,
            max_tables=max_tables,
            failure_threshold=failure_threshold,
            cool_down=cool_down,
            retry_after=retry_after,
            workers=workers,
            clock=clock,
            now=now,
            thread_name="wagecalc-live",
        )
        self._lock = threading.Lock()
        self._newest: dt.date | None = None
        host = urlsplit(url).hostname or url
        self._info = SourceInfo(
            name="live",
            title=f"Live exchange rates from {host} (through forex-python)",
            publisher=host,
            url=url,
            citation=(
                f"Fetched by forex-python from {url} when asked, with the date the upstream "
                f"reports; the latest rates are cached for {ttl:g} s. When the upstream cannot "
                f"answer, the embedded {fallback.info.publisher} rates answer instead "
                f"and the quote says so."
            ),
        )

    # -- RateSource ---------------------------------------------------------

    @property
    def info(self) -> SourceInfo:
        return self._info

    def coverage(self) -> dict[str, Coverage]:
        """The embedded source's coverage: what is guaranteed an answer, live or not."""
        return self._fallback.coverage()

    def last_date(self) -> dt.date:
        """The newest rate date seen from the upstream, or the embedded data's if newer."""
        embedded = self._fallback.last_date()
        with self._lock:
            newest = self._newest
        return embedded if newest is None or newest < embedded else newest

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        on, basis, today = quote_arguments(on, basis, today)
        validate_currency(base, field="base")
        validate_currency(target, field="target")
        if not basis.is_spot:
            # The upstream publishes daily rates only: averages come from the
            # embedded history, whose quote names its own source.
            return self._fallback.quote(base, target, on, basis=basis, today=today)
        today = today or self._upstream.now().date()
        asked = on if on is not None and on <= today else None
        try:
            table = self._table(base, asked, today)
            return self._live_quote(table, base, target, on, today)
        except _LiveError as failure:
            return self._fallback_quote(failure.reason, base, target, on, basis, today)

    # -- state --------------------------------------------------------------

    def status(self) -> LiveStatus:
        return self._upstream.status()

    def close(self) -> None:
        """Stop the fetch threads (without waiting for a hung upstream) and the session."""
        self._upstream.close()

    # -- internals ----------------------------------------------------------

    def _table(self, base: str, on: dt.date | None, today: dt.date) -> _Table:
        key = (base, _LATEST if on is None else on.isoformat())
        # A past date's rates do not change; today's may still be published.
        ttl = None if on is not None and on < today else self._ttl
        table = self._upstream.cached(key, lambda: self._get(base, on), ttl)
        if on is None:
            with self._lock:
                if self._newest is None or table.date > self._newest:
                    self._newest = table.date
        return table

    def _get(self, base: str, on: dt.date | None) -> _Table:
        # what forex-python's get_rates sends: its URL, base and rtype
        body = self._upstream.get(self._forex.url_for(on), {"base": base, "rtype": "fpy"})
        return self._parse(body, base)

    def _parse(self, body: bytes, base: str) -> _Table:
        try:
            text = body.decode("utf-8")
            envelope = json.loads(text)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
            raise _LiveError("the upstream's answer is not valid JSON") from None
        if not isinstance(envelope, dict) or not isinstance(envelope.get("rates"), dict):
            raise _LiveError("the upstream's answer is not a rates object")
        try:
            rates = self._forex.rates_of(text)  # forex-python's decoding: Decimals, not floats
        except ValueError:
            raise _LiveError("the upstream's answer is not valid JSON") from None
        answered_base = envelope.get("base", base)
        if answered_base != base:
            raise _LiveError(
                f"the upstream answered for base {str(answered_base)[:8]!r}, not {base}"
            )
        raw_date = envelope.get("date")
        try:
            day = dt.date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
        except ValueError:
            day = None
        if day is None:
            raise _LiveError("the upstream's answer has no valid date")
        checked: dict[str, Decimal] = {}
        for code, value in rates.items():
            if isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise _LiveError(f"the upstream's rate for {str(code)[:8]!r} is not a number")
            rate = Decimal(value)
            if not rate.is_finite() or rate <= 0:
                raise _LiveError(f"the upstream's rate for {str(code)[:8]!r} is not positive")
            checked[str(code)] = rate
        return _Table(base, day, checked)

    def _live_quote(
        self, table: _Table, base: str, target: str, on: dt.date | None, today: dt.date
    ) -> Quote:
        if base == target:
            rate = Decimal(1)
        elif target in table.rates:
            rate = table.rates[target]
        else:
            raise _LiveError(f"the upstream has no {base}→{target} rate for {table.date}")
        used = table.date
        fallback: Fallback | None
        if on is None:
            fallback, detail = Fallback.LATEST, f"no date was asked for: the newest rate, of {used}"
        elif on > today:
            fallback = Fallback.FUTURE_DATE
            detail = f"{on} is in the future: the newest rate, of {used}, answers instead"
        elif used > on:
            raise _LiveError(f"asked for {on}, the upstream answered with a rate of {used}")
        elif used < on:
            fallback = Fallback.NOT_PUBLISHED
            detail = f"the upstream has no rate for {on}: it answered with its rate of {used}"
        else:
            fallback, detail = None, None
        reference = on if on is not None and on <= today else today
        return Quote(
            base=base,
            target=target,
            numerator=rate,
            denominator=Decimal(1),
            requested_date=on,
            rate_date=used,
            fallback=fallback,
            fallback_detail=detail,
            age_days=(reference - used).days,
            path=(base,) if base == target else (base, target),
            legs=() if base == target else (Leg(base, target, rate, used),),
            basis=str(SPOT),
            window=None,
            source=self._info,
        )

    def _fallback_quote(
        self,
        reason: str,
        base: str,
        target: str,
        on: dt.date | None,
        basis: Basis,
        today: dt.date,
    ) -> Quote:
        embedded = self._fallback.quote(base, target, on, basis=basis, today=today)
        detail = (
            f"the live source was unavailable ({reason}): "
            f"answered from the embedded {embedded.source.publisher} rate of {embedded.rate_date}"
        )
        if embedded.fallback_detail:
            detail += f"; {embedded.fallback_detail}"
        return msgspec.structs.replace(
            embedded, fallback=Fallback.LIVE_UNAVAILABLE, fallback_detail=detail
        )
