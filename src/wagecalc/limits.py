"""What a client may hold of a worker: time to send a request, bytes of headers, connections.

uvicorn (0.55, httptools) bounds none of the first two: a client that sends half a
request line, or one body byte every two seconds, holds its connection (and a file
descriptor) for ever, and a 60 MB header is read into memory. Its keep-alive timeout
starts only after a first answer. :class:`BoundedHttpToolsProtocol` is uvicorn's
httptools protocol with three bounds added, set from :class:`~wagecalc.config.Settings`
(``WAGECALC_REQUEST_TIMEOUT``, ``WAGECALC_MAX_HEADER_BYTES``,
``WAGECALC_LIMIT_CONCURRENCY``):

- a deadline for the whole request, headers and body, counted from the connection (or
  from the end of the previous answer on a kept-alive one): a 408 problem and a closed
  connection when it passes;
- a cap on the bytes of request line and headers: a 431 problem and a closed connection;
- beyond ``limit_concurrency`` connections and requests, a 503 problem (uvicorn's own 503
  is plain text without the security headers).

Its own plain-text 400 for a malformed request becomes a problem document with the
security headers too. Every refusal closes the connection, so nothing after it is read.

:class:`AcceptErrorLog` keeps the log small when descriptors run out: asyncio logs a full
traceback for every failed ``accept()`` (up to the listen backlog, 2048, per loop tick);
this filter lets one line through every 10 seconds, saying how many it held back.

Measured alternatives (issue 25): granian has a header read timeout but answers its own
errors outside the app, is a new compiled dependency, and the project's benchmarks and
tests are built on uvicorn; an ASGI middleware cannot see a request before its headers are
complete. A subclass of the protocol uvicorn already runs is the smallest change that
bounds both header and body time.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from wagecalc.api.headers import SECURITY_HEADERS
from wagecalc.config import Settings

__all__ = ["AcceptErrorLog", "BoundedHttpToolsProtocol", "install_accept_error_log"]

_PHRASES = {
    400: "Bad Request",
    408: "Request Timeout",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}


@functools.cache
def _limits() -> tuple[float, int]:
    """(request timeout in seconds, most header bytes) for this process, read once.

    ``wagecalc serve`` writes its options into the environment before uvicorn starts, so a
    worker process (spawned, not forked) reads the same settings as the parent. The first
    connection of a process also puts the accept-error filter in place."""
    install_accept_error_log()
    settings = Settings.from_env()
    return float(settings.request_timeout), settings.max_header_bytes


def refusal(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 answer: a problem document, the security headers, and
    ``Connection: close``."""
    phrase = _PHRASES[status]
    body = json.dumps(
        {
            "type": "urn:wagecalc:problem:" + phrase.lower().replace(" ", "-"),
            "title": phrase,
            "status": status,
            "detail": detail,
        }
    ).encode()
    lines = [
        f"HTTP/1.1 {status} {phrase}".encode(),
        b"content-type: application/problem+json",
        b"content-length: " + str(len(body)).encode(),
        b"cache-control: no-store",
        b"connection: close",
        *(name + b": " + value for name, value in SECURITY_HEADERS),
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a request deadline, a header size cap and a 503
    problem beyond ``limit_concurrency`` (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timeout, self._max_head = _limits()
        self._deadline: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._reading_head = True
        self._refused = False

    # The deadline: armed at the connection and at each new request, disarmed once the
    # request has been read in full.

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self._timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete and cycle.response_started:
            self.transport.close()  # an answer is on its way: no second one, just stop
            return
        self._refuse(408, f"The request was not received within {self._timeout:g} seconds.")

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The next request on a kept-alive connection has its own deadline, from now. (Until
        # its first byte, uvicorn's keep-alive timeout, 5 s, closes an idle connection first.)
        self._reading_head = True
        self._head_bytes = 0
        if not self.transport.is_closing():
            self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    # The header size cap: counted on the bytes received while the head is incomplete
    # (httptools buffers a header until it ends, so counting its callbacks would be late).

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._reading_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._reading_head and self._head_bytes > self._max_head and not self._refused:
            self._refuse(431, f"The request's headers exceed {self._max_head} bytes.")

    def on_message_begin(self) -> None:
        self._arm()
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        self._reading_head = False
        # The head may have arrived with its body in one read: the bytes counted are then an
        # upper bound, and only when it is over the cap is the head measured as parsed.
        if self._head_bytes > self._max_head:
            size = len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers)
            if size > self._max_head:
                self._refuse(431, f"The request's headers exceed {self._max_head} bytes.")
                return
        limit = self.limit_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            self.logger.warning("Exceeded concurrency limit.")
            self._refuse(503, "The service is at its connection limit; try again shortly.")
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, msg)

    def _refuse(self, status: int, detail: str) -> None:
        """Answer ``status`` (unless an answer has started) and close the connection."""
        self._refused = True
        self._disarm()
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            # The app, if it is waiting for the body, gets a disconnect; whatever it sends
            # after this is dropped by uvicorn.
            cycle.disconnected = True
            cycle.message_event.set()
            if cycle.response_started:
                self.transport.close()
                return
        if not self.transport.is_closing():
            self.transport.write(refusal(status, detail))
            self.transport.close()


class AcceptErrorLog(logging.Filter):
    """One line, no traceback, every ``interval`` seconds for asyncio's failed ``accept()``.

    asyncio (3.11–3.13) does not stop its accept loop on ``EMFILE``: it logs and schedules a
    retry for each of the listen backlog's 2048 iterations, so one tick out of descriptors
    gives 2048 tracebacks, and at shutdown each scheduled retry fails once more on the
    closed socket (``Exception in callback ..._start_serving``). Both are held back here.
    """

    _MESSAGES = (
        "socket.accept() out of system resource",
        "Exception in callback BaseSelectorEventLoop._start_serving",
    )

    def __init__(self, interval: float = 10.0) -> None:
        super().__init__()
        self._interval = interval
        self._last = -interval
        self._held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(self._MESSAGES):
            return True
        now = time.monotonic()
        if now - self._last < self._interval:
            self._held += 1
            return False
        self._last = now
        record.msg = (
            f"{str(record.msg).splitlines()[0][:80]} (out of file descriptors or memory: "
            f"connections refused; {self._held} such records held back since the last line)"
        )
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        self._held = 0
        return True


def install_accept_error_log() -> None:
    """Put one :class:`AcceptErrorLog` on the ``asyncio`` logger (idempotent)."""
    logger = logging.getLogger("asyncio")
    if not any(isinstance(f, AcceptErrorLog) for f in logger.filters):
        logger.addFilter(AcceptErrorLog())
