"""Where the shipped data lives, whether run from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path


def scenarios_dir() -> Path:
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def voices_dir() -> Path:
    import voices

    return Path(voices.__file__).resolve().parent


def user_data_dir() -> Path:
    """Where the trainer keeps what users make and install (models, sessions), per platform.

    ``DEESCALATE_DATA_DIR`` overrides it (tests, shared lab folders).
    """
    import os
    import sys

    override = os.environ.get("DEESCALATE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "deescalate"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "deescalate"
    return Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share")) / "deescalate"


def user_cache_dir() -> Path:
    """Rebuildable things (language models built from the corpus)."""
    import os
    import sys

    override = os.environ.get("DEESCALATE_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "deescalate" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "deescalate"
    return Path(os.environ.get("XDG_CACHE_HOME", home / ".cache")) / "deescalate"
