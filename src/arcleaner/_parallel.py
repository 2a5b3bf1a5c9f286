"""An ordered, memory-bounded parallel map over worker processes.

``multiprocessing.Pool.imap`` reads its whole input iterator ahead into a queue (a 10 GB
stream would sit in memory), and ``Pool.terminate`` can hang when a worker is stopped
while it holds the task-queue lock. So this module runs its own few worker processes:
a feeder thread reads at most a fixed number of items ahead, chunks go to the workers as
soon as any input is ready (a slow pipe still gets each record through at once), and
results come back in input order with at most ``window`` chunks in flight.

Works under the ``fork``, ``forkserver`` and ``spawn`` start methods: the task function
is pickled by name and its state once per worker. Signals: workers ignore SIGINT (the
parent decides when to stop); SIGTERM ends an idle worker at once and makes a busy one
stop at its next :func:`stop_point` (between files, or between records of a JSONL
file), unwinding with ``SystemExit`` so its temporary file is removed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from .errors import ArcleanError

_END = object()


class _Raised:
    """An exception raised by the input iterator, carried to the consuming thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class WorkerDied(ArcleanError):
    """A worker process ended without being asked to (killed, out of memory)."""


# In a worker process: [busy, stop requested]. SIGTERM during a task only asks it to
# stop; the task ends at its next safe point (between files or records), where cleanup
# runs as ordinary code rather than from inside a signal handler.
_flags: list[bool] = [False, False]


def _on_term(signum: int, frame: object) -> None:
    if _flags[0]:
        _flags[1] = True
        return
    os._exit(128 + signum)  # idle, perhaps holding the task lock: just go


def stop_point() -> None:
    """Raise SystemExit in a worker asked to stop; call between units of work.

    A no-op outside worker processes (and in a worker not asked to stop).
    """
    if _flags[1]:
        raise SystemExit(143)


