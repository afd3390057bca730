"""Fuzzing the readers of user files: scenario and voice loaders, the session reader (listing, reports, replay), the importer.

Seeded mutations (``mutate.py``) of real files, for a bounded time per target
(``DEESCALATE_FUZZ_SECONDS``, default 10; the whole module stays around a
minute). The only outcomes allowed are a result or the program's own errors
(``InvalidFile``, ``UserError`` and its ``RecordError``): anything else is a
crash, its input is kept under ``tests/fixtures/fuzz/`` and the test fails
naming it. Every kept input is replayed by ``test_regression_fixtures`` on
every run, so a fixed crash stays fixed.

Properties beyond "no crash": a listing always lists the session (damaged or
not); whatever the importer accepts, the listing, the report and the class
report read without calling it damaged.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import time
import traceback
import zipfile
from pathlib import Path

import pytest

from simulator.diagnostics import InvalidFile, UserError
from simulator.paths import scenarios_dir, voices_dir

from .mutate import mutate_bytes, mutate_json_file, mutate_jsonl, mutate_text

BUDGET = float(os.environ.get("DEESCALATE_FUZZ_SECONDS", "10"))
SEED = int(os.environ.get("DEESCALATE_FUZZ_SEED", "20261203"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"
MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal.yaml"
OWN = (InvalidFile, UserError)
FIXED_ID = "20261203-000000-f0220d"  # the seed session's id, so a kept session fixture reads back in a folder of the same name


def _keep(kind: str, data: bytes, suffix: str, exc: BaseException) -> str:
    """Save a crashing input as a regression fixture; returns a line for the failure message."""
    folder = FIXTURES / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    path.write_bytes(data)
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{path.relative_to(FIXTURES.parents[1])}: {type(exc).__name__}: {str(exc)[:120]} (at {Path(where.filename).name}:{where.lineno})"


# -- the readers, each one call that may only end in a result or an own error ------------------------------------------

def read_scenario(path: Path) -> bool:
    """Whether the scenario loads (else its messages say why)."""
    from simulator.scenario.loader import load_scenario

    scenario, diagnostics = load_scenario(path)
    assert scenario is not None or any(d.severity == "error" for d in diagnostics), "refused without an error message"
    return scenario is not None


def read_voice(path: Path) -> bool:
    from simulator.voices import load_voice

    voice, diagnostics = load_voice(path)
    assert voice is not None or any(d.severity == "error" for d in diagnostics), "refused without an error message"
    return voice is not None


def read_session(sessions: Path, index: Path, deep: int) -> bool:
    """Everything that reads a session folder: the listing (always), show/report, and now and then PDF, replay, class report."""
    from simulator.records.class_report import collect, render_html
    from simulator.records.compare import compare
    from simulator.records.replay import replay
    from simulator.records.report import render_html as report_html
    from simulator.records.report import render_pdf, report_data
    from simulator.records.store import SessionIndex, read_events, read_notes, scored

    listing = SessionIndex(sessions, index_path=index)
    listing.sync()
    rows = listing.rows()
    assert len(rows) == 1, "a listing must list every session folder, damaged or not"
    folder = next(p for p in sessions.iterdir() if not p.name.startswith("."))
    if deep % 3 == 0:
        data = collect(sessions)
        render_html(data, sessions)
        assert data.sessions + len(data.skipped) == 1
    try:
        report = report_data(folder)
        report_html(report)
        read_notes(folder)
        scored(read_events(folder))
        if deep % 5 == 0:
            render_pdf(report, sessions.parent / "r.pdf")
        if deep % 4 == 0:
            done = replay(folder)
            compare(read_events(folder), done.session.events, finished=bool(done.meta.get("finished")))
    except OWN:
        assert rows[0].problem is not None or deep % 4 == 0, "a session a report refuses must be listed as damaged"
        return False
    return True


# -- targets ------------------------------------------------------------------------------------------------------------

def _run(kind: str, suffix: str, make, check, budget: float = BUDGET) -> int:
    rng = random.Random(f"{SEED}-{kind}")
    crashes: list[str] = []
    deadline = time.monotonic() + budget
    n = refused = 0
    while time.monotonic() < deadline and len(crashes) < 5:
        data = make(rng)
        try:
            refused += check(data, n) is False
        except OWN:
            refused += 1
        except Exception as exc:  # the point of the test: anything else is a crash
            crashes.append(_keep(kind, data, suffix, exc))
        n += 1
    assert not crashes, f"{len(crashes)} crash(es) in {n} {kind} inputs, kept as fixtures:\n" + "\n".join(crashes)
    print(f"fuzz {kind}: {n} inputs, {refused} refused with the program's own message, no crash")
    return n


def _scenario_seeds() -> list[str]:
    files = [MINIMAL, *sorted(scenarios_dir().glob("*.yaml"))[:2]]
    return [p.read_text(encoding="utf-8") for p in files]


def test_fuzz_the_scenario_loader(tmp_path):
    seeds = _scenario_seeds()
    path = tmp_path / "mutated.yaml"

    def check(data: bytes, n: int) -> bool:
        path.write_bytes(data)
        return read_scenario(path)

    n = _run("scenario", ".yaml", lambda rng: mutate_text(rng, seeds[0] if rng.random() < 0.6 else rng.choice(seeds[1:])), check)
    assert n >= 20


def test_fuzz_the_voice_loader(tmp_path):
    seeds = [p.read_text(encoding="utf-8") for p in sorted(voices_dir().glob("*.yaml"))]
    path = tmp_path / "mutated.yaml"

    def check(data: bytes, n: int) -> bool:
        path.write_bytes(data)
        return read_voice(path)

    assert _run("voice", ".yaml", lambda rng: mutate_text(rng, rng.choice(seeds)), check, budget=BUDGET / 3) >= 20


@pytest.fixture(scope="module")
def session_folder(tmp_path_factory) -> Path:
    """One real recorded session with a note (made by the real recorder), the seed of every session mutation."""
    from simulator.catalog import find
    from simulator.clock import ManualClock
    from simulator.records.recorder import Recorder
    from simulator.records.store import add_note
    from simulator.script import parse_script, play_steps
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=1, clock=ManualClock(), trainee="Fuzz Ana")
    rec = Recorder(session, tmp_path_factory.mktemp("fuzz-sessions"), session_id=FIXED_ID)
    play_steps(session, parse_script("hello, my name is Dana\n/step_back\nit sounds like you're scared\n/wait 5\n/refer crisis_line_988\n/choose nope\n"))
    rec.finish()
    add_note(rec.folder, "a <note> — Łukasz", turn=1, author="Sgt. Lee")
    return rec.folder


FILES = ("events.jsonl", "session.json", "notes.json")


def _pack_session(files: dict[str, bytes]) -> bytes:
    """A session folder as bytes (a zip of its files), so a crashing one can be kept as one fixture file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def _unpack_session(blob: bytes, folder: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            (folder / name).write_bytes(z.read(name))


def test_fuzz_the_session_reader(session_folder, tmp_path):
    original = {name: (session_folder / name).read_bytes() for name in FILES}

    def make(rng: random.Random) -> bytes:
        files = dict(original)
        for _ in range(rng.choice([1, 1, 1, 2])):
            name = rng.choices(FILES, weights=(6, 3, 1))[0]
            files[name] = mutate_jsonl(rng, files[name]) if name == "events.jsonl" else mutate_json_file(rng, files[name])
        if rng.random() < 0.05:
            del files[rng.choice(FILES)]
        return _pack_session(files)

    def check(blob: bytes, n: int) -> bool:
        sessions = tmp_path / f"run-{n}" / "sessions"
        folder = sessions / session_folder.name
        folder.mkdir(parents=True)
        _unpack_session(blob, folder)
        try:
            return read_session(sessions, tmp_path / f"run-{n}" / "index.sqlite", n)
        finally:
            shutil.rmtree(tmp_path / f"run-{n}", ignore_errors=True)

    assert _run("session", ".zip", make, check) >= 20


def _consistent(files: dict[str, bytes], sid: str) -> bytes:
    """An archive whose manifest matches its files (every hash checks out), whatever they hold."""
    manifest = {"format": 1, "id": sid, "files": {rel: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for rel, b in files.items()}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in files.items():
            z.writestr(f"{sid}/{rel}", data)
        z.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


def test_fuzz_the_importer(session_folder, tmp_path):
    from simulator.records.archive import export_session, import_session
    from simulator.records.class_report import collect
    from simulator.records.report import report_data
    from simulator.records.store import SessionIndex

    exported = export_session(session_folder, tmp_path / "good.zip").read_bytes()
    original = {name: (session_folder / name).read_bytes() for name in FILES}
    sid = session_folder.name

    def make(rng: random.Random) -> bytes:
        roll = rng.random()
        if roll < 0.35:
            return mutate_bytes(rng, exported)
        if roll < 0.5:  # the manifest itself
            with zipfile.ZipFile(io.BytesIO(exported)) as z:
                entries = {i.filename: z.read(i) for i in z.infolist()}
            entries["manifest.json"] = mutate_json_file(rng, entries["manifest.json"])
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as z:
                for name, data in entries.items():
                    z.writestr(name, data)
            return out.getvalue()
        files = dict(original)  # poisoned but consistent
        name = rng.choices(FILES, weights=(6, 3, 1))[0]
        files[name] = mutate_jsonl(rng, files[name]) if name == "events.jsonl" else mutate_json_file(rng, files[name])
        return _consistent(files, sid)

    def check(blob: bytes, n: int) -> bool:
        root = tmp_path / f"imp-{n}"
        archive = root / "a.zip"
        root.mkdir()
        archive.write_bytes(blob)
        sessions = root / "sessions"
        try:
            try:
                folder = import_session(archive, sessions)
            except OWN:
                left = [p.name for p in sessions.iterdir()] if sessions.exists() else []
                assert left == [], f"a refused import left {left}"
                return False
            listing = SessionIndex(sessions, index_path=root / "index.sqlite")
            listing.sync()
            (row,) = listing.rows()
            assert row.problem is None, f"imported, then listed as damaged: {row.problem}"
            report_data(folder)
            assert collect(sessions).sessions == 1
            return True
        finally:
            shutil.rmtree(root, ignore_errors=True)

    assert _run("archive", ".zip", make, check) >= 20


# -- every crash ever found stays fixed ------------------------------------------------------------------------------------

def _fixtures(kind: str) -> list[Path]:
    return sorted((FIXTURES / kind).glob("*")) if (FIXTURES / kind).is_dir() else []


@pytest.mark.parametrize("path", _fixtures("scenario") + _fixtures("voice"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_regression_fixtures_load_to_a_message(path, tmp_path):
    copy = tmp_path / "input.yaml"
    copy.write_bytes(path.read_bytes())
    with contextlib.suppress(OWN):
        (read_scenario if path.parent.name == "scenario" else read_voice)(copy)


@pytest.mark.parametrize("path", _fixtures("session"), ids=lambda p: p.name)
def test_regression_fixtures_sessions_read_to_a_message(path, session_folder, tmp_path):
    sessions = tmp_path / "sessions"
    folder = sessions / session_folder.name
    folder.mkdir(parents=True)
    _unpack_session(path.read_bytes(), folder)
    for deep in (3, 4, 5):  # the class report, replay and PDF too
        with contextlib.suppress(OWN):
            read_session(sessions, tmp_path / "index.sqlite", deep * 20)


@pytest.mark.parametrize("path", _fixtures("archive"), ids=lambda p: p.name)
def test_regression_fixtures_archives_import_or_are_refused(path, tmp_path):
    from simulator.records.archive import import_session
    from simulator.records.store import SessionIndex

    with contextlib.suppress(OWN):
        import_session(path, tmp_path / "sessions")
    listing = SessionIndex(tmp_path / "sessions", index_path=tmp_path / "index.sqlite")
    listing.sync()
    assert all(r.problem is None for r in listing.rows())
