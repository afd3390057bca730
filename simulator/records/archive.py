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
import secrets
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from simulator.records.recorder import EVENTS_FILE, META_FILE, NOTES_FILE, check_output, unique_temp
from simulator.records.store import SessionIndex, read_log, read_meta, read_notes, summary_of
from simulator.records.validate import MAX_LOG_BYTES, MAX_META_BYTES, MAX_NOTES_BYTES, SESSION_ID, RecordError, parse_json

MANIFEST = "manifest.json"
ID_PATTERN = SESSION_ID  # matched whole (a trailing newline is not part of an id)
# Limits. A 50-turn spoken session is about 60 KB of log and 30 MB of audio (16 kHz, 16-bit).
MAX_AUDIO_BYTES = 64 * 1024 * 1024  # one spoken turn: half an hour
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything unpacked
MAX_MEMBERS = 2000
MAX_RATIO = 200  # unpacked / packed, over the whole archive once it unpacks to more than SMALL: WAV and JSON pack 1.1x to 10x, a bomb 1000x
SMALL = 16 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
_AUDIO = re.compile(r"audio/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.wav")
_LIMITS = {META_FILE: MAX_META_BYTES, EVENTS_FILE: MAX_LOG_BYTES, NOTES_FILE: MAX_NOTES_BYTES}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_session(folder: Path, out: Path) -> Path:
    """Write ``folder`` as a zip with a manifest of sha256 hashes; returns ``out``.

    The session is checked first (a damaged one is not passed on), and the zip is written under a
    temporary name beside ``out`` and renamed, so a failed export leaves no half archive.
    """
    meta = read_meta(folder)
    read_log(folder)
    sid = str(meta["id"])
    out = Path(out)
    check_output(out, sid + ".zip")
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink() and not p.name.startswith("."))
    manifest: dict[str, Any] = {"format": 1, "id": sid, "files": {}}
    tmp = unique_temp(out)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for p in files:
                rel = p.relative_to(folder).as_posix()
                data = p.read_bytes()
                manifest["files"][rel] = {"sha256": _sha256(data), "size": len(data)}
                z.writestr(f"{sid}/{rel}", data)
            z.writestr(MANIFEST, json.dumps(manifest, indent=2))
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RecordError(f"cannot write {out} ({exc.strerror or exc}) — is the disk full or the folder read-only? Nothing was written") from None
    return out


def _safe_name(name: str) -> PurePosixPath:
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise RecordError(f"archive member '{name}' has an absolute or Windows path — refusing the archive")
    path = PurePosixPath(name)
    if any(part in ("..", "") for part in path.parts) or name != path.as_posix():
        raise RecordError(f"archive member '{name}' climbs out of its folder ('..') — refusing the archive")
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        raise RecordError(f"archive member {name!r} has a control character in its name — refusing the archive")
    return path


def _limit_for(rel: str) -> int | None:
    """The most a file of the session may hold, or None if a session has no such file."""
    if rel in _LIMITS:
        return _LIMITS[rel]
    return MAX_AUDIO_BYTES if _AUDIO.fullmatch(rel) else None


