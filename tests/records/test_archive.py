"""Export and import: one .zip a session, and nothing malformed or tampered gets in."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records.archive import export_session, import_session
from simulator.records.store import RecordError, SessionIndex, read_events


def _exported(recorded: Path, tmp_path: Path) -> Path:
    (recorded / "audio" / "turn-001.wav").write_bytes(b"RIFF....WAVE")
    return export_session(recorded, tmp_path / "s.zip")


def _rewrite(src: Path, dest: Path, edit) -> Path:
    """Copy the archive member by member, letting ``edit(name, data)`` change, drop (None) or add entries."""
    with zipfile.ZipFile(src) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(dest, "w") as out:
        for info, data in entries:
            changed = edit(info.filename, data)
            if changed is not None:
                out.writestr(info.filename, changed)
    return dest


def test_export_then_import_round_trips_every_file(recorded, tmp_path, capsys):
    """The archive carries the folder and a sha256 manifest; importing it elsewhere gives the same files, indexed."""
    archive = _exported(recorded, tmp_path)
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert set(manifest["files"]) == {"events.jsonl", "session.json", "audio/turn-001.wav"}
    other = tmp_path / "instructor"
    assert main(["sessions", "import", str(archive), "--sessions-dir", str(other)]) == 0
    copy = other / recorded.name
    for rel in manifest["files"]:
        assert (copy / rel).read_bytes() == (recorded / rel).read_bytes()
    assert [r.id for r in SessionIndex(other).rows()] == [recorded.name]
    assert main(["sessions", "import", str(archive), "--sessions-dir", str(other)]) == 2
    assert "already in" in capsys.readouterr().err


def test_sessions_export_on_the_command_line(recorded, tmp_path):
    out = tmp_path / "x.zip"
    assert main(["sessions", "export", recorded.name, "-o", str(out), "--sessions-dir", str(recorded.parent)]) == 0
    assert zipfile.is_zipfile(out)


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


TAMPERING = {
    "not a zip": (lambda src, dest: dest.write_bytes(b"PK\x03\x04 this is not really a zip"), "not a valid zip"),
    "missing file": (lambda src, dest: _rewrite(src, dest, lambda n, d: None if n.endswith("turn-001.wav") else d), "missing from the archive"),
    "extra file": (lambda src, dest: _add(_rewrite(src, dest, lambda n, d: d), "{sid}/audio/extra.wav", b"x"), "not in the manifest"),
    "hash mismatch": (lambda src, dest: _rewrite(src, dest, lambda n, d: d.replace(b'"seed": 0', b'"seed": 1') if n.endswith("session.json") else d),
                      "does not match its sha256"),
    "absolute path": (lambda src, dest: _add(_rewrite(src, dest, lambda n, d: d), "/tmp/evil.txt", b"x"), "absolute"),
    "dot-dot": (lambda src, dest: _add(_rewrite(src, dest, lambda n, d: d), "{sid}/../../evil.txt", b"x"), "climbs out"),
    "symlink": (lambda src, dest: _add(_rewrite(src, dest, lambda n, d: d), *_symlink("{sid}/audio/link", "/etc/passwd")), "symbolic link"),
    "no manifest": (lambda src, dest: _rewrite(src, dest, lambda n, d: None if n == "manifest.json" else d), "no manifest.json"),
    "evil id": (lambda src, dest: _rewrite(src, dest, lambda n, d: d.replace(b'"id": "', b'"id": "../') if n == "manifest.json" else d),
                "not a plain name"),
}


def _add(archive: Path, name, data: bytes) -> Path:
    with zipfile.ZipFile(archive) as z:
        sid = json.loads(z.read("manifest.json"))["id"]
    with zipfile.ZipFile(archive, "a") as z:
        if isinstance(name, zipfile.ZipInfo):
            name.filename = name.filename.replace("{sid}", sid)
            z.writestr(name, data)
        else:
            z.writestr(zipfile.ZipInfo(name.replace("{sid}", sid)), data)
    return archive


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_malformed_or_tampered_archives_are_rejected_and_write_nothing(recorded, tmp_path, kind, capsys):
    """Each kind of damage is refused with a message naming it, and the target folder gains nothing."""
    make, message = TAMPERING[kind]
    bad = tmp_path / "bad.zip"
    make(_exported(recorded, tmp_path), bad)
    target = tmp_path / "target" / "sessions"
    target.mkdir(parents=True)
    with pytest.raises(RecordError, match=message):
        import_session(bad, target)
    assert [p for p in target.iterdir() if p.name != "index.sqlite"] == []
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert main(["sessions", "import", str(bad), "--sessions-dir", str(target)]) == 2
    assert message.split()[0] in capsys.readouterr().err


def test_an_imported_session_reads_the_same(recorded, tmp_path):
    archive = _exported(recorded, tmp_path)
    copy = import_session(archive, tmp_path / "other")
    assert read_events(copy) == read_events(recorded)
