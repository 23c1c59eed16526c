"""The world's currencies: central banks' own rates through Frankfurter's v2 API.

Frankfurter (https://frankfurter.dev, MIT, self-hostable) relays the rates
that some hundred central banks and official bodies publish. Its v2 API, as
its OpenAPI document states (``lib/public/v2/openapi.json`` of
lineofflight/frankfurter):

- ``GET /providers``: one object a publisher: ``key`` (``ECB``), ``name``,
  ``pivot_currency`` (the base of its published rates), ``data_url``,
  ``start_date``, ``end_date`` and ``currencies`` (required: key, name,
  currencies);
- ``GET /rates?base=&providers=&date=``: a JSON array of ``{"date", "base",
  "quote", "rate"}`` (all required), blended across providers unless
  ``providers`` names them; with one provider its own published digits come
  back. Each row has its own ``date``: a provider that published nothing on
  the day asked is carried forward from its latest rate (up to 14 days);
  ``date`` omitted: the latest rates. Errors are ``{"message"}`` with 404, 422
  (an unknown currency or parameter) or 503 (the request's deadline).

wagecalc never uses the blend: every quote is built from the published rates
of a named provider. For ``A → B``:

1. A provider that publishes both (its pivot counts): the ECB first when it
   does (the same figures as the embedded history), then the home bank of A
   or B (a provider whose pivot is one of them), then the one with the newest
   data. Its table against its pivot ``P`` gives ``1 A = (P→B) / (P→A) B``,
   path ``A, P, B``.
2. Otherwise two providers that share a currency ``C`` (one's pivot, or USD,
   or EUR): ``A → C`` from the first, ``C → B`` from the second. The quote's
   source names both and says it is a cross rate across two providers; each
   leg names its provider and its publication date.

The guarantees are the live source's (:mod:`wagecalc.rates.upstream`):
bounded time, one fetch per table however many callers ask, a failed table
not retried for 5 s, a circuit breaker. On any failure the embedded ECB
history answers the currencies it has, flagged ``live-unavailable`` with the
reason; a currency it lacks is a :class:`RateUnavailableError` saying why.
Averages (``mean-…``) come from the embedded history.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

import msgspec

from wagecalc.currencies import known_currencies, validate_currency
from wagecalc.errors import RateUnavailableError, UnsupportedCurrencyError
from wagecalc.money import WORK_CONTEXT
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
from wagecalc.rates.upstream import Upstream, UpstreamError, UpstreamStatus

__all__ = ["DEFAULT_FRANKFURTER_URL", "FrankfurterSource", "Provider"]

#: Frankfurter's public v2 API.
DEFAULT_FRANKFURTER_URL = "https://api.frankfurter.dev/v2/"

#: Frankfurter carries a provider's rate forward this many days (``CarryForward``).
CARRY_FORWARD_DAYS = 14
_LATEST = "latest"
_PROVIDERS = ("providers",)
_BRIDGES = ("USD", "EUR")
_MAX_ROUTES = 3


class Provider(msgspec.Struct, frozen=True, kw_only=True):
    """One publisher, as ``GET /providers`` describes it (other fields are ignored)."""

    key: str
    name: str
    currencies: list[str]
    pivot_currency: str | None = None
    data_url: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    def covers(self, code: str) -> bool:
        return code == self.pivot_currency or code in self.currencies


class _Row(msgspec.Struct, frozen=True):
    """One row of ``GET /rates``: ``1 base = rate quote`` on ``date``."""

    date: dt.date
    base: str
    quote: str
    rate: Decimal


class _Table(msgspec.Struct, frozen=True):
    """One provider's rates against its pivot: ``rates[code] = (rate, date)``."""

    provider: str
    pivot: str
    rates: dict[str, tuple[Decimal, dt.date]]


