"""The event loop's health, told truthfully and answered ahead of the request queue (issue 25).

Three parts, started by the app's lifespan (:func:`wagecalc.api.state.load_state`):

- :func:`freeze_startup_heap`: after the data is loaded, ``gc.collect()`` then
  ``gc.freeze()``, once per process. The rates, rules, Litestar's app and the imported
  modules (about 70,000 tracked objects) then no longer enter the collector's full
  collections. Measured (BENCHMARKS.md, issue 25): a full collection cost 37–40 ms of CPU
  after start-up and 83 ms after 2,000 worst-case requests had filled the memos; with the
  heap frozen and the memoised quote and rate views untracked (``gc=False``), 6.6 ms. Those
  pauses, a few a second under load, were most of ``/healthz``'s 80 ms p99.
- :class:`Heartbeat`: a ``loop.call_later`` tick every 0.1 s that records when the loop last
  ran it. Its age is how long the loop has been unable to run anything: a handler that
  blocks, a long collection, a queue of more work than it can do.
- :class:`ProbeListener`: ``WAGECALC_PROBE_PORT``, a small HTTP listener in a thread of the
  same process for the orchestrator's probes. ``GET /healthz`` answers 200 while the
  heartbeat is younger than ``WAGECALC_PROBE_STALL`` seconds and 503 (a problem document
  giving the age) otherwise; ``GET /readyz`` answers the same document as the main port's
  ``/readyz``, or 503 while the loop is stalled or the main port is not yet listening.
  A probe is then answered in about a millisecond even when the worker's queue holds eight
  slow requests, and it still fails when the loop is really stuck, which answering it off
  the loop without a heartbeat would hide.

Why a thread and not a second worker or uvicorn option: a second worker would report its own
loop, not the busy one; uvicorn has no priority for some paths, and answering ``/healthz``
early inside the loop's protocol still waits for the callbacks ahead of it in the same loop
iteration (up to eight requests, about 20 ms on a quiet machine). The thread needs the GIL
for a few microseconds per probe, which the loop releases at every socket write.
"""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import sys
import threading
import time
from collections.abc import Callable

from wagecalc.api.headers import SECURITY_HEADERS

__all__ = ["Heartbeat", "ListeningCheck", "ProbeListener", "freeze_startup_heap"]

_frozen = False


def freeze_startup_heap() -> None:
    """Collect, then move every object alive now out of the collector's reach (once per
    process: a server starts one app; a test process that starts many freezes only the
    first one's)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()


class Heartbeat:
    """When the event loop last ran a tick scheduled every ``interval`` seconds.

    :meth:`age` may be called from any thread (it reads one float)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float = 0.1) -> None:
        self._loop = loop
        self._interval = interval
        self._last = time.monotonic()
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self._tick()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _tick(self) -> None:
        self._last = time.monotonic()
        self._handle = self._loop.call_later(self._interval, self._tick)

    def age(self) -> float:
        """Seconds since the loop last ran the tick (about ``interval`` when all is well)."""
        return time.monotonic() - self._last


class ListeningCheck:
    """Whether ``host:port`` accepts a TCP connection; once it has, it is not asked again
    (the check is for start-up: uvicorn listens on its port only after the lifespan, so a
    probe port opened in the lifespan would otherwise say ready a moment too soon)."""

    def __init__(self, host: str, port: int) -> None:
        # A wildcard address is reached on the loopback of the same family.
        wildcard = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104
        self._address = wildcard.get(host, host)
        self._port = port
        self._seen = False

    def __call__(self) -> bool:
        if not self._seen:
            try:
                socket.create_connection((self._address, self._port), timeout=1).close()
            except OSError:
                return False
            self._seen = True
        return True


#: The interpreter's switch interval (seconds) while a probe listener runs.
SWITCH_INTERVAL = 0.0005

_PHRASES = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}


