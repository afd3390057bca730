"""simulator.logs: both entry points log; the app keeps a rotating file that names the version."""

from __future__ import annotations

import logging
import logging.handlers
import subprocess
import sys

from simulator import logs


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_deescalate", False)]


def test_the_app_log_file_names_the_version_and_is_rotated(tmp_path, monkeypatch):
    monkeypatch.setenv("DEESCALATE_LOG_DIR", str(tmp_path / "logs"))
    try:
        path = logs.configure_app()
        assert path == tmp_path / "logs" / logs.LOG_FILE and logs.log_path() == path
        logging.getLogger("simulator.speech").info("speech engine: sphinx (the built-in recogniser)")
        logging.getLogger("ui").error("could not open the microphone")
        for h in _ours():
            h.flush()
        text = path.read_text(encoding="utf-8")
        assert f"deescalate {logs.version()}" in text and "python " in text
        assert "speech engine: sphinx" in text and "ERROR" in text and "could not open the microphone" in text
        (rotating,) = [h for h in _ours() if isinstance(h, logging.handlers.RotatingFileHandler)]
        assert rotating.maxBytes == logs.MAX_BYTES and rotating.backupCount == logs.BACKUPS
        logs.configure_app()
        assert len(_ours()) == 2  # configuring again replaces, never doubles
    finally:
        logs.configure()
        assert logs.log_path() is None


def test_an_unwritable_log_folder_is_a_warning_not_a_crash(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    try:
        assert logs.configure(log_file=blocker / "deescalate.log") is None
        assert "cannot write the log file" in capsys.readouterr().err
    finally:
        logs.configure()


def test_the_command_line_has_version_and_verbose():
    version = subprocess.run([sys.executable, "-m", "simulator.cli", "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == f"deescalate {logs.version()}"
    quiet = subprocess.run([sys.executable, "-m", "simulator.cli", "play", "no_such_scenario", "--script", "-"], input="", capture_output=True, text=True, timeout=60)
    loud = subprocess.run([sys.executable, "-m", "simulator.cli", "--verbose", "play", "no_such_scenario", "--script", "-"], input="", capture_output=True, text=True, timeout=60)
    assert quiet.returncode == loud.returncode == 2
    assert "DEBUG" not in quiet.stderr and "DEBUG" in loud.stderr


def test_warnings_go_to_the_stderr_of_the_moment_not_one_that_has_closed(monkeypatch):
    """A command run in-process whose stderr was swapped and closed must not break later warnings."""
    import io

    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    try:
        logs.configure()
        first.close()  # the command's captured stderr is gone
        now = io.StringIO()
        monkeypatch.setattr(sys, "stderr", now)
        logging.getLogger("simulator.instruct.hub").warning("refused from %s: %s", "127.0.0.1", "oversized")
        assert "refused from 127.0.0.1: oversized" in now.getvalue()
    finally:
        monkeypatch.undo()
        logs.configure()
