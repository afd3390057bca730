"""Writes a session to its folder as it happens, so nothing a trainee did is lost.

Every event is appended to ``events.jsonl`` and flushed and fsync'ed before the
session goes on: a ``kill -9`` or a power cut loses at most the line being
written, which readers skip. ``session.json`` (who, what, seed, content hash)
is written atomically at the start and rewritten at the end with the ending
and scores; a crashed session simply has no ending in it.

The recorder is an observer: it runs on the thread that runs the session. The
desktop app runs both on the session runner's worker thread (ui/session_runner.py),
so the GUI never waits on a disk, and an event reaches the screen only after its
line is fsync'ed.
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
from simulator.records.files import AUDIO_DIR as AUDIO_DIR  # the session folder's layout: re-exported, callers import it from here
from simulator.records.files import EVENTS_FILE as EVENTS_FILE
from simulator.records.files import META_FILE as META_FILE
from simulator.records.files import NOTES_FILE as NOTES_FILE
from simulator.records.files import check_output as check_output
from simulator.records.files import fsync_dir
from simulator.records.files import unique_temp as unique_temp
from simulator.records.files import write_json_atomic as write_json_atomic
from simulator.session import Session

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
        try:
            write_json_atomic(self.folder / META_FILE, self.meta)
            self._file: Any = open(self.folder / EVENTS_FILE, "ab")  # noqa: SIM115 (kept open for the session's life)
            fsync_dir(self.sessions_dir)
        except OSError as exc:
            raise UserError(f"cannot record the session in {self.folder} ({exc.strerror or exc}) — pick another folder with --sessions-dir") from None
        self.closed = False
        self.rows: list[dict[str, Any]] = []  # every event as written: kept so a failed disk loses nothing
        self.failure: str | None = None  # why the folder stopped being written (full disk, folder gone), if it did
        session.subscribe(self._on_event)

    def _on_event(self, event: SessionEvent) -> None:
        if self.closed:
            return
        row = event.to_dict()
        # The exact session time (``t`` is rounded to ms): replay sets its clock to it, so drift
        # and elapsed-time conditions see the very same numbers as live.
        row["at"] = self.session.stamp
        self.rows.append(row)
        if self.failure is None:
            try:
                self._file.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
                self._file.flush()
                os.fsync(self._file.fileno())
            except OSError as exc:  # the session goes on; its events stay in memory for save_to()
                self._fail(f"cannot write {self.folder / EVENTS_FILE} ({exc.strerror or exc})")
        if event.type in (ev.SESSION_ENDED, ev.SESSION_CLOSED):
            self.finish()

    def _fail(self, why: str) -> None:
        self.failure = why
        with contextlib.suppress(OSError):
            self._file.close()

    def save_to(self, sessions_dir: Path) -> Path:
        """Write the whole session (every event so far, kept in memory) as a new session folder in ``sessions_dir``.

        For when the recording folder failed mid-session: the same id, so the copy is the session.
        """
        folder = Path(sessions_dir) / self.id
        try:
            folder.mkdir(parents=True, exist_ok=False)
            (folder / AUDIO_DIR).mkdir()
            tmp = unique_temp(folder / EVENTS_FILE)
            with open(tmp, "wb") as f:
                for row in self.rows:
                    f.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, folder / EVENTS_FILE)
            write_json_atomic(folder / META_FILE, self.meta)
        except OSError as exc:
            raise UserError(f"cannot save the session in {folder} ({exc.strerror or exc}) — try another folder") from None
        return folder

    def save_audio(self, turn: int, pcm: bytes, rate: int, channels: int = 1, sample_width: int = 2) -> Path:
        """Keep the trainee's spoken turn as ``audio/turn-NNN.wav`` (16-bit PCM by default)."""
        path = self.folder / AUDIO_DIR / f"turn-{turn:03d}.wav"
        tmp = unique_temp(path)
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(sample_width)
            w.setframerate(rate)
            w.writeframes(pcm)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return path

    def close(self) -> None:
        """Close the log without an ending (the app quit before the session started or ended); idempotent.

        Every line is already fsync'ed as it is written, so closing only lets the file go; a session that
        ended has been closed by ``finish`` already.
        """
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            self._file.close()

    def finish(self) -> None:
        """Close the log and write the ending and scores into ``session.json`` (idempotent)."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            self._file.close()
        from simulator.records.store import summary_of

        self.meta.update(summary_of(self.session.events, self.session))
        self.meta["finished"] = True
        if self.failure is not None:
            return
        try:
            write_json_atomic(self.folder / META_FILE, self.meta)
        except OSError as exc:
            self._fail(f"cannot write {self.folder / META_FILE} ({exc.strerror or exc})")
            return
        from simulator.records.store import SessionIndex

        with contextlib.suppress(Exception):  # the index is a cache: a locked or broken one is rebuilt on the next listing
            SessionIndex(self.sessions_dir, timeout=1.0).add(self.folder)


def rescue(recorder: Recorder) -> str:
    """After a recording failed mid-session: save its events elsewhere, and say where (or why not)."""
    import tempfile

    from simulator.paths import user_data_dir

    tried = []
    for place in (user_data_dir() / "rescued", Path(tempfile.gettempdir()) / "deescalate-rescued"):
        if place == recorder.sessions_dir:
            continue
        try:
            folder = recorder.save_to(place)
        except UserError as exc:
            tried.append(str(exc))
            continue
        return (f"the recording failed ({recorder.failure}); every event was kept and is saved in {folder} — "
                f"copy that folder into your sessions folder")
    return f"the recording failed ({recorder.failure}) and the session could not be saved elsewhere either: " + "; ".join(tried)
