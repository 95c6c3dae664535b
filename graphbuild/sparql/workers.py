"""The processes that run an endpoint's queries, each bounded in time and
memory, shared so that long queries never lock out short ones.

Workers are fresh interpreters (not multiprocessing's spawn, which would
re-run the caller's main script) that open the store read-only and talk to
the server over a socket pair. Each one

- runs one query at a time, under a timeout past which it is killed and
  replaced (so a runaway query never keeps a core busy);
- has its data segment capped (`RLIMIT_DATA`, `max_memory` MB): a query that
  needs more is stopped by the kernel's refusal to give it memory, the worker
  is replaced and the client told so (503), the server itself never grows;
- has no network where the system allows it (a new, empty network namespace:
  root, or unprivileged user namespaces), so even a SERVICE the checks in
  `guard` missed could reach nothing.

While every worker is busy with a query that has run longer than `LONG`
seconds, a new query gets a spare worker (at most `workers` spares), so two
runaway queries cannot keep everyone else waiting for their timeout.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import GraphbuildError
from graphbuild.sparql.protocol import Reply, error_reply

DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 2
DEFAULT_MAX_MEMORY = 768
"""Megabytes of data segment (heap and anonymous memory) a worker may use."""
WORKER_START_TIMEOUT = 120.0
LONG = 1.0
"""Seconds after which a running query counts as long (see the module doc)."""

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's data segment (heap, anonymous mappings)."""
    import resource

    if megabytes:
        size = megabytes << 20
        resource.setrlimit(resource.RLIMIT_DATA, (size, size))


def drop_network() -> bool:
    """Move this process into a new network namespace with no interface up:
    no connection can leave it, not even to loopback. Needs root, or
    unprivileged user namespaces; False (and nothing changed) otherwise.
    Already-open sockets (the one to the server) keep working."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    if unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    try:    # keep our own uid inside, so the store's files stay readable
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def _worker_main() -> None:
    """A worker process (``python -c``; argv: socket fd, store folder,
    result cap, memory cap in MB): open the store, then answer requests
    until the parent closes the socket (or kills the worker)."""
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    fd, store_dir, cap, memory = sys.argv[1:5]
    conn = Connection(int(fd))
    max_results = int(cap) if cap != "none" else None
    try:
        from graphbuild.sparql.protocol import answer
        from graphbuild.sparql.store import open_store

        drop_network()
        store = open_store(store_dir)
        limit_memory(int(memory) if memory != "none" else None)
    except Exception as e:  # noqa: BLE001 - reported to the parent, which fails to start
        conn.send(("error", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, max_results=max_results, **request)
        except MemoryError:
            reply = None     # what little memory is left cannot be trusted: start afresh
        except Exception as e:  # noqa: BLE001 - a bug must not kill the worker silently
            reply = error_reply(500, f"Internal error: {type(e).__name__}: {e}")
        if reply is None:
            os._exit(70)
        conn.send(reply)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: object
    spare: bool = False


class WorkerPool:
    """Worker processes that answer queries over one store folder."""

    def __init__(self, store_dir: str | Path, *, workers: int = DEFAULT_WORKERS,
                 timeout: float = DEFAULT_TIMEOUT, max_results: int | None = None,
                 max_memory: int | None = DEFAULT_MAX_MEMORY, spares: int | None = None):
        self.store_dir, self.timeout, self.max_results = str(store_dir), timeout, max_results
        self.max_memory = max_memory
        self.size = max(1, workers)
        self.spares = self.size if spares is None else spares
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._running: dict[_Worker, float] = {}      # worker -> when its query started
        self._lock = threading.Lock()
        self._closed = False
        self.last_error: str | None = None
        try:
            for _ in range(self.size):
                self._idle.put(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self, spare: bool = False) -> _Worker:
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        env = dict(os.environ, RUST_BACKTRACE="0")
        package_root = str(Path(__file__).resolve().parents[2])   # holds graphbuild/
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        cap = "none" if self.max_results is None else str(self.max_results)
        memory = "none" if not self.max_memory else str(self.max_memory)
        proc = subprocess.Popen(
            [sys.executable, "-c",
             "from graphbuild.sparql.workers import _worker_main; _worker_main()",
             str(theirs.fileno()), self.store_dir, cap, memory],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        worker = _Worker(proc, Connection(ours.detach()), spare)
        with self._lock:
            self._workers.add(worker)
        if not worker.conn.poll(WORKER_START_TIMEOUT):
            self._kill(worker)
            raise GraphbuildError(f"a query worker did not start within {WORKER_START_TIMEOUT:g} s")
        try:
            status, message = worker.conn.recv()
        except (EOFError, OSError):
            status, message = "error", f"it exited with code {proc.poll()}"
        if status != "ready":
            self._kill(worker)
            raise GraphbuildError(f"a query worker could not open {self.store_dir}: {message}")
        return worker

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            if worker not in self._workers:
                return                      # another thread stops it
            self._workers.discard(worker)
            self._running.pop(worker, None)
        if worker.process.poll() is None:
            worker.process.kill()
        worker.process.wait()
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and, unless it was a spare, start another in the background."""
        self._kill(worker)
        if worker.spare:
            return

        def start():
            if self._closed:
                return
            try:
                self._idle.put(self._start())
            except Exception as e:  # noqa: BLE001 - kept for the next error reply
                self.last_error = str(e)

        threading.Thread(target=start, daemon=True).start()

    def _spare_wanted(self) -> bool:
        """Whether every worker is busy with a long query and a spare may start."""
        with self._lock:
            spares = sum(w.spare for w in self._workers)
            now = time.monotonic()
            return (spares < self.spares and len(self._running) >= self.size
                    and all(now - t >= LONG for t in self._running.values()))

    def _take(self) -> _Worker | None:
        """An idle worker, a new spare, or None when none came in time."""
        deadline = time.monotonic() + self.timeout + WORKER_START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                return self._idle.get(timeout=0.1)
            except queue.Empty:
                pass
            if self._spare_wanted():
                try:
                    return self._start(spare=True)
                except GraphbuildError as e:
                    self.last_error = str(e)
        return None

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._running.pop(worker, None)
        if worker.spare and self._idle.qsize() >= self.size:
            self._kill(worker)        # the regular workers are free again
        else:
            self._idle.put(worker)

    def run(self, request: dict) -> Reply:
        """Answer one request (keyword arguments of `protocol.answer` but the store)."""
        worker = self._take()
        if worker is None:
            why = f" ({self.last_error})" if self.last_error else ""
            return error_reply(503, f"Busy: no query worker became free{why}; try again later")
        with self._lock:
            self._running[worker] = time.monotonic()
        try:
            worker.conn.send(request)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._give_back(worker)
                return reply
        except (EOFError, OSError):
            code = worker.process.wait()
            self._replace(worker)
            if self.max_memory and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, 70):
                return error_reply(503, f"Out of memory: the query needed more than the "
                                        f"{self.max_memory} MB a query may use, and was stopped. "
                                        "Narrow the pattern or add a LIMIT, or raise the "
                                        "server's --max-memory")
            return error_reply(500, "Internal error: the query worker stopped unexpectedly; "
                                    "it has been restarted")
        self._replace(worker)
        return error_reply(503, f"Timeout: the query ran longer than {self.timeout:g} s and "
                                "was stopped. Narrow the pattern or add a LIMIT, or raise "
                                "the server's --timeout")

    def pids(self) -> list[int]:
        """Process ids of the workers alive now."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for w in workers:
            self._kill(w)