def _check_members(archive: Path, z: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Every member a plain file with a safe name, their number and declared sizes within the limits."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RecordError(f"{archive}: {len(infos)} files — a session archive has at most {MAX_MEMBERS}; refusing it")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise RecordError(f"{archive}: a file appears twice in the archive — refusing it")
    if MANIFEST not in names:
        raise RecordError(f"{archive}: no {MANIFEST} — not a session archive made by `deescalate sessions export`")
    total = 0
    for info in infos:
        _safe_name(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise RecordError(f"{archive}: '{info.filename}' is a symbolic link — refusing the archive")
        if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise RecordError(f"{archive}: '{info.filename}' is not a plain file — refusing the archive")
        if info.flag_bits & 0x1:
            raise RecordError(f"{archive}: '{info.filename}' is encrypted — session archives are not; refusing it")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise RecordError(f"{archive}: '{info.filename}' uses a compression session archives do not use — refusing it")
        total += info.file_size
    try:
        packed = max(archive.stat().st_size, 1)
    except OSError:
        packed = 1
    if total > MAX_TOTAL_BYTES:
        raise RecordError(f"{archive}: unpacks to {total / 1e6:.0f} MB, more than the {MAX_TOTAL_BYTES // (1024 * 1024)} MB a session may hold — refusing it")
    if total > SMALL and total / packed > MAX_RATIO:
        raise RecordError(f"{archive}: {packed / 1e6:.1f} MB that unpacks to {total / 1e6:.0f} MB ({total / packed:.0f} times) — "
                          f"a zip bomb, not a session (sessions pack at most about 10 times); refusing it")
    return infos


def _copy_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, limit: int) -> tuple[str, int]:
    """Unpack one member to ``dest`` in pieces (never all in memory), stopping at ``limit``; its sha256 and size."""
    digest, size = hashlib.sha256(), 0
    with z.open(info) as src, open(dest, "wb") as out:
        while True:
            chunk = src.read(1024 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise RecordError(f"'{info.filename}' unpacks to more than {limit // (1024 * 1024)} MB — refusing the archive")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def import_session(archive: Path, sessions_dir: Path) -> Path:
    """Check ``archive`` fully, then unpack it as ``sessions_dir/<id>``; returns the new folder.

    Nothing is in place until everything has passed: the names, the sizes, the hashes, and the
    contents (session.json, every event, the notes, the scores computed from the events) read
    exactly as a listing and a report will read them.
    """
    archive = Path(archive)
    try:
        z = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise RecordError(f"no archive at {archive}") from None
    except IsADirectoryError:
        raise RecordError(f"{archive} is a folder, not a session archive (.zip)") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        # NotImplementedError: a member claims a zip version newer than Python reads (found by the fuzz test)
        raise RecordError(f"{archive} is not a session archive (not a valid zip: {exc})") from None
    with z:
        infos = _check_members(archive, z)
        names = [i.filename for i in infos]
        manifest_info = z.getinfo(MANIFEST)
        if manifest_info.file_size > MAX_MANIFEST_BYTES:
            raise RecordError(f"{archive}: the manifest is {manifest_info.file_size} bytes — refusing the archive")
        try:
            manifest = parse_json(z.read(MANIFEST))
            sid = manifest["id"]
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile, OSError, EOFError, zlib.error,
                NotImplementedError, RuntimeError) as exc:
            raise RecordError(f"{archive}: the manifest is unreadable ({exc})") from None
        if not isinstance(sid, str) or not ID_PATTERN.fullmatch(sid):
            raise RecordError(f"{archive}: the session id {sid!r} is not a plain name — refusing the archive")
        members = {n for n in names if n != MANIFEST}
        outside = sorted(n for n in members if not n.startswith(f"{sid}/"))
        if outside:
            raise RecordError(f"{archive}: '{outside[0]}' is outside the session's folder '{sid}/' — refusing the archive")
        present = {n[len(sid) + 1:] for n in members}
        for rel in listed:
            if not isinstance(rel, str):
                raise RecordError(f"{archive}: the manifest lists {rel!r}, not a file name — it was altered")
            _safe_name(f"{sid}/{rel}")
        missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
        if missing:
            raise RecordError(f"{archive}: '{missing[0]}' is in the manifest but missing from the archive — it was altered")
        if extra:
            raise RecordError(f"{archive}: '{extra[0]}' is in the archive but not in the manifest — it was altered")
        for need in (META_FILE, EVENTS_FILE):
            if need not in present:
                raise RecordError(f"{archive}: no {need} — not a session archive")
        unknown = sorted(rel for rel in present if _limit_for(rel) is None)
        if unknown:
            raise RecordError(f"{archive}: '{unknown[0]}' is not a file a session has (session.json, events.jsonl, notes.json, audio/*.wav) — refusing the archive")
        target = Path(sessions_dir) / sid
        if target.exists():
            raise RecordError(f"a session '{sid}' is already in {sessions_dir} — nothing imported")
        staging = Path(sessions_dir) / f".import-{sid}-{os.getpid()}-{secrets.token_hex(3)}"
        try:
            Path(sessions_dir).mkdir(parents=True, exist_ok=True)
            staging.mkdir()
            (staging / "audio").mkdir()
            root = staging.resolve()
            for rel in sorted(present):
                dest = (staging / rel).resolve()
                if not dest.is_relative_to(root):  # belt and braces: the names were checked above
                    raise RecordError(f"{archive}: '{rel}' would land outside the session folder — refusing the archive")
                want = listed[rel]
                try:
                    digest, size = _copy_member(z, z.getinfo(f"{sid}/{rel}"), dest, _limit_for(rel) or 0)
                except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
                    raise RecordError(f"{archive}: '{rel}' cannot be read ({exc})") from None
                except RecordError as exc:
                    raise RecordError(f"{archive}: {exc}") from None
                if not isinstance(want, dict) or digest != want.get("sha256") or size != want.get("size"):
                    raise RecordError(f"{archive}: '{rel}' does not match its sha256 in the manifest — the archive was tampered with or damaged")
            _check_contents(archive, staging, sid)
            os.replace(staging, target)
        except OSError as exc:
            raise RecordError(f"cannot import into {sessions_dir} ({exc.strerror or exc}) — is the disk full or the folder read-only? Nothing was imported") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    SessionIndex(Path(sessions_dir), timeout=1.0).add(target)  # a cache: if busy, the next listing adds it
    return target


def _check_contents(archive: Path, staging: Path, sid: str) -> None:
    """Read the unpacked session as every reader will (hashes only prove the archive was not changed on the way)."""
    try:
        meta = read_meta(staging)
        if meta["id"] != sid:
            raise RecordError(f"session.json says id '{meta['id']}' but the archive says '{sid}'")
        _, events = read_log(staging)
        summary_of(events)
        read_notes(staging)
    except RecordError as exc:
        text = str(exc).replace(str(staging), sid)
        raise RecordError(f"{archive}: the session inside is damaged: {text} — nothing imported") from None
