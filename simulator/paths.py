"""Where the shipped data lives, whether run from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path


def scenarios_dir() -> Path:
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def voices_dir() -> Path:
    import voices

    return Path(voices.__file__).resolve().parent


APP = "deescalate"
# How platformdirs is asked: no vendor folder, and on Windows the roaming %APPDATA% folder earlier versions used.
DIRS: dict[str, object] = {"appname": APP, "appauthor": False, "roaming": True}


def _override(name: str) -> Path | None:
    """A ``DEESCALATE_*`` folder override; an empty one counts as unset (as an empty ``XDG_*`` does)."""
    import os

    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def user_data_dir() -> Path:
    """Where the trainer keeps what users make and install (models, sessions, the history index), per platform.

    ``DEESCALATE_DATA_DIR`` overrides it (tests, shared lab folders). Otherwise platformdirs decides:
    ``$XDG_DATA_HOME/deescalate`` (``~/.local/share`` when unset or empty, as the XDG spec says),
    ``~/Library/Application Support/deescalate``, and on Windows the roaming ``%APPDATA%\\deescalate``,
    where earlier versions kept it, so existing sessions and models stay where they are.
    """
    import platformdirs

    return _override("DEESCALATE_DATA_DIR") or Path(platformdirs.PlatformDirs(**DIRS).user_data_dir)  # type: ignore[arg-type]


def user_cache_dir() -> Path:
    """Rebuildable things (language models built from the corpus): ``DEESCALATE_CACHE_DIR``, else the platform's cache folder.

    On Windows ``%LOCALAPPDATA%\\deescalate\\Cache`` (the cache is never roaming), the folder earlier versions
    used (Windows names ignore case).
    """
    import platformdirs

    return _override("DEESCALATE_CACHE_DIR") or Path(platformdirs.PlatformDirs(**DIRS).user_cache_dir)  # type: ignore[arg-type]


def user_log_dir() -> Path:
    """Where the app writes its log: ``DEESCALATE_LOG_DIR``, else the platform's log folder (``~/.local/state/deescalate/log``)."""
    import platformdirs

    return _override("DEESCALATE_LOG_DIR") or Path(platformdirs.PlatformDirs(**DIRS).user_log_dir)  # type: ignore[arg-type]