class _Catalog:
    """The providers, and which of them publish each currency."""

    def __init__(self, providers: list[Provider]) -> None:
        self.providers = [p for p in providers if p.pivot_currency]
        self.by_currency: dict[str, list[Provider]] = {}
        for provider in self.providers:
            for code in dict.fromkeys([provider.pivot_currency or "", *provider.currencies]):
                self.by_currency.setdefault(code, []).append(provider)
        ends = [p.end_date for p in self.providers if p.end_date is not None]
        self.newest = max(ends) if ends else None

    @functools.cached_property
    def coverage(self) -> dict[str, Coverage]:
        """Each ISO 4217 currency a provider publishes, from its first provider's first date
        to its last one's last, with the providers' names (made once per provider list)."""
        found = {}
        for code, providers in self.by_currency.items():
            if code not in known_currencies():  # crypto and other non-ISO codes: not money here
                continue
            starts = [p.start_date for p in providers if p.start_date is not None]
            ends = [p.end_date for p in providers if p.end_date is not None]
            if not starts or not ends:
                continue
            found[code] = Coverage(
                code,
                ((min(starts), max(ends)),),
                source="frankfurter",
                providers=tuple(sorted(p.name for p in providers)),
            )
        return found

    def current(self, code: str, on: dt.date | None) -> list[Provider]:
        """The providers of ``code`` that have rates near ``on`` (None: near their newest)."""
        reference = on if on is not None else self.newest
        out = []
        for provider in self.by_currency.get(code, []):
            if reference is not None:
                if provider.start_date is not None and provider.start_date > reference:
                    continue
                if provider.end_date is not None and provider.end_date < reference - dt.timedelta(
                    days=CARRY_FORWARD_DAYS
                ):
                    continue
            out.append(provider)
        return out


def _preference(*codes: str) -> Callable[[Provider], tuple[int, int, str]]:
    """ECB first, then the home bank of one of ``codes``, then the newest data."""

    def key(provider: Provider) -> tuple[int, int, str]:
        rank = 0 if provider.key == "ECB" else 1 if provider.pivot_currency in codes else 2
        end = provider.end_date.toordinal() if provider.end_date else 0
        return rank, -end, provider.key

    return key


class _Route(msgspec.Struct, frozen=True):
    """Which providers a quote is built from, and through which shared currency."""

    first: Provider
    second: Provider | None = None
    bridge: str | None = None


