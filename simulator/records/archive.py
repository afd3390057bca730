"""One session as one ``.zip`` file, to carry to an instructor's machine, and its safe import.

The archive holds the session folder's files under ``<id>/`` and a
``manifest.json`` with the sha256 and size of each. Import trusts nothing: the
zip must open, every member must be a plain file with a safe relative name
inside ``<id>/``, the set of files must be exactly the manifest's, and every
hash must match. It unpacks into a hidden temporary folder beside the target
and renames it into place only when all is well, so a bad archive leaves nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from simulator.records.recorder import EVENTS_FILE, META_FILE
from simulator.records.store import RecordError, SessionIndex, read_events, read_meta

MANIFEST = "manifest.json"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # a zip bomb stops here, not at the disk's end


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_session(folder: Path, out: Path) -> Path:
    """Write ``folder`` as a zip with a manifest of sha256 hashes; returns ``out``."""
    meta = read_meta(folder)
    sid = str(meta["id"])
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink() and not p.name.startswith("."))
    manifest = {"format": 1, "id": sid, "files": {}}
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for p in files:
            rel = p.relative_to(folder).as_posix()
            data = p.read_bytes()
            manifest["files"][rel] = {"sha256": _sha256(data), "size": len(data)}
            z.writestr(f"{sid}/{rel}", data)
        z.writestr(MANIFEST, json.dumps(manifest, indent=2))
    os.replace(tmp, out)
    return out


def _safe_name(name: str) -> PurePosixPath:
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise RecordError(f"archive member '{name}' has an absolute or Windows path — refusing the archive")
    path = PurePosixPath(name)
    if any(part in ("..", "") for part in path.parts) or name != path.as_posix():
        raise RecordError(f"archive member '{name}' climbs out of its folder ('..') — refusing the archive")
    return path


def import_session(archive: Path, sessions_dir: Path) -> Path:
    """Check ``archive`` fully, then unpack it as ``sessions_dir/<id>``; returns the new folder."""
    archive = Path(archive)
    try:
        z = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise RecordError(f"no archive at {archive}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise RecordError(f"{archive} is not a session archive (not a valid zip: {exc})") from None
    with z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise RecordError(f"{archive}: a file appears twice in the archive — refusing it")
        if MANIFEST not in names:
            raise RecordError(f"{archive}: no {MANIFEST} — not a session archive made by `deescalate sessions export`")
        for info in infos:
            _safe_name(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise RecordError(f"{archive}: '{info.filename}' is a symbolic link — refusing the archive")
            if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise RecordError(f"{archive}: '{info.filename}' is not a plain file — refusing the archive")
            if info.file_size > MAX_MEMBER_BYTES:
                raise RecordError(f"{archive}: '{info.filename}' is implausibly large ({info.file_size} bytes) — refusing the archive")
        try:
            manifest = json.loads(z.read(MANIFEST))
            sid = str(manifest["id"])
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise RecordError(f"{archive}: the manifest is unreadable ({exc})") from None
        if not ID_PATTERN.match(sid):
            raise RecordError(f"{archive}: the session id '{sid}' is not a plain name — refusing the archive")
        members = {n for n in names if n != MANIFEST}
        outside = sorted(n for n in members if not n.startswith(f"{sid}/"))
        if outside:
            raise RecordError(f"{archive}: '{outside[0]}' is outside the session's folder '{sid}/' — refusing the archive")
        present = {n[len(sid) + 1:] for n in members}
        for rel in listed:
            _safe_name(f"{sid}/{rel}")
        missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
        if missing:
            raise RecordError(f"{archive}: '{missing[0]}' is in the manifest but missing from the archive — it was altered")
        if extra:
            raise RecordError(f"{archive}: '{extra[0]}' is in the archive but not in the manifest — it was altered")
        for need in (META_FILE, EVENTS_FILE):
            if need not in present:
                raise RecordError(f"{archive}: no {need} — not a session archive")
        contents = {}
        for rel in sorted(present):
            try:
                data = z.read(f"{sid}/{rel}")
            except (zipfile.BadZipFile, OSError) as exc:
                raise RecordError(f"{archive}: '{rel}' cannot be read ({exc})") from None
            want = listed[rel]
            if not isinstance(want, dict) or _sha256(data) != want.get("sha256") or len(data) != want.get("size"):
                raise RecordError(f"{archive}: '{rel}' does not match its sha256 in the manifest — the archive was tampered with or damaged")
            contents[rel] = data
    target = Path(sessions_dir) / sid
    if target.exists():
        raise RecordError(f"a session '{sid}' is already in {sessions_dir} — nothing imported")
    Path(sessions_dir).mkdir(parents=True, exist_ok=True)
    staging = Path(sessions_dir) / f".import-{sid}"
    shutil.rmtree(staging, ignore_errors=True)
    root = staging.resolve()
    try:
        for rel, data in contents.items():
            dest = (staging / rel).resolve()
            if not dest.is_relative_to(root):  # belt and braces: the names were checked above
                raise RecordError(f"{archive}: '{rel}' would land outside the session folder — refusing the archive")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        meta = read_meta(staging)
        if str(meta["id"]) != sid:
            raise RecordError(f"{archive}: session.json says id '{meta['id']}' but the archive says '{sid}' — refusing it")
        read_events(staging)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    (target / "audio").mkdir(exist_ok=True)
    SessionIndex(Path(sessions_dir)).add(target)
    return target
