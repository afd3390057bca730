"""Problems found in a user's file, each pointing at a line and saying how to fix it.

Scenario and voice authors are not programmers: every message names the file,
line and column, says what is wrong and what to do, and errors (the file
cannot be played) are kept apart from warnings (it plays, but something is off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class InvalidFile(Exception):
    """Raised when a file has errors; carries every diagnostic, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        super().__init__("\n".join(str(d) for d in errors or diagnostics))


def closest(word: str, options: tuple[str, ...] | list[str] | set[str]) -> str | None:
    """The option most like ``word`` (for "did you mean"), or None if nothing is close."""
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, options: tuple[str, ...] | list[str] | set[str]) -> str:
    """A hint naming the closest valid id, or listing the valid ids."""
    best = closest(word, options)
    if best:
        return f"did you mean '{best}'?"
    listed = ", ".join(sorted(options))
    return f"use one of: {listed}" if listed else "none is defined"


class UserError(Exception):
    """A command-line mistake (unknown id, missing file, bad option): printed as one line, exit 2."""
