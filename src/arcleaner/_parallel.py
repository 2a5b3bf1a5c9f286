"""An ordered, memory-bounded parallel map over worker processes.

``multiprocessing.Pool.imap`` reads its whole input iterator ahead into a queue, so a
10 GB stream would sit in memory; here a feeder thread reads at most a fixed number of
items ahead, chunks go to the workers as soon as any input is ready (a slow pipe still
gets each record through at once), and results come back in input order with at most
``window`` chunks in flight. Works under the ``fork``, ``forkserver`` and ``spawn``
start methods: the task function and its state travel by pickle, once per worker.

Signals: workers ignore SIGINT (the parent decides when to stop) and turn SIGTERM into
``SystemExit``, so a worker stopped in the middle of a file still runs its cleanup (the
temporary output file is removed) and exits without a traceback.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_END = object()


class _Raised:
    """An exception raised by the input iterator, carried to the consuming thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


# Per worker process: the state handed to every task (set once by the initializer).
_worker_state: list[Any] = []


def _init_worker(state: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    _worker_state[:] = [state]


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _run(fn: Callable[[list[Any], Any], list[Any]], chunk: list[Any]) -> list[Any]:
    return fn(chunk, _worker_state[0])


def _feed(items: Iterable[Any], q: queue.Queue[Any], stop: threading.Event) -> None:
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
            if not put(item):
                return
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
) -> Iterator[Any]:
    """Yield the results of ``fn(chunk, state)`` for chunks of ``items``, in input order.

    ``fn`` must be a module-level function (it is pickled by name) returning one result
    per item. With ``jobs <= 1`` everything runs in this process, one item at a time.
    ``on_idle`` is called whenever the input has nothing ready (flush output then).
    With ``weigh``, a chunk also ends once its items weigh ``chunk_weight`` (bytes), so
    big records do not make big chunks.
    """
    if jobs <= 1:
        for item in items:
            yield from fn([item], state)
            if on_idle is not None:
                on_idle()
        return
    window = window or 2 * jobs
    ctx = multiprocessing.get_context(start_method)
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(state,))
    q: queue.Queue[Any] = queue.Queue(maxsize=2 * chunk_size)
    stop = threading.Event()
    feeder = threading.Thread(target=_feed, args=(items, q, stop), daemon=True)
    feeder.start()
    inflight: deque[Any] = deque()
    done = False
    ok = False
    try:
        while not done or inflight:
            while inflight and inflight[0].ready():
                yield from inflight.popleft().get()
            if done or len(inflight) >= window:
                if inflight:
                    yield from _wait(inflight.popleft())
                continue
            try:
                first = q.get_nowait()
            except queue.Empty:
                if on_idle is not None:
                    on_idle()
                try:
                    first = q.get(timeout=0.02) if inflight else q.get()
                except queue.Empty:
                    continue
            chunk: list[Any] = []
            weight = 0
            item = first
            while True:
                if item is _END:
                    done = True
                    break
                if isinstance(item, _Raised):
                    raise item.exc
                chunk.append(item)
                if weigh is not None:
                    weight += weigh(item)
                if len(chunk) >= chunk_size or weight >= chunk_weight:
                    break
                try:
                    item = q.get_nowait()
                except queue.Empty:
                    break
            if chunk:
                inflight.append(pool.apply_async(_run, (fn, chunk)))
        ok = True
    finally:
        stop.set()
        if ok:
            pool.close()
        else:
            # Interrupted, failed, or the consumer stopped early: stop the workers now
            # (SIGTERM; each removes its temporary file on the way out).
            pool.terminate()
        pool.join()


def _wait(result: Any) -> list[Any]:
    # A bounded wait in a loop keeps Ctrl-C responsive in the parent.
    while not result.ready():
        result.wait(0.2)
    return result.get()
