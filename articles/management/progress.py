"""One line of progress on a terminal, rewritten in place, for the commands that take minutes
(import_articles, group_stories); silent when the output is a file or a pipe."""

import time


class ProgressLine:
    """Call `show(done, total, line)` as often as you like: it redraws at most ten times a second (and
    always at the end); `close()` ends the line. `rate(n)` is n per second since the start."""

    WIDTH = 30

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

    def bar(self, done: int, total: int) -> str:
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        return f"[{'#' * filled}{'.' * (self.WIDTH - filled)}]"

    def show(self, line: str) -> None:
        self.stream.write(f"\r{line}\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
