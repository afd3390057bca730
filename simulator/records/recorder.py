"""Writes a session to its folder as it happens, so nothing a trainee did is lost.

Every event is appended to ``events.jsonl`` and flushed and fsync'ed before the
session goes on: a ``kill -9`` or a power cut loses at most the line being
written, which readers skip. ``session.json`` (who, what, seed, content hash)
is written atomically at the start and rewritten at the end with the ending
and scores; a crashed session simply has no ending in it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
import wave
from pathlib import Path
from typing import Any

from simulator import events as ev
from simulator.diagnostics import UserError
from simulator.events import SessionEvent
from simulator.session import Session

EVENTS_FILE = "events.jsonl"
META_FILE = "session.json"
NOTES_FILE = "notes.json"
AUDIO_DIR = "audio"
FORMAT_VERSION = 2  # 2: every input (ticks too) is logged as an `input` event; replay reads them back


def default_sessions_dir() -> Path:
    """The user's data folder, unless ``--sessions-dir`` (or the app's setting) says otherwise."""
    from simulator.paths import user_data_dir

    return user_data_dir() / "sessions"


def new_session_id(now: float | None = None) -> str:
    """A sortable, unique id: UTC date and time, then random hex (two sessions in one second differ)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(time.time() if now is None else now))
    return f"{stamp}-{secrets.token_hex(3)}"


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("deescalate")
    except Exception:  # not installed (a bare checkout): still record something honest
        return "unknown"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file durable (POSIX needs the folder synced; Windows cannot open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Recorder:
    """Records one session into ``sessions_dir/<id>/``; subscribe it before ``session.start()``."""

    def __init__(self, session: Session, sessions_dir: Path | None = None, session_id: str | None = None) -> None:
        self.session = session
        self.sessions_dir = Path(sessions_dir) if sessions_dir is not None else default_sessions_dir()
        self.id = session_id or new_session_id()
        self.folder = self.sessions_dir / self.id
        try:
            self.folder.mkdir(parents=True, exist_ok=False)  # a clash of ids must never mix two sessions
            (self.folder / AUDIO_DIR).mkdir()
        except OSError as exc:
            raise UserError(f"cannot record the session in {self.sessions_dir} ({exc.strerror or exc}) — pick another folder with --sessions-dir") from None
        self.meta: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "id": self.id,
            "scenario": session.scenario.id,
            "title": session.scenario.title,
            "content_hash": session.scenario.content_hash,
            "seed": session.seed,
            "trainee": session.trainee,
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "app_version": app_version(),
            "clock": type(session.clock).__name__,
            "finished": False,
        }
        write_json_atomic(self.folder / META_FILE, self.meta)
        self._file = open(self.folder / EVENTS_FILE, "ab")  # noqa: SIM115 (kept open for the session's life)
        _fsync_dir(self.sessions_dir)
        self.closed = False
        session.subscribe(self._on_event)

    def _on_event(self, event: SessionEvent) -> None:
        if self.closed:
            return
        row = event.to_dict()
        # The exact session time (``t`` is rounded to ms): replay sets its clock to it, so drift
        # and elapsed-time conditions see the very same numbers as live.
        row["at"] = self.session.elapsed()
        self._file.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        if event.type in (ev.SESSION_ENDED, ev.SESSION_CLOSED):
            self.finish()

    def save_audio(self, turn: int, pcm: bytes, rate: int, channels: int = 1, sample_width: int = 2) -> Path:
        """Keep the trainee's spoken turn as ``audio/turn-NNN.wav`` (16-bit PCM by default)."""
        path = self.folder / AUDIO_DIR / f"turn-{turn:03d}.wav"
        tmp = path.with_name(f".{path.name}.tmp")
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(sample_width)
            w.setframerate(rate)
            w.writeframes(pcm)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return path

    def finish(self) -> None:
        """Close the log and write the ending and scores into ``session.json`` (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self._file.close()
        from simulator.records.store import summary_of

        self.meta.update(summary_of(self.session.events, self.session))
        self.meta["finished"] = True
        write_json_atomic(self.folder / META_FILE, self.meta)
        from simulator.records.store import SessionIndex

        with contextlib.suppress(Exception):  # the index is a cache: a locked or broken one is rebuilt on the next listing
            SessionIndex(self.sessions_dir).add(self.folder)
