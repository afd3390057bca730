"""Where the shipped data lives, whether run from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path


def scenarios_dir() -> Path:
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def voices_dir() -> Path:
    import voices

    return Path(voices.__file__).resolve().parent
