"""Archive limits: total unpacked size and ratio (zip bombs), member count and kinds; the disk holds no bomb afterwards."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records.archive import MAX_RATIO, SMALL, import_session
from simulator.records.store import RecordError


def _archive(recorded: Path, out: Path, extra: dict[str, bytes], lie: dict[str, int] | None = None) -> Path:
    """A consistent archive (manifest hashes match) of ``recorded`` plus ``extra`` members."""
    files = {p.relative_to(recorded).as_posix(): p.read_bytes() for p in recorded.rglob("*") if p.is_file() and not p.name.startswith(".")}
    files.update(extra)
    sid = recorded.name
    manifest = {"format": 1, "id": sid, "files": {rel: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for rel, b in files.items()}}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for rel, data in files.items():
            z.writestr(f"{sid}/{rel}", data)
        z.writestr("manifest.json", json.dumps(manifest))
    return out


def _nothing_left(target: Path) -> None:
    assert not target.exists() or [p.name for p in target.iterdir()] == []


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(recorded, tmp_path, capsys):
    """Many members each under the per-file cap, together gigabytes: refused in well under a second, nothing on disk."""
    silence = bytes(40 * 1024 * 1024)  # 40 MB of zeros packs to ~40 KB
    bomb = _archive(recorded, tmp_path / "bomb.zip", {f"audio/turn-{i:03d}.wav": silence for i in range(1, 6)})
    assert bomb.stat().st_size < 1_000_000
    target = tmp_path / "target"
    started = time.monotonic()
    with pytest.raises(RecordError, match="zip bomb"):
        import_session(bomb, target)
    assert time.monotonic() - started < 20  # the bound; in practice milliseconds
    _nothing_left(target)
    assert main(["sessions", "import", str(bomb), "--sessions-dir", str(target)]) == 2
    assert "zip bomb" in capsys.readouterr().err
    assert main(["sessions", "list", "--sessions-dir", str(target)]) == 0
    _nothing_left(target)


def test_a_member_whose_directory_understates_its_size_is_stopped_at_its_limit(recorded, tmp_path):
    """The central directory says 100 bytes; the data inflates to far more: reading stops at the declared size (CRC fails)."""
    bomb = _archive(recorded, tmp_path / "lie.zip", {"audio/turn-001.wav": bytes(SMALL * 2)})
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo(f"{recorded.name}/audio/turn-001.wav")
        offset = info.header_offset
    raw = bytearray(bomb.read_bytes())
    # patch the uncompressed size in the central directory entry (and the local header) to 100 bytes
    cd = raw.rfind(b"PK\x01\x02" + raw[offset + 4:offset + 6], 0)
    for at in (offset + 22, cd + 24):
        raw[at:at + 4] = (100).to_bytes(4, "little")
    lie = tmp_path / "patched.zip"
    lie.write_bytes(bytes(raw))
    target = tmp_path / "target"
    with pytest.raises(RecordError):
        import_session(lie, target)
    _nothing_left(target)


def test_files_a_session_does_not_have_are_refused(recorded, tmp_path):
    for name in ("run.sh", "audio/turn-001.exe", "index.sqlite"):
        with pytest.raises(RecordError, match="not a file a session has"):
            import_session(_archive(recorded, tmp_path / "x.zip", {name: b"x"}), tmp_path / "t")
        _nothing_left(tmp_path / "t")


def test_an_ordinary_spoken_session_imports(recorded, tmp_path):
    """Real audio does not pack like zeros: a few MB of it pass the ratio check."""
    import random

    rng = random.Random(1)
    noise = bytes(rng.getrandbits(8) for _ in range(200_000))
    ok = _archive(recorded, tmp_path / "ok.zip", {"audio/turn-001.wav": noise})
    folder = import_session(ok, tmp_path / "t")
    assert (folder / "audio" / "turn-001.wav").read_bytes() == noise
    assert MAX_RATIO >= 50
    shutil.rmtree(folder)