def _worker(
    tasks: Connection,
    task_lock: Any,
    results: Connection,
    result_lock: Any,
    fn: Callable[[list[Any], Any], list[Any]],
    state: Any,
    parent_ends: tuple[Connection, ...],
) -> None:
    """A worker process: take ``(seq, chunk)`` tasks, send back ``(seq, ok, results)``.

    It closes its copies of the parent's pipe ends first (a fork inherits them), so
    that if the parent dies, even by SIGKILL, the task pipe reads as ended and the
    worker leaves instead of waiting forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    for conn in parent_ends:
        conn.close()
    while True:
        try:
            with task_lock:
                msg = tasks.recv()
        except (EOFError, OSError):
            os._exit(0)  # the parent is gone
        if msg is None:
            return
        seq, chunk = msg
        _flags[0] = True
        try:
            reply = (seq, True, fn(chunk, state))
        except SystemExit:
            os._exit(143)  # cleanups have run; skip interpreter teardown
        except Exception as exc:  # a bug in a step: the parent re-raises it
            reply = (seq, False, f"{type(exc).__name__}: {exc}")
        _flags[0] = False
        stop_point()
        try:
            with result_lock:
                results.send(reply)
        except OSError:
            os._exit(0)  # the parent is gone (its outputs so far are complete)


def _send_all(outbox: queue.Queue[Any], conn: Connection) -> None:
    # Sending blocks while the pipe is full; doing it here keeps the parent free to read
    # results (workers block on sending those), so the two pipes can never deadlock.
    while True:
        msg = outbox.get()
        if msg is _END:
            return
        conn.send(msg)


def _drain(conn: Connection, sender: threading.Thread) -> None:
    """Read and drop what comes through ``conn`` until ``sender`` is done, as raw bytes,
    not messages: a worker stopped in the middle of reading a message leaves the rest of
    it, whose first bytes, read as a message, announce a length that never comes (an
    ``arclean -j 2 | head`` that hung once in the test suite)."""
    fd = conn.fileno()
    while sender.is_alive():
        while conn.poll() and os.read(fd, 1 << 16):
            pass
        sender.join(0.05)


def _feed(
    items: Iterable[Any],
    q: queue.Queue[Any],
    stop: threading.Event,
    inline: Callable[[Any], bool] | None = None,
    ran: threading.Event | None = None,
) -> None:
    """Put ``items`` on ``q``; after an item ``inline`` says yes to, read no further
    until ``ran`` is set (it is cleaned in the parent: reading ahead would hold the next
    big ones beside it)."""

    def put(obj: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(obj, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in items:
            here = inline is not None and ran is not None and inline(item)
            if not put(item):
                return
            if here:
                del item  # (the parent empties it as it cleans it)
                while not ran.wait(0.1):  # type: ignore[union-attr]
                    if stop.is_set():
                        return
                ran.clear()
    except BaseException as exc:
        put(_Raised(exc))
        return
    put(_END)


def ordered_map(
    fn: Callable[[list[Any], Any], list[Any]],
    items: Iterable[Any],
    *,
    state: Any,
    jobs: int,
    chunk_size: int = 32,
    window: int | None = None,
    start_method: str | None = None,
    on_idle: Callable[[], None] | None = None,
    weigh: Callable[[Any], int] | None = None,
    chunk_weight: int = 1 << 20,
    inline: Callable[[Any], bool] | None = None,
) -> Iterator[Any]:
    """Yield the results of ``fn(chunk, state)`` for chunks of ``items``, in input order.

    ``fn`` must be a module-level function (it is pickled by name) returning one result
    per item. With ``jobs <= 1`` everything runs in this process, one item at a time.
    ``on_idle`` is called whenever the input has nothing ready (flush output then).
    With ``weigh``, a chunk also ends once its items weigh ``chunk_weight`` (bytes), so
    big records do not make big chunks. An item ``inline`` says yes to runs in this
    process once the chunks before it are done: a worker would hold it twice (the bytes
    it came in and the object made of them), and so would this process while sending
    it. Closing the generator early (or an exception in the consumer) stops the workers.
    """
    if jobs <= 1:
        for item in items:
            stop_point()
            yield from fn([item], state)
            if on_idle is not None:
                on_idle()
        return
    window = window or 2 * jobs
    ctx = multiprocessing.get_context(start_method)
    task_r, task_w = ctx.Pipe(duplex=False)
    result_r, result_w = ctx.Pipe(duplex=False)
    task_lock, result_lock = ctx.Lock(), ctx.Lock()
    procs = [
        ctx.Process(
            target=_worker,
            args=(task_r, task_lock, result_w, result_lock, fn, state, (task_w, result_r)),
            daemon=True,
        )
        for _ in range(jobs)
    ]
    for proc in procs:
        proc.start()
    # Started after the workers, so no fork ever copies a running thread.
    q: queue.Queue[Any] = queue.Queue(maxsize=2 * chunk_size)
    stop = threading.Event()
    ran = threading.Event()  # set when an item run in this process is done
    feeder = threading.Thread(target=_feed, args=(items, q, stop, inline, ran), daemon=True)
    feeder.start()
    outbox: queue.Queue[Any] = queue.Queue()  # at most ``window`` chunks + the stop marks
    sender = threading.Thread(target=_send_all, args=(outbox, task_w), daemon=True)
    sender.start()
    sentinels = [proc.sentinel for proc in procs]
    sent = received = 0  # chunks sent to the workers / yielded to the consumer
    ready: dict[int, list[Any]] = {}  # results that arrived ahead of their turn
    done = ok = False

    def collect(timeout: float) -> None:
        for obj in wait([result_r, *sentinels], timeout):
            if obj is result_r:
                seq, good, payload = result_r.recv()
                if not good:
                    raise RuntimeError(f"worker failed: {payload}")
                ready[seq] = payload
            else:
                code = next(p.exitcode for p in procs if p.sentinel == obj)
                if code in (143, -signal.SIGTERM):
                    # SIGTERM reached the worker (a signal to the whole process group):
                    # this process is being stopped too, like Ctrl-C.
                    raise KeyboardInterrupt
                raise WorkerDied(f"a worker process ended unexpectedly (exit code {code})")

    try:
        while not done or received < sent:
            while result_r.poll():
                collect(0)
            while received in ready:
                yield from ready.pop(received)
                received += 1
            if done or sent - received >= window:
                if received < sent:
                    collect(0.2)
                continue
            try:
                item = q.get_nowait()
            except queue.Empty:
                if on_idle is not None:
                    on_idle()
                try:
                    item = q.get(timeout=0.02) if sent > received else q.get(timeout=0.2)
                except queue.Empty:
                    continue
            chunk: list[Any] = []
            weight = 0
            here = None  # an item to run in this process, after the chunks before it
            while True:
                if item is _END:
                    done = True
                    break
                if isinstance(item, _Raised):
                    raise item.exc
                if inline is not None and inline(item):
                    here = item
                    break
                chunk.append(item)
                if weigh is not None:
                    weight += weigh(item)
                if len(chunk) >= chunk_size or weight >= chunk_weight:
                    break
                try:
                    item = q.get_nowait()
                except queue.Empty:
                    if sent - received < jobs:
                        break  # a worker is idle: send what there is now
                    try:  # all busy: fill the chunk a little longer (fewer, fuller tasks)
                        item = q.get(timeout=0.05)
                    except queue.Empty:
                        break
            if chunk:
                outbox.put((sent, chunk))
                sent += 1
            del chunk
            if here is not None:
                while received < sent:
                    if received not in ready:
                        collect(0.2)
                    while received in ready:
                        yield from ready.pop(received)
                        received += 1
                yield from fn([here], state)
                del item, here
                ran.set()
        ok = True
    finally:
        stop.set()
        if ok:
            for _ in procs:
                outbox.put(None)
            outbox.put(_END)
            for proc in procs:
                proc.join()
            sender.join()
        else:
            # Interrupted, failed, or the consumer stopped early: stop the workers now.
            for proc in procs:
                if proc.is_alive():
                    proc.terminate()
            for proc in procs:
                proc.join(30)
                if proc.is_alive():  # one huge file still not done after 30 s
                    proc.kill()
                    proc.join()
            outbox.put(_END)
            _drain(task_r, sender)  # (unblock a send that no worker will ever read)
        for conn in (task_r, task_w, result_r, result_w):
            conn.close()
