"""Reading a trainee's turn as communication techniques (../shared/TECHNIQUES.md)."""

from __future__ import annotations

from functools import cache

from simulator.understanding.reading import Context, Reader, Reading, TechniqueHit


@cache
def default_reader() -> Reader:
    """The reader sessions use unless told otherwise (loaded once per process)."""
    from simulator.understanding.model import ModelMissing, ModelReader

    try:
        return ModelReader()
    except ModelMissing as exc:  # a broken install: keep working with the rules alone, and say so
        import sys

        from simulator.understanding.rules import RuleReader

        print(f"deescalate: {exc}; reading with the hand-written rules only", file=sys.stderr)
        return RuleReader()


__all__ = ["Context", "Reader", "Reading", "TechniqueHit", "default_reader"]
