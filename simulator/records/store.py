"""Reading session folders, and the SQLite index that makes the history fast to list and filter.

The folders are the source of truth. The index (``index.sqlite`` in the
sessions folder) caches each session's summary, keyed by the folder's
``session.json`` and ``events.jsonl`` size and mtime, so a listing re-reads only
the sessions that changed and can always be deleted and rebuilt.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import events as ev
from simulator.diagnostics import UserError
from simulator.events import SessionEvent
from simulator.records.recorder import EVENTS_FILE, META_FILE, NOTES_FILE

INDEX_FILE = "index.sqlite"
SCORE_NAMES = ("calmness", "safety", "referral", "communication", "overall")


class RecordError(UserError):
    """A session folder that cannot be read; the message names the file and what is wrong."""


def read_events(folder: Path) -> list[SessionEvent]:
    """The events on disk. A torn last line (the process died mid-write) is skipped, never an error."""
    path = Path(folder) / EVENTS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{folder}: not a session folder (no {EVENTS_FILE})") from None
    lines = raw.split(b"\n")
    out: list[SessionEvent] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(SessionEvent.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            if number >= len(lines) - 1 and not raw.endswith(b"\n"):
                break  # the torn tail of a killed session
            raise RecordError(f"{path}:{number}: not a session event — the log is damaged") from None
    return out


def read_raw_events(folder: Path) -> list[dict[str, Any]]:
    """The events as written, with the exact session time ``at`` the recorder added (for replay)."""
    path = Path(folder) / EVENTS_FILE
    raw = path.read_bytes()
    rows = []
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except ValueError:
            break
    return rows


def read_meta(folder: Path) -> dict[str, Any]:
    path = Path(folder) / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{folder}: not a session folder (no {META_FILE})") from None
    except ValueError as exc:
        raise RecordError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(meta, dict) or "id" not in meta or "scenario" not in meta:
        raise RecordError(f"{path}: lacks the session's id or scenario")
    return meta


def read_notes(folder: Path) -> list[dict[str, Any]]:
    """Instructor notes, each ``{"turn": N, "text": ...}`` (turn 0: about the whole session)."""
    path = Path(folder) / NOTES_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RecordError(f"{path}: not valid JSON ({exc})") from None
    notes = data.get("notes", []) if isinstance(data, dict) else data
    return [n for n in notes if isinstance(n, dict) and "text" in n]


def add_note(folder: Path, text: str, turn: int = 0, author: str = "") -> None:
    """Pin an instructor's note to a turn, beside the session: the event log is never touched."""
    from simulator.records.recorder import write_json_atomic

    notes = read_notes(folder)
    notes.append({"turn": int(turn), "text": text, "author": author})
    write_json_atomic(Path(folder) / NOTES_FILE, {"notes": notes})


def summary_of(events: list[SessionEvent], session: Any | None = None) -> dict[str, Any]:
    """Ending, outcome, turns, duration and scores, from the events alone (so crashed sessions have them too)."""
    from simulator.scoring import score

    ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
    closed = next((e for e in events if e.type == ev.SESSION_CLOSED), None)
    s = score(events)
    return {
        "ending": ended.data.get("ending") if ended else None,
        "outcome": ended.data.get("outcome") if ended else None,
        "closed": closed.data.get("reason") if closed else None,
        "turns": max((e.turn for e in events), default=0),
        "duration": events[-1].t if events else 0.0,
        "events": len(events),
        "scores": s.as_dict(),
        "variables": dict(session.variables) if session is not None else None,
    }


def resolve(ref: str, sessions_dir: Path) -> Path:
    """A session by id (in ``sessions_dir``) or by folder path."""
    path = Path(ref)
    if (path / META_FILE).is_file():
        return path
    candidate = Path(sessions_dir) / ref
    if "/" not in ref and os.sep not in ref and (candidate / META_FILE).is_file():
        return candidate
    if "/" not in ref and Path(sessions_dir).is_dir():
        matches = sorted(p for p in Path(sessions_dir).iterdir() if p.name.startswith(ref) and (p / META_FILE).is_file())
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RecordError(f"'{ref}' matches {len(matches)} sessions — give more of the id")
    raise RecordError(f"no session '{ref}' (not a session folder, nor an id in {sessions_dir}) — `deescalate sessions list` shows them")


