"""Service settings, read once from ``WAGECALC_*`` environment variables.

Nothing else in wagecalc reads the environment while serving: the API gets a
:class:`Settings` at start-up and keeps it.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from wagecalc.errors import ConfigError
from wagecalc.prices import PRICES_ENV, price_index_paths_from_env
from wagecalc.rates.prepared import cache_dir_from_env
from wagecalc.rules import RULES_ENV

__all__ = ["Settings"]

_PREFIX = "WAGECALC_"

#: Frankfurter's v1 API (kept in step with ``wagecalc.rates.live.DEFAULT_LIVE_URL``, not
#: imported from there so that settings load without forex-python installed). forex-python's
#: own upstream has answered 504s since mid-2025 (its issue #158); v1 has the URL and answer
#: shapes forex-python builds and reads (``tests/test_frankfurter_contract.py``).
DEFAULT_LIVE_URL = "https://api.frankfurter.dev/v1/"

#: Frankfurter's v2 API, for ``WAGECALC_RATES_SOURCE=frankfurter`` (kept in step with
#: ``wagecalc.rates.frankfurter.DEFAULT_FRANKFURTER_URL``).
DEFAULT_FRANKFURTER_URL = "https://api.frankfurter.dev/v2/"

#: The rate sources ``WAGECALC_RATES_SOURCE`` names.
RATES_SOURCES = ("embedded", "live", "frankfurter")


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = True
    loop: Literal["asyncio", "uvloop"] = "asyncio"
    """The event loop. asyncio by default: at saturation uvloop served 10–20% more cheap
    requests but let some connections wait 1–2 s while others were served (BENCHMARKS.md)."""
    rules: tuple[Path, ...] = ()
    """Extra rule tables (files or directories), after the packaged ones."""
    price_indexes: tuple[Path, ...] = ()
    """Extra price-index tables (files or directories; ``WAGECALC_PRICE_INDEXES``), after
    the shipped US CPI-U: loaded at start-up when given, else on the first real-terms
    request (docs/prices.md)."""
    rates_file: Path | None = None
    cache_dir: Path | None = None
    """Where the prepared (binary) form of the rates is kept; None: parse at every start.

    From the environment: ``WAGECALC_CACHE_DIR``, default ``$XDG_CACHE_HOME/wagecalc``
    (``~/.cache/wagecalc``); ``none`` turns it off."""
    """An ECB history (.zip or .csv) to use instead of the embedded one."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser; ``*`` must be given explicitly.

    From the environment: ``WAGECALC_CORS_ORIGINS``, comma-separated, each
    ``scheme://host[:port]`` with no path (checked at start)."""
    cors_methods: tuple[str, ...] = ("GET",)
    embed_ancestors: tuple[str, ...] = ("*",)
    """Pages that may frame ``/embed/*`` (CSP ``frame-ancestors``): ``*``, ``'self'`` or
    origins, from ``WAGECALC_EMBED_ANCESTORS`` (comma-separated, checked like CORS origins)."""
    max_body_bytes: int = 16_384
    latest_max_age: int = 3600
    """Seconds a browser or CDN may cache an answer built on the latest rates."""
    rates_source: Literal["embedded", "live", "frankfurter"] = "embedded"
    """``live``: fetch rates through forex-python, falling back to the embedded ones;
    ``frankfurter``: central banks' rates through Frankfurter's v2 API (the world's
    currencies), falling back to the embedded ones for the ECB's."""
    live_url: str = DEFAULT_LIVE_URL
    """The live source's base URL (forex-python appends ``latest`` or ``YYYY-MM-DD``)."""
    frankfurter_url: str = DEFAULT_FRANKFURTER_URL
    """The base URL of a Frankfurter v2 API (``…/providers``, ``…/rates``)."""
    live_timeout: float = 2.0
    """Seconds a request may wait for the live or Frankfurter source (0.1–30): a duration,
    not money."""
    public_origin: str | None = None
    """The origin readers reach the service at (``https://wagecalc.example.org``), from
    ``WAGECALC_PUBLIC_ORIGIN``: every absolute link (oEmbed, discovery links, card URLs) is
    built on it, and the request's ``Host`` then enters no answer and no cache key. None:
    links are built from the request (scheme and ``Host``), which is right only when
    the service is reached directly."""
    trusted_proxies: str | None = None
    """Addresses whose ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed
    (uvicorn's ``forwarded_allow_ips``: comma-separated IPs or networks, or ``*``), from
    ``WAGECALC_TRUSTED_PROXIES``. None: forwarded headers are ignored."""
    request_timeout: int = 10
    """Seconds a client has, from connecting (or from the end of its previous answer), to
    send a whole request, headers and body (``WAGECALC_REQUEST_TIMEOUT``, 1–120): a 408
    and a closed connection after that."""
    limit_concurrency: int = 512
    """Connections plus requests in progress a worker takes before answering 503
    (uvicorn's ``limit_concurrency``; ``WAGECALC_LIMIT_CONCURRENCY``, 8–100000)."""
    probe_port: int | None = None
    """A second port, on the same host, answering ``/healthz`` and ``/readyz`` from a thread
    of the worker so that a probe does not wait behind the requests queued on the event
    loop; ``/healthz`` there fails when the loop has not run for ``probe_stall`` seconds
    (``WAGECALC_PROBE_PORT``; None: no such port). One worker only: each worker has its own
    loop, and only one process can listen on the port."""
    probe_stall: float = 1.0
    """Seconds the event loop may go without running before the probe port reports it
    unhealthy (``WAGECALC_PROBE_STALL``, 0.1–60): a duration, not money."""
    max_header_bytes: int = 16_384
    """The most bytes of request line and headers a request may have
    (``WAGECALC_MAX_HEADER_BYTES``, 4096–1048576): 431 beyond it."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``WAGECALC_*`` variables; a bad value is a ConfigError naming it."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}

        def text(name: str) -> str | None:
            value = env.get(_PREFIX + name)
            return None if value is None or value == "" else value.strip()

        def integer(name: str, low: int, high: int) -> int | None:
            raw = text(name)
            if raw is None:
                return None
            if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
                raise ConfigError(
                    f"{_PREFIX}{name}={raw[:20]!r}: expected a whole number {low}–{high}"
                )
            return int(raw)

        def listing(name: str) -> tuple[str, ...] | None:
            raw = text(name)
            return None if raw is None else tuple(p.strip() for p in raw.split(",") if p.strip())

        if (host := text("HOST")) is not None:
            values["host"] = host
        for key, name, low, high in (
            ("port", "PORT", 1, 65535),
            ("workers", "WORKERS", 1, 64),
            ("max_body_bytes", "MAX_BODY_BYTES", 1024, 1_048_576),
            ("latest_max_age", "LATEST_MAX_AGE", 0, 86_400),
            ("request_timeout", "REQUEST_TIMEOUT", 1, 120),
            ("limit_concurrency", "LIMIT_CONCURRENCY", 8, 100_000),
            ("max_header_bytes", "MAX_HEADER_BYTES", 4096, 1_048_576),
            ("probe_port", "PROBE_PORT", 1, 65535),
        ):
            if (number := integer(name, low, high)) is not None:
                values[key] = number
        if (flag := text("ACCESS_LOG")) is not None:
            if flag.lower() not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
                raise ConfigError(f"{_PREFIX}ACCESS_LOG={flag[:20]!r}: expected true or false")
            values["access_log"] = flag.lower() in ("1", "true", "yes", "on")
        if (rules := env.get(RULES_ENV)) is not None:
            values["rules"] = tuple(Path(p) for p in rules.split(os.pathsep) if p)
        if env.get(PRICES_ENV) is not None:
            values["price_indexes"] = price_index_paths_from_env(env)
        if (rates_file := text("RATES_FILE")) is not None:
            values["rates_file"] = Path(rates_file)
        if (cache_dir := cache_dir_from_env(env)) is not None:
            values["cache_dir"] = Path(cache_dir)
        if (origins := listing("CORS_ORIGINS")) is not None:
            values["cors_origins"] = tuple(_origin("CORS_ORIGINS", o) for o in origins)
        if (ancestors := listing("EMBED_ANCESTORS")) is not None:
            values["embed_ancestors"] = tuple(
                a if a == "'self'" else _origin("EMBED_ANCESTORS", a) for a in ancestors
            )
        if (public := text("PUBLIC_ORIGIN")) is not None:
            values["public_origin"] = _origin("PUBLIC_ORIGIN", public.rstrip("/"), star=False)
        if (proxies := text("TRUSTED_PROXIES")) is not None:
            values["trusted_proxies"] = _trusted_proxies(proxies)
        if (methods := listing("CORS_METHODS")) is not None:
            allowed = {"GET", "POST", "HEAD", "OPTIONS"}
            if not {m.upper() for m in methods} <= allowed:
                raise ConfigError(f"{_PREFIX}CORS_METHODS: use methods among {sorted(allowed)}")
            values["cors_methods"] = tuple(m.upper() for m in methods)
        if (loop := text("LOOP")) is not None:
            if loop not in ("asyncio", "uvloop"):
                raise ConfigError(f"{_PREFIX}LOOP={loop[:20]!r}: expected asyncio or uvloop")
            values["loop"] = loop
        if (rates_source := text("RATES_SOURCE")) is not None:
            if rates_source not in RATES_SOURCES:
                raise ConfigError(
                    f"{_PREFIX}RATES_SOURCE={rates_source[:20]!r}: expected embedded, live "
                    "or frankfurter"
                )
            values["rates_source"] = rates_source
        for key, name in (("live_url", "LIVE_URL"), ("frankfurter_url", "FRANKFURTER_URL")):
            if (url := text(name)) is not None:
                if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
                    raise ConfigError(f"{_PREFIX}{name}={url[:40]!r}: expected an http(s) URL")
                values[key] = url if url.endswith("/") else url + "/"
        if (live_timeout := text("LIVE_TIMEOUT")) is not None:
            try:
                seconds = Decimal(live_timeout) if live_timeout.isascii() else Decimal("NaN")
            except InvalidOperation:
                seconds = Decimal("NaN")
            if not seconds.is_finite() or not Decimal("0.1") <= seconds <= 30:
                raise ConfigError(
                    f"{_PREFIX}LIVE_TIMEOUT={live_timeout[:20]!r}: expected seconds, 0.1–30"
                )
            values["live_timeout"] = float(seconds)
        if (stall := text("PROBE_STALL")) is not None:
            values["probe_stall"] = _seconds("PROBE_STALL", stall, Decimal("0.1"), 60)
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.probe_port is not None:
            if settings.probe_port == settings.port:
                raise ConfigError(
                    f"{_PREFIX}PROBE_PORT={settings.probe_port}: must differ from {_PREFIX}PORT"
                )
            if settings.workers != 1:
                raise ConfigError(
                    f"{_PREFIX}PROBE_PORT needs {_PREFIX}WORKERS=1: the probe reports one "
                    "worker's event loop"
                )
        return settings


def _seconds(name: str, raw: str, low: Decimal, high: int) -> float:
    """A duration in seconds, ``low``–``high``, as a float (a duration, not money)."""
    try:
        seconds = Decimal(raw) if raw.isascii() else Decimal("NaN")
    except InvalidOperation:
        seconds = Decimal("NaN")
    if not seconds.is_finite() or not low <= seconds <= high:
        raise ConfigError(f"{_PREFIX}{name}={raw[:20]!r}: expected seconds, {low}–{high}")
    return float(seconds)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _trusted_proxies(text: str) -> str:
    """``WAGECALC_TRUSTED_PROXIES``: ``*`` or comma-separated IP addresses and networks.

    >>> _trusted_proxies("10.0.0.0/8, 127.0.0.1")
    '10.0.0.0/8,127.0.0.1'
    """
    if text == "*":
        return text
    entries = [e.strip() for e in text.split(",") if e.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigError(
                f"{_PREFIX}TRUSTED_PROXIES: {entry[:60]!r} is not an IP address or network "
                "(expected e.g. 10.0.0.0/8,127.0.0.1, or *)"
            ) from None
    if not entries:
        raise ConfigError(f"{_PREFIX}TRUSTED_PROXIES: no address given")
    return ",".join(entries)


def _origin(name: str, text: str, *, star: bool = True) -> str:
    """``text`` as a browser writes an ``Origin`` (``*`` kept); a ConfigError otherwise.

    >>> _origin("CORS_ORIGINS", "HTTPS://News.Example:443")
    'https://news.example'
    """
    if text == "*" and star:
        return text
    problem = f"{_PREFIX}{name}: {text[:60]!r} is not an origin: expected scheme://host[:port] "
    problem += "with no path, entries separated by commas"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ConfigError(problem) from None
    host = parts.hostname or ""
    if (
        parts.scheme.lower() not in _DEFAULT_PORTS
        or not host
        or parts.username is not None
        or parts.path
        or parts.query
        or parts.fragment
        or text.endswith(("?", "#"))
        or any(c.isspace() or c in "\\/*" for c in host)
    ):
        raise ConfigError(problem)
    scheme = parts.scheme.lower()
    shown = f"[{host}]" if ":" in host else host
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{shown}"
    return f"{scheme}://{shown}:{port}"