class FrankfurterSource:
    """A :class:`RateSource` of central banks' published rates, through Frankfurter's v2 API."""

    def __init__(
        self,
        fallback: RateSource,
        *,
        url: str = DEFAULT_FRANKFURTER_URL,
        timeout: float = 2.0,
        ttl: float = 600.0,
        catalog_ttl: float = 3600.0,
        max_tables: int = 512,
        failure_threshold: int = 5,
        cool_down: float = 30.0,
        retry_after: float = 5.0,
        workers: int = 8,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if not url.endswith("/"):
            url += "/"
        self._fallback = fallback
        self._url = url
        self._ttl = ttl
        self._catalog_ttl = catalog_ttl
        self._upstream: Upstream[object] = Upstream(
            url,
            timeout=timeout,
            max_tables=max_tables,
            failure_threshold=failure_threshold,
            cool_down=cool_down,
            retry_after=retry_after,
            workers=workers,
            clock=clock,
            now=now,
            thread_name="wagecalc-frankfurter",
        )
        self._lock = threading.Lock()
        self._newest: dt.date | None = None
        # The embedded currencies, named as the fallback's, and that merged with the
        # provider list it was last merged with (coverage() runs on /readyz and per request).
        self._embedded_coverage = {
            code: msgspec.structs.replace(found, source=fallback.info.name)
            for code, found in fallback.coverage().items()
        }
        self._merged: tuple[_Catalog, dict[str, Coverage]] | None = None
        self._info = SourceInfo(
            name="frankfurter",
            title="Central banks' published exchange rates, through Frankfurter",
            publisher="Frankfurter (central banks and official bodies)",
            url=url,
            citation=(
                f"Each rate as its provider (a central bank or official body) published it, "
                f"relayed by Frankfurter's v2 API at {url}; each quote names its provider. "
                f"When the upstream cannot answer, the embedded {fallback.info.publisher} rates "
                f"answer the currencies they have, and the quote says so."
            ),
        )

    # -- RateSource ---------------------------------------------------------

    @property
    def info(self) -> SourceInfo:
        return self._info

    def coverage(self) -> dict[str, Coverage]:
        """Every currency a provider publishes, as last fetched; never waits for the upstream.

        Until the provider list has been fetched (it is asked for here, in the
        background) or while it cannot be, the embedded currencies, marked as
        served by the embedded source.
        """
        catalog = self._upstream.peek(_PROVIDERS)
        if not isinstance(catalog, _Catalog):
            self._upstream.prefetch(_PROVIDERS, self._get_catalog, self._catalog_ttl)
            return self._embedded_coverage
        with self._lock:
            if self._merged is None or self._merged[0] is not catalog:
                self._merged = (catalog, {**self._embedded_coverage, **catalog.coverage})
            return self._merged[1]

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
            return self._mean(base, target, on, basis, today)
        today = today or self._upstream.now().date()
        asked = on if on is not None and on <= today else None
        try:
            return self._quote(base, target, on, asked, today)
        except _NoProviderError as missing:
            return self._fallback_quote(missing.reason, base, target, on, today, missing)
        except UpstreamError as failure:
            return self._fallback_quote(failure.reason, base, target, on, today)

    # -- state --------------------------------------------------------------

    def status(self) -> UpstreamStatus:
        return self._upstream.status()

    def close(self) -> None:
        self._upstream.close()

    # -- the upstream -------------------------------------------------------

    def _catalog(self) -> _Catalog:
        catalog = self._upstream.cached(_PROVIDERS, self._get_catalog, self._catalog_ttl)
        assert isinstance(catalog, _Catalog)
        return catalog

    def _get_catalog(self) -> _Catalog:
        body = self._upstream.get(self._url + "providers", {})
        try:
            providers = msgspec.json.decode(body, type=list[Provider])
        except msgspec.DecodeError as exc:
            raise UpstreamError(
                f"the upstream's provider list is not as documented ({exc})"
            ) from None
        return _Catalog(providers)

    def _table(self, provider: Provider, asked: dt.date | None, today: dt.date) -> _Table:
        pivot = provider.pivot_currency or ""
        key = ("rates", provider.key, _LATEST if asked is None else asked.isoformat())
        ttl = None if asked is not None and asked < today else self._ttl
        table = self._upstream.cached(key, lambda: self._get_table(provider, pivot, asked), ttl)
        assert isinstance(table, _Table)
        return table

    def _get_table(self, provider: Provider, pivot: str, asked: dt.date | None) -> _Table:
        params = {"base": pivot, "providers": provider.key}
        if asked is not None:
            params["date"] = asked.isoformat()
        body = self._upstream.get(self._url + "rates", params)
        try:
            rows = msgspec.json.decode(body, type=list[_Row])
        except msgspec.DecodeError as exc:
            raise UpstreamError(f"the upstream's rates are not as documented ({exc})") from None
        rates: dict[str, tuple[Decimal, dt.date]] = {}
        for row in rows:
            if row.base != pivot:
                raise UpstreamError(
                    f"the upstream answered {provider.key} rates for base {row.base[:8]!r}, "
                    f"not {pivot}"
                )
            if not row.rate.is_finite() or row.rate <= 0:
                raise UpstreamError(f"the upstream's rate for {row.quote[:8]!r} is not positive")
            if asked is not None and row.date > asked:
                raise UpstreamError(
                    f"asked for {asked}, the upstream answered with a rate of {row.date}"
                )
            rates[row.quote] = (row.rate, row.date)
        return _Table(provider.key, pivot, rates)

    # -- quotes -------------------------------------------------------------

    def _routes(
        self, catalog: _Catalog, base: str, target: str, on: dt.date | None
    ) -> Iterator[_Route]:
        """The ways to build the quote, best first (see the module's docstring)."""
        for code, field in ((base, "base"), (target, "target")):
            if code not in catalog.by_currency:
                raise _NoProviderError(code, field, "no provider of Frankfurter's publishes it")
            if not catalog.current(code, on):
                when = "recently" if on is None else f"within {CARRY_FORWARD_DAYS} days of {on}"
                why = f"no provider of Frankfurter's published it {when}"
                raise _NoProviderError(code, field, why)
        for_base, for_target = catalog.current(base, on), catalog.current(target, on)
        both = sorted(
            (p for p in for_base if p.covers(target) and p in for_target),
            key=_preference(base, target),
        )
        yield from (_Route(provider) for provider in both)
        for first, second in itertools.product(
            sorted(for_base, key=_preference(base)), sorted(for_target, key=_preference(target))
        ):
            if first.key == second.key:
                continue
            shared = [
                c
                for c in (first.pivot_currency, second.pivot_currency, *_BRIDGES)
                if c and first.covers(c) and second.covers(c)
            ]
            if shared:
                yield _Route(first, second, shared[0])

    def _quote(
        self, base: str, target: str, on: dt.date | None, asked: dt.date | None, today: dt.date
    ) -> Quote:
        catalog = self._catalog()
        # A route can come to nothing without the upstream being unwell: a provider whose
        # pivot is pegged answers no table when named alone, one may lack a currency on
        # the day. The next route is tried then, a few at most (each may be a fetch).
        failure: UpstreamError | None = None
        for route in itertools.islice(self._routes(catalog, base, target, asked), _MAX_ROUTES):
            try:
                return self._quote_by(route, base, target, on, asked, today)
            except UpstreamError as failed:
                if failed.counts:
                    raise
                failure = failure or failed
        if failure is not None:
            raise failure
        raise _NoProviderError(target, "target", f"no provider of Frankfurter's links {base} to it")

    def _quote_by(
        self,
        route: _Route,
        base: str,
        target: str,
        on: dt.date | None,
        asked: dt.date | None,
        today: dt.date,
    ) -> Quote:
        if route.second is None:
            table = self._table(route.first, asked, today)
            legs: tuple[Leg, ...] = (_leg(table, base), _leg(table, target))
            numerator, denominator = legs[1].rate, legs[0].rate
            path = _path(base, table.pivot, target)
            info = self._single_info(route.first)
        else:
            assert route.bridge is not None
            first = self._table(route.first, asked, today)
            second = self._table(route.second, asked, today)
            legs = (
                _leg(first, base),
                _leg(first, route.bridge),
                _leg(second, route.bridge),
                _leg(second, target),
            )
            # 1 base = (bridge per pivot₁ / base per pivot₁) bridge, and
            # 1 bridge = (target per pivot₂ / bridge per pivot₂) target.
            numerator = WORK_CONTEXT.multiply(legs[1].rate, legs[3].rate)
            denominator = WORK_CONTEXT.multiply(legs[0].rate, legs[2].rate)
            path = _path(base, first.pivot, route.bridge, second.pivot, target)
            info = self._cross_info(route, legs)
        published = tuple(leg for leg in legs if leg.base != leg.quote)
        used = min((leg.date for leg in published), default=legs[0].date)
        if on is None:
            with self._lock:
                if self._newest is None or used > self._newest:
                    self._newest = used
        fallback, detail = _why(on, today, used, published)
        reference = on if on is not None and on <= today else today
        if base == target:
            numerator = denominator = Decimal(1)
            published, path = (), (base,)
        return Quote(
            base=base,
            target=target,
            numerator=numerator,
            denominator=denominator,
            requested_date=on,
            rate_date=used,
            fallback=fallback,
            fallback_detail=detail,
            age_days=(reference - used).days,
            path=path,
            legs=tuple(dict.fromkeys(published)),
            basis=str(SPOT),
            window=None,
            source=info,
        )

    def _single_info(self, provider: Provider) -> SourceInfo:
        return SourceInfo(
            name="frankfurter",
            title=f"{provider.name} exchange rates, through Frankfurter",
            publisher=provider.name,
            url=provider.data_url or self._url,
            citation=(
                f"{provider.name} ({provider.key}): rates against {provider.pivot_currency} as "
                f"it published them, relayed by Frankfurter's v2 API at {self._url}."
            ),
        )

    def _cross_info(self, route: _Route, legs: tuple[Leg, ...]) -> SourceInfo:
        first, second = route.first, route.second
        assert second is not None
        return SourceInfo(
            name="frankfurter",
            title="A cross rate across two providers' published rates, through Frankfurter",
            publisher=f"{first.name} and {second.name}",
            url=self._url,
            citation=(
                f"A cross rate across two providers: {legs[0].quote}→{route.bridge} from "
                f"{first.name} ({first.key}, rates of {legs[1].date}), {route.bridge}→"
                f"{legs[3].quote} from {second.name} ({second.key}, rates of {legs[3].date}); "
                f"relayed by Frankfurter's v2 API at {self._url}."
            ),
        )

    def _fallback_quote(
        self,
        reason: str,
        base: str,
        target: str,
        on: dt.date | None,
        today: dt.date,
        no_provider: _NoProviderError | None = None,
    ) -> Quote:
        embedded_codes = self._fallback.coverage()
        missing = [
            (code, field)
            for code, field in ((base, "base"), (target, "target"))
            if code not in embedded_codes
        ]
        if missing and no_provider is not None:
            raise UnsupportedCurrencyError(
                f"{no_provider.field} {no_provider.code}: {no_provider.why}, and the embedded "
                f"{self._fallback.info.publisher} rates do not include {no_provider.code}",
                field=no_provider.field,
            )
        if missing:
            code, field = missing[0]
            raise RateUnavailableError(
                f"{field} {code}: no rate: Frankfurter could not answer ({reason}), and the "
                f"embedded {self._fallback.info.publisher} rates do not include {code}",
                field=field,
            )
        embedded = self._fallback.quote(base, target, on, today=today)
        detail = (
            f"Frankfurter was unavailable ({reason}): answered from the embedded "
            f"{embedded.source.publisher} rate of {embedded.rate_date}"
        )
        if embedded.fallback_detail:
            detail += f"; {embedded.fallback_detail}"
        return msgspec.structs.replace(
            embedded, fallback=Fallback.LIVE_UNAVAILABLE, fallback_detail=detail
        )

    def _mean(
        self, base: str, target: str, on: dt.date | None, basis: Basis, today: dt.date | None
    ) -> Quote:
        """Averages come from the embedded history (the upstream's are not one provider's)."""
        try:
            return self._fallback.quote(base, target, on, basis=basis, today=today)
        except UnsupportedCurrencyError as error:
            raise RateUnavailableError(
                f"basis: a {basis} rate is averaged from the embedded "
                f"{self._fallback.info.publisher} history, which has no "
                f"{_ROLE.get(error.field or '', error.field)} currency "
                f"{base if error.field == 'base' else target}; use spot",
                field="basis",
            ) from None


#: quote()'s parameters (``base``, ``target``) as the prose of a fallback's reason says
#: them ("to ZAR: no provider of Frankfurter's publishes it"), for readers of any answer.
_ROLE = {"base": "from", "target": "to"}


class _NoProviderError(Exception):
    """No provider of the upstream's publishes a currency (not a failure of the upstream).

    ``field`` is quote()'s parameter (``base`` or ``target``), for an error; ``reason``
    the sentence a fallback quote's detail gives."""

    def __init__(self, code: str, field: str, why: str) -> None:
        self.reason = f"{_ROLE[field]} {code}: {why}"
        super().__init__(self.reason)
        self.code = code
        self.field = field
        self.why = why


def _leg(table: _Table, code: str) -> Leg:
    """``1 pivot = rate code``, as the table's provider published it."""
    if code == table.pivot:
        identity = table.rates.get(code)
        day = identity[1] if identity else max((d for _, d in table.rates.values()), default=None)
        if day is None:
            raise UpstreamError(f"the upstream has no {table.provider} rates", counts=False)
        return Leg(code, code, Decimal(1), day, table.provider)
    found = table.rates.get(code)
    if found is None:
        raise UpstreamError(
            f"the upstream has no {table.provider} rate for {code} (none within "
            f"{CARRY_FORWARD_DAYS} days)",
            counts=False,
        )
    return Leg(table.pivot, code, found[0], found[1], table.provider)


def _path(*codes: str) -> tuple[str, ...]:
    """The currencies a conversion passes through, each once in a row."""
    return tuple(code for code, _ in itertools.groupby(codes))


def _why(
    on: dt.date | None, today: dt.date, used: dt.date, legs: tuple[Leg, ...]
) -> tuple[Fallback | None, str | None]:
    late = [leg for leg in legs if on is not None and leg.date < on]
    if on is None:
        return Fallback.LATEST, f"no date was asked for: the newest rates, of {used}"
    if on > today:
        return Fallback.FUTURE_DATE, f"{on} is in the future: the newest rates, of {used}"
    if not late:
        return None, None
    said = "; ".join(
        f"{leg.provider} published no {leg.base}→{leg.quote} rate on {on}: "
        f"its latest before it, of {leg.date}"
        for leg in _unique(late)
    )
    return Fallback.NOT_PUBLISHED, said


def _unique(legs: list[Leg]) -> Iterator[Leg]:
    seen = set()
    for leg in legs:
        if (leg.provider, leg.quote) not in seen:
            seen.add((leg.provider, leg.quote))
            yield leg
