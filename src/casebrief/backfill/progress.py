"""The terminal's view of a backfill: cases done of the total, rate, time left, failures, and
a final summary.

Why two modes: on a terminal one line is redrawn twice a second; in a log (a cluster job, a
CI run, ``| tee``) a line is printed every ``LOG_EVERY_S`` seconds instead, so a
million-case run does not write a million lines.  Counts only: never a case id or a path
(a case id may be a member's record number).
"""

from __future__ import annotations

import sys
import time
from collections import deque

TTY_EVERY_S = 0.5
LOG_EVERY_S = 15.0
RATE_WINDOW_S = 120.0  # the rate is over the last two minutes, once there is enough of it


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{h}h{m:02d}m"
    return f"{m}m{s:02d}s" if m else f"{s}s"


class Progress:
    def __init__(self, todo: int, skipped: int = 0, stream=None, enabled: bool = True) -> None:  # noqa: ANN001
        self.todo, self.skipped = todo, skipped
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.every = TTY_EVERY_S if self.tty else LOG_EVERY_S
        self.started = time.monotonic()
        self.done = self.failed = 0
        self.stamps: deque[float] = deque()
        self._last = 0.0
        self._drawn = False

    def case(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        now = time.monotonic()
        self.stamps.append(now)
        while self.stamps and now - self.stamps[0] > RATE_WINDOW_S:
            self.stamps.popleft()

    def rate_per_min(self) -> float:
        """Cases per minute: over the recent window once it holds 5 cases, else overall."""
        now = time.monotonic()
        if len(self.stamps) >= 5:
            span = now - self.stamps[0]
            if span > 0:
                return 60.0 * len(self.stamps) / span
        elapsed = now - self.started
        return 60.0 * self.done / elapsed if elapsed > 0 and self.done else 0.0

    def line(self) -> str:
        rate = self.rate_per_min()
        left = self.todo - self.done
        eta = 60.0 * left / rate if rate > 0 else None
        pct = 100.0 * self.done / self.todo if self.todo else 100.0
        skipped = f" ({self.skipped} already done)" if self.skipped else ""
        return (
            f"backfill: {self.done}/{self.todo} cases{skipped} {pct:.0f}% | "
            f"{rate:.1f}/min | ETA {duration(eta) if left else '0s'} | "
            f"{self.failed} failed | {duration(time.monotonic() - self.started)} elapsed"
        )

    def tick(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        if self.tty:
            self.stream.write("\r\x1b[2K" + self.line())
            self._drawn = True
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.tick(force=True)
            if self.tty and self._drawn:
                self.stream.write("\n")
                self.stream.flush()
