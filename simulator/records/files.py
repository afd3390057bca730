"""A session folder's files, and the crash-safe way to write them.

The names of the files in a session folder and the atomic writes live here, below
both the recorder (which writes a session as it happens) and the store (which
reads folders and pins notes), so neither has to import the other for them.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from simulator.diagnostics import UserError

EVENTS_FILE = "events.jsonl"
META_FILE = "session.json"
NOTES_FILE = "notes.json"
AUDIO_DIR = "audio"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never half."""
    tmp = unique_temp(path)
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def check_output(out: Path, example: str) -> Path:
    """Refuse an output path that cannot be written, before any work: a folder, or a file in a folder that is not there."""
    out = Path(out)
    if out.is_dir():
        raise UserError(f"-o {out}: that is a folder — give a file name, e.g. {out / example}")
    if not out.parent.exists():
        raise UserError(f"-o {out}: the folder {out.parent} does not exist — create it or pick another")
    if not out.parent.is_dir():
        raise UserError(f"-o {out}: {out.parent} is a file, not a folder — pick another place")
    return out


def unique_temp(path: Path) -> Path:
    """A hidden temporary name beside ``path`` that no other writer (another process, another machine) uses."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file durable (POSIX needs the folder synced; Windows cannot open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
