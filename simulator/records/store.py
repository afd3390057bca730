"""Reading session folders, and the SQLite index that makes the history fast to list and filter.

The folders are the source of truth. The index (``index.sqlite`` in the
sessions folder) caches each session's summary, keyed by the folder's
``session.json`` and ``events.jsonl`` size and mtime, so a listing re-reads only
the sessions that changed and can always be deleted and rebuilt.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from simulator import events as ev
from simulator.events import SessionEvent
from simulator.records.files import EVENTS_FILE, META_FILE, NOTES_FILE, write_json_atomic
from simulator.records.validate import (
    MAX_LINE_BYTES,
    MAX_LOG_BYTES,
    MAX_META_BYTES,
    MAX_NOTES_BYTES,
    MAX_TEXT_CHARS,
    RecordError,
    event_problem,
    meta_problem,
    notes_problem,
    parse_json,
)

INDEX_FILE = "index.sqlite"  # the index of format 1 lived in the sessions folder; it is now ignored there
INDEX_VERSION = 2  # PRAGMA user_version of the index: any other value (an older app's index) is rebuilt
SCORE_NAMES = ("calmness", "safety", "referral", "communication", "overall")
NOTES_LOCK = ".notes.lock"
LOCK_TIMEOUT = 30.0  # seconds to wait for another instructor's note to be written


def _read_limited(path: Path, limit: int, folder: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise RecordError(f"{path}: {what} is {size / 1e6:.1f} MB, more than the {limit // (1024 * 1024)} MB any session writes — it is damaged or not a session file")
        return path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{folder}: not a whole session folder (no {path.name})") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: a folder where the session's {what} should be") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_log(folder: Path) -> tuple[list[dict[str, Any]], list[SessionEvent]]:
    """The events on disk, each checked, as written (with ``at``) and as SessionEvents.

    A torn last line (the process died mid-write) is skipped, never an error. Anything else that is
    not an event, and any gap or repeat in ``seq`` (events dropped or duplicated), is a RecordError
    naming the line.
    """
    path = Path(folder) / EVENTS_FILE
    raw = _read_limited(path, MAX_LOG_BYTES, Path(folder), "the event log")
    lines = raw.split(b"\n")
    rows: list[dict[str, Any]] = []
    out: list[SessionEvent] = []
    torn = not raw.endswith(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        last = number == len(lines) and torn
        try:
            if len(line) > MAX_LINE_BYTES:
                raise ValueError(f"the line is {len(line)} bytes long (at most {MAX_LINE_BYTES})")
            row = parse_json(line)
        except ValueError as exc:
            if last:
                break  # the torn tail of a killed session
            raise RecordError(f"{path}:{number}: not a session event ({exc}) — the log is damaged") from None
        problem = event_problem(row)
        if problem is None and row["seq"] != len(rows):
            problem = (f"event seq {row['seq']} where {len(rows)} was due — "
                       + ("an event is repeated" if row["seq"] < len(rows) else f"{row['seq'] - len(rows)} event(s) are missing"))
        if problem is not None:
            if last:
                break
            raise RecordError(f"{path}:{number}: {problem} — the log is damaged or was edited")
        rows.append(row)
        out.append(SessionEvent(row["seq"], float(row["t"]), row["turn"], row["type"], dict(row.get("data", {}))))
    return rows, out


def read_events(folder: Path) -> list[SessionEvent]:
    """The events on disk, each checked. A torn last line (the process died mid-write) is skipped, never an error."""
    return read_log(folder)[1]


def read_raw_events(folder: Path) -> list[dict[str, Any]]:
    """The events as written, with the exact session time ``at`` the recorder added (for replay), each checked."""
    return read_log(folder)[0]


def read_meta(folder: Path) -> dict[str, Any]:
    """``session.json``, checked field by field."""
    path = Path(folder) / META_FILE
    raw = _read_limited(path, MAX_META_BYTES, Path(folder), "session.json")
    try:
        meta = parse_json(raw)
    except ValueError as exc:
        raise RecordError(f"{path}: not valid JSON ({exc})") from None
    problem = meta_problem(meta)
    if problem:
        raise RecordError(f"{path}: {problem} — the file is damaged or was edited")
    return meta  # type: ignore[no-any-return]


def read_notes(folder: Path) -> list[dict[str, Any]]:
    """Instructor notes, each ``{"turn": N, "text": ...}`` (turn 0: about the whole session)."""
    path = Path(folder) / NOTES_FILE
    if not path.exists():
        return []
    raw = _read_limited(path, MAX_NOTES_BYTES, Path(folder), "notes.json")
    try:
        data = parse_json(raw)
    except ValueError as exc:
        raise RecordError(f"{path}: not valid JSON ({exc})") from None
    problem = notes_problem(data)
    if problem:
        raise RecordError(f"{path}: {problem} — the file is damaged or was edited")
    return list(cast("list[dict[str, Any]]", data.get("notes") if isinstance(data, dict) else data))  # notes_problem checked the shape


def notes_lock(folder: Path) -> Any:
    """The soft lock (a lock file, which works on network shares) held while notes.json is read and rewritten.

    A lock left by a process killed on this machine is reclaimed by the next writer; one left by
    another machine makes the next note wait ``LOCK_TIMEOUT`` and then say which file to delete.
    """
    from filelock import SoftFileLock

    return SoftFileLock(Path(folder) / NOTES_LOCK, timeout=LOCK_TIMEOUT)


def add_note(folder: Path, text: str, turn: int = 0, author: str = "") -> None:
    """Pin an instructor's note to a turn, beside the session: the event log is never touched.

    Two instructors may pin notes into one shared folder at once: the read-modify-write holds
    the folder's notes lock, and the write is atomic, so every note is kept.
    """
    from filelock import Timeout

    if not isinstance(text, str) or not text.strip():
        raise RecordError("a note needs some text")
    if len(text) > MAX_TEXT_CHARS:
        raise RecordError(f"the note is {len(text)} characters long; a note may be at most {MAX_TEXT_CHARS}")
    if not 0 <= int(turn) <= 100_000:
        raise RecordError(f"--turn {turn}: give the number of a turn (0: the whole session)")
    try:
        with notes_lock(folder):
            notes = read_notes(folder)
            notes.append({"turn": int(turn), "text": text, "author": author})
            write_json_atomic(Path(folder) / NOTES_FILE, {"notes": notes})
    except Timeout:
        raise RecordError(f"{folder}: another program has been writing a note for {LOCK_TIMEOUT:.0f} s — try again "
                          f"(if none is running, delete {Path(folder) / NOTES_LOCK})") from None
    except OSError as exc:
        raise RecordError(f"{folder}: cannot write the note ({exc.strerror or exc}) — is the folder read-only or the disk full?") from None


def scored(events: list[SessionEvent]) -> Any:
    """``scoring.score`` of events read from disk; events that still do not add up are a RecordError."""
    from simulator.scoring import score

    try:
        return score(events)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError) as exc:
        raise RecordError(f"the events cannot be scored ({type(exc).__name__}: {str(exc)[:80]}) — "
                          "the log is damaged or was edited, or this version cannot score it") from None


def summary_of(events: list[SessionEvent], session: Any | None = None) -> dict[str, Any]:
    """Ending, outcome, turns, duration and scores, from the events alone (so crashed sessions have them too).

    Events read from disk (``session`` None) that passed the checks but still do not add up (a
    forged log whose payloads are each well-formed) raise RecordError, not whatever the
    arithmetic raised; a live session's events are the program's own, so a failure there is a bug
    and is raised as it is.
    """
    from simulator.scoring import score

    try:
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
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError) as exc:
        if session is not None:
            raise
        raise RecordError(f"the events cannot be scored ({type(exc).__name__}: {str(exc)[:80]}) — "
                          "the log is damaged or was edited, or this version cannot score it") from None


def resolve(ref: str, sessions_dir: Path) -> Path:
    """A session by id (in ``sessions_dir``) or by folder path."""
    path = Path(ref)

    def is_session(p: Path) -> bool:  # a folder with either file is a session (a damaged one says what it lacks when read)
        return (p / META_FILE).is_file() or (p / EVENTS_FILE).is_file()

    try:
        if is_session(path):
            return path
        candidate = Path(sessions_dir) / ref
        if "/" not in ref and os.sep not in ref and is_session(candidate):
            return candidate
        if "/" not in ref and os.sep not in ref and Path(sessions_dir).is_dir():
            matches = sorted(p for p in Path(sessions_dir).iterdir() if p.name.startswith(ref) and not p.name.startswith(".") and (p / META_FILE).is_file())
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise RecordError(f"'{ref}' matches {len(matches)} sessions — give more of the id")
    except (OSError, ValueError) as exc:  # an unreadable folder, a name with a NUL
        raise RecordError(f"cannot look for session '{ref}' in {sessions_dir} ({getattr(exc, 'strerror', None) or exc})") from None
    raise RecordError(f"no session '{ref}' (not a session folder, nor an id in {sessions_dir}) — `deescalate sessions list` shows them")


@dataclass(frozen=True)
class SessionRow:
    """One session as the index knows it. ``problem`` says why a damaged session cannot be read (then it has no scores)."""

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
    problem: str | None = None
    scores_differ: bool = False  # session.json's scores are not what its events give (these scores are the events')

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "folder": self.folder, "trainee": self.trainee, "scenario": self.scenario, "title": self.title,
                "started_at": self.started_at, "ending": self.ending, "outcome": self.outcome, "turns": self.turns,
                "duration": self.duration, "finished": self.finished, "scores": self.scores, "problem": self.problem,
                "scores_differ": self.scores_differ}


_COLUMNS = ("id", "folder", "stamp", "trainee", "scenario", "title", "started_at", "ending", "outcome", "turns", "duration", "finished",
            *SCORE_NAMES, "problem", "scores_differ")
_SCHEMA = f"""
DROP TABLE IF EXISTS sessions;
CREATE TABLE sessions (
  id TEXT NOT NULL, folder TEXT PRIMARY KEY, stamp TEXT NOT NULL,
  trainee TEXT NOT NULL, scenario TEXT NOT NULL, title TEXT NOT NULL, started_at TEXT NOT NULL,
  ending TEXT, outcome TEXT, turns INTEGER NOT NULL, duration REAL NOT NULL, finished INTEGER NOT NULL,
  {", ".join(f"{n} INTEGER" for n in SCORE_NAMES)}, problem TEXT, scores_differ INTEGER NOT NULL
);
CREATE INDEX by_trainee ON sessions(trainee, started_at);
CREATE INDEX by_scenario ON sessions(scenario, started_at);
CREATE INDEX by_started ON sessions(started_at);
PRAGMA user_version = {INDEX_VERSION};
"""
_INSERT = f"INSERT OR REPLACE INTO sessions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _stamp(folder: Path) -> str:
    """What tells a changed session from an unchanged one, cheaply (a stat of each file; a missing one counts too)."""
    parts = []
    for name in (META_FILE, EVENTS_FILE, NOTES_FILE):
        try:
            m = os.stat(folder / name)
            parts.append(f"{m.st_mtime_ns}:{m.st_size}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


def default_index_path(sessions_dir: Path) -> Path:
    """The index of ``sessions_dir``, in the user's own data folder (one file per sessions folder).

    Never in the sessions folder itself: that may be a lab's network share, where SQLite's locks
    are unsafe, and the share should hold only session folders.
    """
    import hashlib

    from simulator.paths import user_data_dir

    try:
        key = str(Path(sessions_dir).expanduser().resolve())
    except (OSError, RuntimeError):
        key = str(Path(sessions_dir).absolute())
    return user_data_dir() / "index" / f"sessions-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.sqlite"


def _busy(exc: sqlite3.Error) -> bool:
    """Another process holds the database: wait or do without, never treat it as damage."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class SessionIndex:
    """The SQLite index of one sessions folder; ``sync()`` brings it in line with the folders.

    The index is a cache, never the record: a missing, damaged or older-schema index is rebuilt;
    one another process keeps locked longer than ``timeout`` is left alone and this listing is
    built in memory from the folders instead; one that cannot be written at all (a read-only home)
    is likewise replaced by a memory copy.
    """

    def __init__(self, sessions_dir: Path, index_path: Path | None = None, timeout: float = 10.0) -> None:
        self.sessions_dir = Path(sessions_dir)
        self.path = Path(index_path) if index_path is not None else default_index_path(self.sessions_dir)
        self.timeout = timeout
        self._memory: sqlite3.Connection | None = None
        self.note: str | None = None  # why this listing runs without the on-disk index, if it does

    # -- connections ---------------------------------------------------------------------------------
    def _open_disk(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version != INDEX_VERSION:
                with con:
                    con.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            con.close()
            if _busy(exc):
                raise
            # a damaged file: the index is only a cache, and this one is the user's own (not a shared file)
            self.path.unlink(missing_ok=True)
            con = sqlite3.connect(self.path, timeout=self.timeout)
            with con:
                con.executescript(_SCHEMA)
        return con

    def _connect(self) -> sqlite3.Connection:
        if self._memory is not None:
            return self._memory
        try:
            return self._open_disk()
        except (sqlite3.Error, OSError) as exc:
            return self._fall_back(exc)

    def _fall_back(self, exc: Exception) -> sqlite3.Connection:
        self.note = (f"the index {self.path} is busy (another program holds it), so this listing was read from the folders"
                     if isinstance(exc, sqlite3.Error) and _busy(exc) else f"the index {self.path} cannot be used ({exc}), so this listing was read from the folders")
        self._memory = sqlite3.connect(":memory:")
        self._memory.executescript(_SCHEMA)
        return self._memory

    def _close(self, con: sqlite3.Connection) -> None:
        if con is not self._memory:
            con.close()

    # -- reading one session -----------------------------------------------------------------------------
    def _row_values(self, folder: Path, stamp: str) -> tuple[Any, ...]:
        """The row for one session folder; a damaged one gets a row too, with the reason and no scores."""
        try:
            meta = read_meta(folder)
        except RecordError as exc:
            return (folder.name, str(folder), stamp, "", "", "", "", None, None, 0, 0.0, 0, *([None] * len(SCORE_NAMES)), str(exc), 0)
        base = (str(meta["id"]), str(folder), stamp, str(meta.get("trainee") or ""), str(meta["scenario"]), str(meta.get("title") or ""),
                str(meta.get("started_at") or ""))
        try:
            if meta["id"] != folder.name:
                raise RecordError(f"{folder / META_FILE}: says it is session '{meta['id']}' but its folder is '{folder.name}' — rename the folder back")
            summary = summary_of(read_events(folder))
            read_notes(folder)
        except RecordError as exc:
            return (*base, None, None, 0, 0.0, int(bool(meta.get("finished"))), *([None] * len(SCORE_NAMES)), str(exc), 0)
        scores = summary["scores"]
        recorded = meta.get("scores")
        differ = bool(meta.get("finished")) and isinstance(recorded, dict) and any(recorded.get(n) != scores.get(n) for n in SCORE_NAMES)
        return (*base, summary["ending"], summary["outcome"], int(summary["turns"]), float(summary["duration"]),
                int(bool(meta.get("finished"))), *(scores.get(n) for n in SCORE_NAMES), None, int(differ))

    def add(self, folder: Path) -> None:
        """Index one session now (the recorder calls it when a session ends)."""
        folder = Path(folder)
        values = self._row_values(folder, _stamp(folder))
        con = self._connect()
        try:
            with con:
                con.execute(_INSERT, values)
        except sqlite3.Error:
            pass  # a busy or broken cache: the next listing reads the folder anyway
        finally:
            self._close(con)

    def sync(self) -> list[str]:
        """Re-read the sessions whose files changed, add new ones, drop vanished ones.

        Returns the problems found: each damaged session (also listed, with its reason), and a note
        when the listing had to be read without the on-disk index.
        """
        con = self._connect()
        try:
            known = {row[0]: row[1] for row in con.execute("SELECT folder, stamp FROM sessions").fetchall()}
        except sqlite3.Error as exc:
            self._close(con)
            con = self._fall_back(exc)
            known = {}
        seen: set[str] = set()
        updates = []
        try:
            entries = sorted(os.scandir(self.sessions_dir), key=lambda e: e.name)
        except FileNotFoundError:
            entries = []
        except OSError as exc:
            self._close(con)
            raise RecordError(f"cannot read the sessions folder {self.sessions_dir} ({exc.strerror or exc})") from None
        for entry in entries:
            try:
                if not entry.is_dir() or entry.name.startswith("."):
                    continue
            except OSError:
                continue
            folder = Path(entry.path)
            stamp = _stamp(folder)
            key = str(folder)
            seen.add(key)
            if known.get(key) == stamp:
                continue
            updates.append(self._row_values(folder, stamp))
        try:
            with con:
                for key in set(known) - seen:
                    con.execute("DELETE FROM sessions WHERE folder = ?", (key,))
                con.executemany(_INSERT, updates)
        except sqlite3.Error as exc:  # busy beyond the timeout, or the disk is full: list from memory
            self._close(con)
            memory = self._fall_back(exc)
            with memory:
                memory.executemany(_INSERT, [*updates, *self._unchanged(seen, updates)])
        else:
            self._close(con)
        problems = [f"{Path(folder).name}: damaged — {problem}" for folder, problem in self._damaged()]
        return problems + ([self.note] if self.note else [])

    def _unchanged(self, seen: set[str], updates: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows for the sessions the disk index had and this sync did not re-read (re-read now, for the memory copy)."""
        done = {u[1] for u in updates}
        return [self._row_values(Path(key), _stamp(Path(key))) for key in sorted(seen - done)]

    def _damaged(self) -> list[tuple[str, str]]:
        con = self._connect()
        try:
            return [(r[0], r[1]) for r in con.execute("SELECT folder, problem FROM sessions WHERE problem IS NOT NULL ORDER BY folder")]
        except sqlite3.Error:
            return []
        finally:
            self._close(con)

    def rows(self, trainee: str | None = None, scenario: str | None = None, damaged: bool = True) -> list[SessionRow]:
        """Sessions, oldest first, optionally for one trainee (case-insensitive) or one scenario; damaged ones last."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ? COLLATE NOCASE")
            params.append(trainee)
        if scenario is not None:
            where.append("scenario = ?")
            params.append(scenario)
        if not damaged:
            where.append("problem IS NULL")
        sql = ("SELECT id, folder, trainee, scenario, title, started_at, ending, outcome, turns, duration, finished, "
               + ", ".join(SCORE_NAMES) + ", problem, scores_differ FROM sessions"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY problem IS NOT NULL, started_at, id")
        con = self._connect()
        try:
            found = con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self._close(con)
            con = self._fall_back(exc)
            self.sync()
            found = con.execute(sql, params).fetchall()
        finally:
            self._close(con)
        n = len(SCORE_NAMES)
        return [SessionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10]),
                           {k: v for k, v in zip(SCORE_NAMES, r[11:11 + n], strict=True) if v is not None}, r[11 + n], bool(r[12 + n]))
                for r in found]


def session_folders(root: Path) -> Iterable[Path]:
    """Every session folder directly in ``root`` (the class report's input), in id order; damaged ones too."""
    try:
        return sorted(Path(p.path) for p in os.scandir(root) if not p.name.startswith(".") and p.is_dir())
    except OSError as exc:
        raise RecordError(f"cannot read the folder {root} ({exc.strerror or exc})") from None
