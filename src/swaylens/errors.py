"""Errors that name the file, the place in it and the reason."""

from __future__ import annotations

from pathlib import Path


class SwaylensError(Exception):
    """Base class of every error swaylens raises on purpose."""


class IngestError(SwaylensError):
    """Bad input: names the file, the line or byte offset, and the reason.

    ``line`` is 1-based; ``offset`` is a 0-based byte offset.  Either may be None when the
    problem concerns the file as a whole (missing, empty).
    """

    def __init__(
        self,
        file: str | Path,
        reason: str,
        *,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.file = str(file)
        self.reason = reason
        self.line = line
        self.offset = offset
        super().__init__(self._message())

    @property
    def location(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.offset is not None:
            parts.append(f"byte {self.offset}")
        return ", ".join(parts)

    def _message(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.file}{where}: {self.reason}"


class WarehouseError(SwaylensError):
    """The warehouse cannot do what was asked (unknown person, bad schema version, ...)."""
