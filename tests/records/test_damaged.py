"""One damaged session never breaks the folder: it is listed as damaged with its reason, and reports skip it saying so.

The poisons are the ones a tester found: valid JSON with wrong-typed fields (a
score that is a dict, a seq of 1e400, an int as a referral resource), a
session id ``index.sqlite``, dropped and duplicated events, a forged score in
session.json, missing files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records.archive import import_session
from simulator.records.class_report import write_class_report
from simulator.records.store import RecordError, SessionIndex, read_events, read_meta

from .conftest import event_rows, record


def _rewrite_log(folder: Path, edit) -> None:
    rows = event_rows(folder)
    edit(rows)
    (folder / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _set(rows: list[dict], type_: str, key: str, value) -> None:
    next(r for r in rows if r["type"] == type_)["data"][key] = value


POISONS = {
    "score is a dict": (lambda f: _meta(f, scores={"overall": {"x": 1}}), "scores"),
    "seq of 1e400": (lambda f: (f / "events.jsonl").write_text((f / "events.jsonl").read_text().replace('"seq": 3,', '"seq": 1e400,', 1)), "events.jsonl:4"),
    "int as a referral resource": (lambda f: _rewrite_log(f, lambda rows: _set(rows, "referral_offered", "resource", 7)), "resource should be text"),
    "text is a list": (lambda f: _rewrite_log(f, lambda rows: _set(rows, "trainee_said", "text", ["a"])), "text should be text"),
    "confidence is text": (lambda f: _rewrite_log(f, lambda rows: next(r for r in rows if r["type"] == "understood")["data"]["techniques"].append({"id": "x", "confidence": "high"})),
                           "confidence"),
    "an event dropped": (lambda f: _rewrite_log(f, lambda rows: rows.pop(5)), "missing"),
    "an event repeated": (lambda f: _rewrite_log(f, lambda rows: rows.insert(5, rows[4])), "repeated"),
    "no session.json": (lambda f: (f / "session.json").unlink(), "no session.json"),
    "no events.jsonl": (lambda f: (f / "events.jsonl").unlink(), "no events.jsonl"),
    "deep nesting": (lambda f: _rewrite_log(f, lambda rows: _set(rows, "person_said", "cue", _deep(40))), "nested"),
    "a huge text": (lambda f: _rewrite_log(f, lambda rows: _set(rows, "trainee_said", "text", "x" * 30_000)), "characters long"),
    "notes not a list": (lambda f: (f / "notes.json").write_text('{"notes": 5}'), "notes"),
    "a note with a dict turn": (lambda f: (f / "notes.json").write_text('{"notes": [{"text": "hi", "turn": {"a": 1}}]}'), "turn"),
}


def _deep(n: int):
    value: object = "x"
    for _ in range(n):
        value = [value]
    return value


def _meta(folder: Path, **changes) -> None:
    meta = json.loads((folder / "session.json").read_text())
    meta.update(changes)
    (folder / "session.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("poison", list(POISONS))
def test_a_poisoned_session_is_listed_as_damaged_and_skipped_by_every_report(tmp_path, poison, capsys):
    """The folder still lists (the good session with its scores, the bad one DAMAGED with the reason); the
    session's own report says what is wrong; the class report counts the good one and names the bad one."""
    d = tmp_path / "s"
    good = record(d, trainee="Good Gail")
    bad = record(d, trainee="Bad Bob", script="hello\n/step_back\n/refer crisis_line_988\n")
    poison_it, reason = POISONS[poison]
    poison_it(bad)

    capsys.readouterr()
    assert main(["sessions", "list", "--sessions-dir", str(d)]) == 0
    out = capsys.readouterr()
    assert good.name in out.out and "overall" in out.out
    damaged_line = next(line for line in out.out.splitlines() if line.startswith(bad.name))
    assert "DAMAGED" in damaged_line and reason in damaged_line and "Traceback" not in out.err
    rows = {r.id: r for r in SessionIndex(d).rows()}
    assert rows[good.name].problem is None and rows[bad.name].problem and reason in rows[bad.name].problem

    assert main(["report", str(bad), "-o", str(tmp_path / "bad.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("deescalate: ") and reason in err and not (tmp_path / "bad.html").exists()
    assert main(["sessions", "show", str(bad)]) == 2 and reason in capsys.readouterr().err
    assert main(["replay", str(bad)]) == 2 and reason in capsys.readouterr().err

    data = write_class_report(d, tmp_path / "class.html")
    assert data.sessions == 1 and len(data.skipped) == 1 and data.skipped[0].startswith(bad.name)
    page = (tmp_path / "class.html").read_text()
    assert "1 damaged session(s) skipped" in page and bad.name in page and "Good Gail" in page


def test_a_session_json_that_lies_about_its_scores_is_listed_with_the_events_scores(tmp_path, capsys):
    d = tmp_path / "s"
    folder = record(d)
    true_scores = read_meta(folder)["scores"]
    _meta(folder, scores={**true_scores, "overall": 100})
    index = SessionIndex(d)
    index.sync()
    (row,) = index.rows()
    assert row.scores == true_scores and row.scores_differ
    capsys.readouterr()
    assert main(["sessions", "list", "--sessions-dir", str(d)]) == 0
    out = capsys.readouterr().out
    assert f"overall {true_scores['overall']} *" in out and "differ" in out


def _forge_archive(src_folder: Path, out: Path, sid: str | None = None, edit_meta=None, edit_log=None) -> Path:
    """An archive whose manifest matches its (poisoned) files: every hash checks out."""
    files = {p.relative_to(src_folder).as_posix(): p.read_bytes() for p in src_folder.rglob("*") if p.is_file() and not p.name.startswith(".")}
    meta = json.loads(files["session.json"])
    if edit_meta:
        edit_meta(meta)
    sid = sid or meta["id"]
    meta["id"] = sid
    files["session.json"] = json.dumps(meta).encode()
    if edit_log:
        files["events.jsonl"] = edit_log(files["events.jsonl"])
    manifest = {"format": 1, "id": sid, "files": {rel: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for rel, b in files.items()}}
    with zipfile.ZipFile(out, "w") as z:
        for rel, data in files.items():
            z.writestr(f"{sid}/{rel}", data)
        z.writestr("manifest.json", json.dumps(manifest))
    return out


def test_a_poisoned_but_consistent_archive_is_refused_before_anything_is_in_place(recorded, tmp_path, capsys):
    """Hashes prove only that nothing changed on the way: import reads the contents as the readers will."""
    target = tmp_path / "instructor"
    forged = _forge_archive(recorded, tmp_path / "forged.zip", edit_meta=lambda m: m.update(scores={"overall": {"a": 1}}))
    with pytest.raises(RecordError, match=r"damaged.*scores"):
        import_session(forged, target)
    assert not target.exists() or [p.name for p in target.iterdir()] == []
    poisoned_log = _forge_archive(recorded, tmp_path / "log.zip", edit_log=lambda b: b.replace(b'"seq": 3,', b'"seq": 1e400,', 1))
    assert main(["sessions", "import", str(poisoned_log), "--sessions-dir", str(target)]) == 2
    assert "events.jsonl:4" in capsys.readouterr().err
    assert not target.exists() or [p.name for p in target.iterdir()] == []
    # a good session beside it, then the poisoned one again: the folder still lists, reports and class-reports
    good = record(tmp_path / "elsewhere", trainee="Good Gail")
    assert main(["sessions", "export", good.name, "-o", str(tmp_path / "good.zip"), "--sessions-dir", str(good.parent)]) == 0
    assert main(["sessions", "import", str(tmp_path / "good.zip"), "--sessions-dir", str(target)]) == 0
    assert main(["sessions", "import", str(poisoned_log), "--sessions-dir", str(target)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert main(["sessions", "list", "--sessions-dir", str(target)]) == 0 and "Good Gail" in capsys.readouterr().out
    assert main(["report", good.name, "--sessions-dir", str(target), "-o", str(tmp_path / "r.html")]) == 0
    assert main(["class-report", str(target), "-o", str(tmp_path / "class.html")]) == 0
    assert "Good Gail" in (tmp_path / "class.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("sid", ["index.sqlite", "20261203-000000-abcdef\n", ".hidden", "a/b", "two words"])
def test_archive_ids_must_be_plain_session_ids(recorded, tmp_path, sid):
    with pytest.raises(RecordError):
        import_session(_forge_archive(recorded, tmp_path / "x.zip", sid=sid), tmp_path / "t")
    assert not (tmp_path / "t").exists() or [p.name for p in (tmp_path / "t").iterdir()] == []


def test_a_damaged_session_copied_into_the_folder_by_hand_is_named_everywhere(recorded, tmp_path, capsys):
    """The poisoned session arrives by a plain file copy (not the importer): list, report and class-report go on."""
    d = recorded.parent
    other = record(d, trainee="Second Sam", script="hello\n")
    poisoned = d / "20261203-101010-badbad"
    shutil.copytree(other, poisoned)
    _meta(poisoned, id=poisoned.name, scores={"overall": {"no": 1}}, trainee=7)
    capsys.readouterr()
    assert main(["sessions", "list", "--sessions-dir", str(d), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[poisoned.name]["problem"] and rows[recorded.name]["problem"] is None and rows[other.name]["problem"] is None
    assert main(["report", recorded.name, "--sessions-dir", str(d), "-o", str(tmp_path / "r.pdf")]) == 0
    assert main(["class-report", str(d), "-o", str(tmp_path / "c.html")]) == 0
    assert "2 sessions" in capsys.readouterr().out
    assert poisoned.name in (tmp_path / "c.html").read_text()


def test_a_torn_last_line_is_not_damage(recorded):
    """kill -9 mid-write leaves a partial last line: the session reads to its last whole event."""
    log = recorded / "events.jsonl"
    whole = read_events(recorded)
    log.write_bytes(log.read_bytes() + b'{"seq": 999, "t": 1.0, "tu')
    assert read_events(recorded) == whole
