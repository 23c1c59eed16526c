"""The guarantees every networked rate source gives, in one place.

A networked source (live rates through forex-python, Frankfurter's v2 API)
asks an upstream for tables of rates; :class:`Upstream` makes that safe to do
inside a request:

- **Bounded time.** The GET runs on one ``requests.Session`` with
  ``timeout=(t, t)`` and a streamed, size-capped body read that checks an
  overall deadline; it runs on a small thread pool and every caller waits with
  ``Future.result(timeout=t)``, so no caller waits longer than ``t``.
- **Cache.** One value per key, kept for a time the caller chooses (or for
  good), LRU-bounded.
- **Coalescing.** Concurrent requests for one key share one in-flight fetch.
- **Failures.** A failed fetch is not cached, but its key is not fetched
  again for ``retry_after`` seconds.
- **Circuit breaker.** After ``failure_threshold`` consecutive failures no
  call goes upstream for ``cool_down`` seconds; then one probe decides.

Every failure is an :class:`UpstreamError` with a reason for people; the
source decides what answers instead (the embedded ECB history, flagged).
Nothing here imports forex-python.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import msgspec
import requests
from requests.adapters import HTTPAdapter

__all__ = [
    "MAX_BODY",
    "BreakerState",
    "Upstream",
    "UpstreamError",
    "UpstreamStatus",
]

#: An upstream answer larger than this is refused (a rates table is a few KiB).
MAX_BODY = 1 << 20

_T = TypeVar("_T")


class BreakerState(enum.StrEnum):
    CLOSED = "closed"
    """Calls go upstream."""
    OPEN = "open"
    """Too many consecutive failures: no upstream calls until the cool-down ends."""
    HALF_OPEN = "half-open"
    """The cool-down is over: the next call is a probe."""


class UpstreamStatus(msgspec.Struct, frozen=True, kw_only=True):
    """What ``/readyz`` says about a networked source."""

    url: str
    timeout_seconds: float
    breaker: BreakerState
    consecutive_failures: int
    last_success: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    cached_tables: int


class UpstreamError(Exception):
    """The upstream could not answer; ``counts`` if it is a sign the upstream is unwell."""

    def __init__(self, reason: str, *, counts: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.counts = counts


class _Entry(msgspec.Struct, frozen=True):
    value: Any
    expires: float | None  # clock() value, None: never


class _Breaker:
    """Consecutive-failure circuit breaker (not thread-safe: the upstream's lock guards it)."""

    def __init__(self, threshold: int, cool_down: float, clock: Callable[[], float]) -> None:
        self.threshold = threshold
        self.cool_down = cool_down
        self._clock = clock
        self.failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._probing or self._clock() - self._opened_at >= self.cool_down:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def admit(self) -> str | None:
        """None if an upstream call may start now, else why not."""
        state = self.state
        if state is BreakerState.CLOSED:
            return None
        if state is BreakerState.OPEN:
            assert self._opened_at is not None
            left = self.cool_down - (self._clock() - self._opened_at)
            return (
                f"the circuit is open after {self.failures} consecutive failures "
                f"(next try in {left:.0f} s)"
            )
        if self._probing:
            return "the circuit is half-open and a probe of the upstream is in flight"
        self._probing = True
        return None

    def success(self) -> None:
        self.failures = 0
        self._opened_at = None
        self._probing = False

    def failure(self) -> None:
        self.failures += 1
        if self._probing or self.failures >= self.threshold:
            self._opened_at = self._clock()
        self._probing = False

    def neutral(self) -> None:
        """An answer that says nothing about the upstream's health (a 404 for a currency)."""
        if self._probing:
            self.success()


class Upstream(Generic[_T]):
    """Bounded, cached, coalesced, breaker-guarded fetches of values keyed by the caller."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 2.0,
        max_tables: int = 512,
        failure_threshold: int = 5,
        cool_down: float = 30.0,
        retry_after: float = 5.0,
        workers: int = 8,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] | None = None,
        thread_name: str = "wagecalc-upstream",
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.clock = clock
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self._max_tables = max_tables
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._in_flight: dict[Hashable, Future[_T]] = {}
        # A key whose fetch just failed is not fetched again for ``retry_after``
        # seconds: one request quoting 30 currencies of one base (GET /v1/rates)
        # waits for the upstream once, not 30 times.
        self._failed: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
        self._retry_after = retry_after
        self._closed = False
        self._breaker = _Breaker(failure_threshold, cool_down, clock)
        self._last_success: dt.datetime | None = None
        self._last_error: str | None = None
        self._last_error_at: dt.datetime | None = None
        # One session for all fetches: its connection pool is thread-safe, and
        # it never reads cookies or auth that could differ between threads.
        self._session = requests.Session()
        self._session.mount(url, HTTPAdapter(pool_connections=1, pool_maxsize=workers))
        self._session.headers["Accept"] = "application/json"
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=thread_name)

    # -- fetching -----------------------------------------------------------

    def cached(self, key: Hashable, fetch: Callable[[], _T], ttl: float | None) -> _T:
        """The value for ``key``: cached, or fetched once however many callers ask at once.

        ``ttl``: seconds the value stays cached (None: for good). Raises
        :class:`UpstreamError` after at most ``timeout`` seconds.
        """
        value, future = self._start(key, fetch, ttl)
        if future is None:
            return value  # type: ignore[return-value]  # _start returns one or the other
        try:
            return future.result(timeout=self.timeout)
        except TimeoutError:
            raise UpstreamError(f"no answer within {self.timeout:g} s") from None
        except CancelledError:  # close() dropped the queued fetch
            raise UpstreamError("the source is shut down") from None

    def peek(self, key: Hashable) -> _T | None:
        """The cached value for ``key`` if fresh, else None; never waits, never fetches."""
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and (entry.expires is None or self.clock() < entry.expires):
                value: _T = entry.value
                return value
        return None

    def prefetch(self, key: Hashable, fetch: Callable[[], _T], ttl: float | None) -> None:
        """Start fetching ``key`` in the background unless cached, under way or refused."""
        # The breaker or a recent failure may say no: the next caller tries again.
        with contextlib.suppress(UpstreamError):
            self._start(key, fetch, ttl)

    def _start(
        self, key: Hashable, fetch: Callable[[], _T], ttl: float | None
    ) -> tuple[_T | None, Future[_T] | None]:
        """The cached value, or the fetch under way for ``key`` (started here if need be)."""
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and (entry.expires is None or self.clock() < entry.expires):
                self._cache.move_to_end(key)
                return entry.value, None
            future = self._in_flight.get(key)
            if future is None:
                if self._closed:
                    raise UpstreamError("the source is shut down")
                failed = self._failed.get(key)
                if failed is not None and self.clock() < failed[0]:
                    raise UpstreamError(failed[1])
                refused = self._breaker.admit()
                if refused is not None:
                    raise UpstreamError(refused)
                expires = None if ttl is None else self.clock() + ttl
                future = self._executor.submit(self._fetch, key, fetch, expires)
                self._in_flight[key] = future
            return None, future

    def _fetch(self, key: Hashable, fetch: Callable[[], _T], expires: float | None) -> _T:
        """One upstream call (on the pool); records the outcome before the waiters see it."""
        try:
            value = fetch()
        except UpstreamError as failure:
            self._record_failure(key, failure)
            raise
        except BaseException as exc:  # a bug, not the upstream: never leave the key stuck
            unexpected = UpstreamError(f"unexpected {type(exc).__name__}: {exc}")
            self._record_failure(key, unexpected)
            raise unexpected from exc
        with self._lock:
            del self._in_flight[key]
            self._failed.pop(key, None)
            self._breaker.success()
            self._last_success = self.now()
            self._cache[key] = _Entry(value, expires)
            self._cache.move_to_end(key)
            while len(self._cache) > self._max_tables:
                self._cache.popitem(last=False)
        return value

    def _record_failure(self, key: Hashable, failure: UpstreamError) -> None:
        with self._lock:
            del self._in_flight[key]
            if failure.counts:
                self._breaker.failure()
            else:
                self._breaker.neutral()
            self._last_error = failure.reason
            self._last_error_at = self.now()
            self._failed[key] = (self.clock() + self._retry_after, failure.reason)
            self._failed.move_to_end(key)
            while len(self._failed) > self._max_tables:
                self._failed.popitem(last=False)

    def get(self, url: str, params: dict[str, str]) -> bytes:
        """One bounded GET: the body of a 200 answer, or an :class:`UpstreamError`."""
        timeout = self.timeout
        deadline = time.monotonic() + timeout
        late = f"no answer within {timeout:g} s"
        try:
            with self._session.get(
                url, params=params, timeout=(timeout, timeout), stream=True
            ) as response:
                status = response.status_code
                if status != 200:
                    raise UpstreamError(
                        f"the upstream answered HTTP {status}",
                        # a 4xx is about the request (say, a base it does not
                        # publish), not the upstream's health; 429 asks us to back off
                        counts=status >= 500 or status == 429 or status < 400,
                    )
                body = bytearray()
                for chunk in response.iter_content(16_384):
                    body += chunk
                    if len(body) > MAX_BODY:
                        raise UpstreamError(f"the upstream's answer is over {MAX_BODY} bytes")
                    if time.monotonic() > deadline:
                        raise UpstreamError(late)
        except requests.Timeout:
            raise UpstreamError(late) from None
        except requests.ConnectionError as exc:
            if time.monotonic() >= deadline:
                raise UpstreamError(late) from None  # a read timeout while streaming the body
            raise UpstreamError(f"cannot connect to the upstream ({_root_cause(exc)})") from None
        except requests.RequestException as exc:
            raise UpstreamError(f"the request failed ({type(exc).__name__})") from None
        return bytes(body)

    # -- state --------------------------------------------------------------

    def status(self) -> UpstreamStatus:
        with self._lock:
            return UpstreamStatus(
                url=self.url,
                timeout_seconds=self.timeout,
                breaker=self._breaker.state,
                consecutive_failures=self._breaker.failures,
                last_success=self._last_success,
                last_error=self._last_error,
                last_error_at=self._last_error_at,
                cached_tables=len(self._cache),
            )

    def close(self) -> None:
        """Stop the fetch threads (without waiting for a hung upstream) and the session."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._session.close()


def _root_cause(exc: BaseException) -> str:
    """'connection refused' rather than a page of urllib3 wrapping."""
    seen: BaseException | None = exc
    for _ in range(10):  # the chain is short; never loop on a cycle
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        seen = seen.__cause__ or seen.__context__ or _first_arg_exception(seen)
    return type(exc).__name__


def _first_arg_exception(exc: BaseException) -> BaseException | None:
    for arg in exc.args:
        if isinstance(arg, BaseException):
            return arg
        reason = getattr(arg, "reason", None)
        if isinstance(reason, BaseException):
            return reason
    return None
