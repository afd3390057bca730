"""The user's folders come from platformdirs: empty XDG variables mean the defaults, and DEESCALATE_* overrides win."""

from __future__ import annotations

import sys

import pytest

from simulator import paths


@pytest.fixture
def no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DEESCALATE_DATA_DIR", "DEESCALATE_CACHE_DIR", "DEESCALATE_LOG_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG is the Linux and BSD convention")
def test_empty_xdg_variables_mean_the_defaults_not_the_current_folder(monkeypatch, tmp_path, no_overrides):
    """`XDG_DATA_HOME=` used to put sessions and models in ./deescalate under whatever folder the app started in."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, "")
    home = tmp_path / "home"
    assert paths.user_data_dir() == home / ".local" / "share" / "deescalate"
    assert paths.user_cache_dir() == home / ".cache" / "deescalate"
    assert paths.user_log_dir().is_relative_to(home / ".local" / "state" / "deescalate")
    for folder in (paths.user_data_dir(), paths.user_cache_dir(), paths.user_log_dir()):
        assert folder.is_absolute() and not folder.is_relative_to(tmp_path / "deescalate")


def test_set_xdg_variables_are_followed(monkeypatch, tmp_path, no_overrides):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.user_data_dir() == tmp_path / "data" / "deescalate"
    assert paths.user_cache_dir() == tmp_path / "cache" / "deescalate"


def test_deescalate_overrides_win_and_empty_ones_are_ignored(monkeypatch, tmp_path, no_overrides):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DEESCALATE_DATA_DIR", str(tmp_path / "lab"))
    monkeypatch.setenv("DEESCALATE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("DEESCALATE_LOG_DIR", str(tmp_path / "logs"))
    assert (paths.user_data_dir(), paths.user_cache_dir(), paths.user_log_dir()) == (tmp_path / "lab", tmp_path / "c", tmp_path / "logs")
    monkeypatch.setenv("DEESCALATE_DATA_DIR", "")
    assert paths.user_data_dir() == tmp_path / "xdg" / "deescalate"


def test_windows_keeps_the_folders_earlier_versions_used(monkeypatch, no_overrides):
    """Existing Windows data stays where it is: %APPDATA%\\deescalate (roaming) and %LOCALAPPDATA%\\deescalate\\cache.

    platformdirs' Windows rules run here for real; only the folder lookup (the Windows shell API, which
    Linux lacks) is answered by platformdirs' own reader of the same environment variables.
    """
    from platformdirs import windows

    monkeypatch.setenv("APPDATA", "C:\\Users\\ana\\AppData\\Roaming")
    monkeypatch.setenv("LOCALAPPDATA", "C:\\Users\\ana\\AppData\\Local")
    monkeypatch.setattr(windows, "get_win_folder", windows.get_win_folder_from_env_vars)
    dirs = windows.Windows(**paths.DIRS)
    assert dirs.user_data_dir.replace("/", "\\") == "C:\\Users\\ana\\AppData\\Roaming\\deescalate"
    assert dirs.user_cache_dir.replace("/", "\\").lower() == "c:\\users\\ana\\appdata\\local\\deescalate\\cache"
