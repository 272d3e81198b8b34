"""Threads the desk's recording runs on, kept for the life of the program.

A record is tried on a worker thread with a deadline. A new thread for each attempt, and another
for each deadline, would put two thread starts on the path of every record (a fraction of a
millisecond each, several on a busy PC); instead the workers wait for the next attempt and one
thread rings every deadline. All are daemon threads: an attempt stalled on a dead link never
holds up closing the desk.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Alarm:
    """A callback due at a time; ``cancel`` it before then and it is never called."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self._callback: Callable[[], object] | None = callback
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._callback = None

    def ring(self) -> None:
        with self._lock:
            callback, self._callback = self._callback, None
        if callback is not None:
            callback()


class Alarms:
    """Rings each alarm at its time, from one thread."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: list[tuple[float, int, Alarm]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def after(self, seconds: float, callback: Callable[[], object]) -> Alarm:
        alarm = Alarm(callback)
        with self._wake:
            heapq.heappush(self._due, (time.monotonic() + seconds, next(self._order), alarm))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="desk-alarms", daemon=True)
                self._thread.start()
            elif self._due[0][2] is alarm:  # due before any other: the thread must wake sooner
                self._wake.notify()
        return alarm

    def _run(self) -> None:
        with self._wake:
            while True:
                wait = self._due[0][0] - time.monotonic() if self._due else None
                if wait is None or wait > 0:
                    self._wake.wait(wait)
                    continue
                _, _, alarm = heapq.heappop(self._due)
                self._wake.release()
                try:
                    alarm.ring()
                except Exception:
                    log.exception("a desk deadline failed")
                finally:
                    self._wake.acquire()


class Workers:
    """Runs each job on a waiting thread, starting another only when every one is busy: an
    attempt stalled on a dead link never holds up the next."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._waiting = 0

    def run(self, job: Callable[[], object]) -> None:
        with self._lock:
            start = self._waiting == 0
            if not start:
                self._waiting -= 1
        self._jobs.put(job)
        if start:
            threading.Thread(target=self._work, name=self._name, daemon=True).start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:
                log.exception("a desk job failed")
            with self._lock:
                self._waiting += 1


#: The deadlines of every desk's records and withdrawals.
ALARMS = Alarms()
#: The attempts to store or withdraw a record.
WORKERS = Workers("desk-recording")