@dataclass(frozen=True)
class SessionRow:
    """One session as the index knows it."""

    id: str
    folder: str
    trainee: str
    scenario: str
    title: str
    started_at: str
    ending: str | None
    outcome: str | None
    turns: int
    duration: float
    finished: bool
    scores: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "folder": self.folder, "trainee": self.trainee, "scenario": self.scenario, "title": self.title,
                "started_at": self.started_at, "ending": self.ending, "outcome": self.outcome, "turns": self.turns,
                "duration": self.duration, "finished": self.finished, "scores": self.scores}


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, folder TEXT NOT NULL, stamp TEXT NOT NULL,
  trainee TEXT NOT NULL, scenario TEXT NOT NULL, title TEXT NOT NULL, started_at TEXT NOT NULL,
  ending TEXT, outcome TEXT, turns INTEGER NOT NULL, duration REAL NOT NULL, finished INTEGER NOT NULL,
  {", ".join(f"{n} INTEGER" for n in SCORE_NAMES)}
);
CREATE INDEX IF NOT EXISTS by_trainee ON sessions(trainee, started_at);
CREATE INDEX IF NOT EXISTS by_scenario ON sessions(scenario, started_at);
CREATE INDEX IF NOT EXISTS by_started ON sessions(started_at);
"""


def _stamp(folder: Path) -> str | None:
    """What tells a changed session from an unchanged one, cheaply (two stats)."""
    try:
        m = os.stat(folder / META_FILE)
        e = os.stat(folder / EVENTS_FILE)
    except OSError:
        return None
    return f"{m.st_mtime_ns}:{m.st_size}:{e.st_mtime_ns}:{e.st_size}"


class SessionIndex:
    """The SQLite index of one sessions folder; ``sync()`` brings it in line with the folders."""

    def __init__(self, sessions_dir: Path) -> None:
        self.sessions_dir = Path(sessions_dir)
        self.path = self.sessions_dir / INDEX_FILE

    def _connect(self) -> sqlite3.Connection:
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        try:
            con.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            con.close()  # a damaged index is only a cache: start it again
            self.path.unlink(missing_ok=True)
            con = sqlite3.connect(self.path, timeout=10)
            con.executescript(_SCHEMA)
        return con

    def _row_values(self, folder: Path, stamp: str) -> tuple[Any, ...]:
        meta = read_meta(folder)
        if meta.get("finished") and isinstance(meta.get("scores"), dict):
            summary = meta
        else:  # crashed or still running: the summary comes from the events that reached the disk
            summary = summary_of(read_events(folder))
        scores = summary.get("scores") or {}
        return (str(meta["id"]), str(folder), stamp, str(meta.get("trainee") or ""), str(meta["scenario"]), str(meta.get("title") or ""),
                str(meta.get("started_at") or ""), summary.get("ending"), summary.get("outcome"), int(summary.get("turns") or 0),
                float(summary.get("duration") or 0.0), int(bool(meta.get("finished"))), *(scores.get(n) for n in SCORE_NAMES))

    def add(self, folder: Path) -> None:
        """Index one session now (the recorder calls it when a session ends)."""
        stamp = _stamp(folder)
        if stamp is None:
            return
        con = self._connect()
        with con:
            con.execute(f"INSERT OR REPLACE INTO sessions VALUES ({', '.join('?' * (12 + len(SCORE_NAMES)))})", self._row_values(folder, stamp))
        con.close()

    def sync(self) -> list[str]:
        """Re-read the sessions whose files changed, add new ones, drop vanished ones. Returns problems found."""
        problems: list[str] = []
        con = self._connect()
        known = {row[0]: (row[1], row[2]) for row in con.execute("SELECT folder, stamp, id FROM sessions").fetchall()}
        seen: set[str] = set()
        updates = []
        try:
            entries = list(os.scandir(self.sessions_dir))
        except FileNotFoundError:
            entries = []
        for entry in entries:
            if not entry.is_dir() or entry.name.startswith("."):
                continue
            folder = Path(entry.path)
            stamp = _stamp(folder)
            if stamp is None:
                continue
            key = str(folder)
            seen.add(key)
            if key in known and known[key][0] == stamp:
                continue
            try:
                updates.append(self._row_values(folder, stamp))
            except (UserError, OSError, ValueError, KeyError, TypeError) as exc:
                problems.append(f"{folder}: {exc}")
        with con:
            for key in set(known) - seen:
                con.execute("DELETE FROM sessions WHERE folder = ?", (key,))
            con.executemany(f"INSERT OR REPLACE INTO sessions VALUES ({', '.join('?' * (12 + len(SCORE_NAMES)))})", updates)
        con.close()
        return problems

    def rows(self, trainee: str | None = None, scenario: str | None = None) -> list[SessionRow]:
        """Sessions, oldest first, optionally for one trainee (case-insensitive) or one scenario."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ? COLLATE NOCASE")
            params.append(trainee)
        if scenario is not None:
            where.append("scenario = ?")
            params.append(scenario)
        sql = "SELECT id, folder, trainee, scenario, title, started_at, ending, outcome, turns, duration, finished, " + ", ".join(SCORE_NAMES)
        sql += " FROM sessions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY started_at, id"
        con = self._connect()
        out = [SessionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10]),
                          {n: v for n, v in zip(SCORE_NAMES, r[11:], strict=True) if v is not None})
               for r in con.execute(sql, params)]
        con.close()
        return out


def session_folders(root: Path) -> Iterable[Path]:
    """Every session folder directly in ``root`` (the class report's input), in id order."""
    return sorted(Path(p.path) for p in os.scandir(root) if p.is_dir() and (Path(p.path) / META_FILE).is_file())
