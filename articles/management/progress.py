"""One line of progress on a terminal, rewritten in place, for the commands that take minutes
(import_articles, group_stories); silent when the output is a file or a pipe."""

import time


class ProgressLine:
    """Call `show(done, total, line)` as often as you like: it redraws at most ten times a second (and
    always at the end); `close()` ends the line. `rate(n)` is n per second since the start,
    `left(done, total)` the time left at that rate."""

    WIDTH = 30
    ESTIMATE_AFTER = 5  # seconds before `left` estimates the time left

    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled = stream, enabled
        self.started = time.monotonic()
        self.last = 0.0

    def due(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != total):
            return False
        self.last = now
        return True

    def rate(self, count: int) -> float:
        return count / max(time.monotonic() - self.started, 1e-6)

    def left(self, done: int, total: int) -> str:
        """The time left at the rate so far ("· about 12 min left"), once that means something
        (ESTIMATE_AFTER seconds in, an item done) and until the end: a 20,000-file import takes half an hour."""
        elapsed = time.monotonic() - self.started
        if elapsed < self.ESTIMATE_AFTER or not 0 < done < total:
            return ""
        seconds = round((total - done) * elapsed / done)
        if seconds < 60:
            return f" · about {seconds} s left"
        if seconds < 3600:
            return f" · about {seconds // 60} min left"
        return f" · about {seconds // 3600} h {seconds % 3600 // 60:02d} min left"

    def bar(self, done: int, total: int) -> str:
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        return f"[{'#' * filled}{'.' * (self.WIDTH - filled)}]"

    def show(self, line: str) -> None:
        self.stream.write(f"\r{line}\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