def _answer(status: int, document: bytes, *, head: bool, problem: bool) -> bytes:
    kind = "application/problem+json" if problem else "application/json"
    lines = [
        f"HTTP/1.1 {status} {_PHRASES[status]}".encode(),
        b"content-type: " + kind.encode(),
        b"content-length: " + str(len(document)).encode(),
        b"cache-control: no-store",
        b"connection: close",
        *(name + b": " + value for name, value in SECURITY_HEADERS),
    ]
    if status == 405:
        lines.append(b"allow: GET, HEAD")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (b"" if head else document)


def _problem(status: int, detail: str) -> bytes:
    title = _PHRASES[status]
    return json.dumps(
        {
            "type": "urn:wagecalc:problem:" + title.lower().replace(" ", "-"),
            "title": title,
            "status": status,
            "detail": detail,
        }
    ).encode()


class ProbeListener:
    """``/healthz`` and ``/readyz`` on their own port, answered in a thread (see the module).

    ``ready`` returns the ``/readyz`` document (JSON bytes), or None while the service's own
    port does not accept connections yet (the server binds it after the lifespan has
    started, so after this listener); it is called in the listener's thread, so it must
    only read. Each connection is
    answered once and closed (``Connection: close``), in its own thread, at most
    ``max_connections`` at a time (more are closed unanswered) and each within
    ``timeout`` seconds (a client that sends nothing is dropped)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        heartbeat: Heartbeat,
        stall: float,
        ready: Callable[[], bytes | None],
        timeout: float = 2.0,
        max_connections: int = 8,
    ) -> None:
        self._heartbeat = heartbeat
        self._stall = stall
        self._ready = ready
        self._timeout = timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._closed = threading.Event()
        self._socket = socket.create_server((host, port), backlog=64, reuse_port=False)
        # accept() wakes at least this often to see whether the listener was closed.
        self._socket.settimeout(0.25)
        self._thread = threading.Thread(target=self._serve, name="wagecalc-probe", daemon=True)

    @property
    def port(self) -> int:
        port: int = self._socket.getsockname()[1]
        return port

    def start(self) -> None:
        # The probe's threads need the GIL a few times per answer (accept, start, recv,
        # send), and a thread that asks for it waits for the switch interval (5 ms by
        # default) while the loop computes: measured on a quiet machine, that made the
        # probe port's p99 under 8 busy clients 68-70 ms, worse than the main port's. A
        # waiting thread now gets it within 0.5 ms; with no thread waiting the loop is
        # never interrupted, so the busy path costs nothing (BENCHMARKS.md, issue 25).
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._thread.start()

    def close(self) -> None:
        self._closed.set()
        if self._thread.ident is not None:  # started
            self._thread.join(5)
        self._socket.close()

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._closed.is_set():
                    return
                time.sleep(0.1)  # out of descriptors: the probes will say so by failing
                continue
            if not self._slots.acquire(blocking=False):
                connection.close()
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(self._timeout)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 8192:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                head += chunk
            connection.sendall(self.respond(head))
        except OSError:
            pass  # the client went away or was too slow: nothing to answer
        finally:
            connection.close()
            self._slots.release()

    def respond(self, head: bytes) -> bytes:
        """The whole answer to a request whose head (request line and headers) is ``head``."""
        method, _, rest = head.partition(b" ")
        target = rest.split(b" ", 1)[0].split(b"?", 1)[0]
        if target not in (b"/healthz", b"/readyz"):
            return _answer(404, _problem(404, "This port answers /healthz and /readyz only."),
                           head=method == b"HEAD", problem=True)  # fmt: skip
        if method not in (b"GET", b"HEAD"):
            return _answer(405, _problem(405, "Use GET or HEAD."), head=False, problem=True)
        is_head = method == b"HEAD"
        age = self._heartbeat.age()
        if age > self._stall:
            detail = (
                f"The event loop has not run for {age:.1f} s (the limit is {self._stall:g} s): "
                "requests are not being served."
            )
            return _answer(503, _problem(503, detail), head=is_head, problem=True)
        if target == b"/healthz":
            return _answer(200, b'{"status":"ok"}', head=is_head, problem=False)
        document = self._ready()
        if document is None:
            detail = "The service's own port does not accept connections yet."
            return _answer(503, _problem(503, detail), head=is_head, problem=True)
        return _answer(200, document, head=is_head, problem=False)
