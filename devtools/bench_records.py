"""``deescalate bench records``: 1,000 recorded sessions, then how long listing and the class report take.

The sessions are real recordings (every embedded playthrough of every shipped
scenario, recorded once), copied under new ids, trainees and dates, so the
figures measure reading real logs rather than recording (fsync-bound) speed.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TRAINEES = ("Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eli Novak", "Fatima Haddad", "Greg Lind", "Hana Sato")


def make_sessions(root: Path, count: int = 1000, max_seeds: int | None = None) -> int:
    """Fill ``root`` with ``count`` session folders; returns how many real recordings were made to seed them."""
    from simulator.catalog import catalog
    from simulator.clock import ManualClock
    from simulator.records.recorder import META_FILE, Recorder, new_session_id
    from simulator.script import parse_script, play_steps
    from simulator.session import Session

    seeds: list[Path] = []
    staging = root / ".seed"
    for entry in catalog():
        s = entry.scenario
        if s is None:
            continue
        for pt in s.playthroughs:
            if max_seeds is not None and len(seeds) >= max_seeds:
                break
            session = Session(s, seed=pt.seed, clock=ManualClock())
            rec = Recorder(session, staging)
            play_steps(session, parse_script("\n".join(pt.script)))
            rec.finish()
            seeds.append(rec.folder)
    base = time.time() - count * 3600
    for i in range(count):
        src = seeds[i % len(seeds)]
        sid = new_session_id(base + i * 3600)
        dest = root / sid
        shutil.copytree(src, dest)
        meta = json.loads((dest / META_FILE).read_text(encoding="utf-8"))
        meta.update(id=sid, trainee=TRAINEES[i % len(TRAINEES)], started_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + i * 3600)))
        (dest / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    shutil.rmtree(staging)
    return len(seeds)


def _timed(argv: list[str]) -> float:
    from simulator.cli import main

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"deescalate {' '.join(argv)} failed ({code})")
    return elapsed


def run(print_: Callable[..., None] = print, count: int = 1000, max_seeds: int | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="deescalate-bench-") as tmp:
        root = Path(tmp) / "sessions"
        root.mkdir()
        start = time.perf_counter()
        seeds = make_sessions(root, count, max_seeds)
        made = time.perf_counter() - start
        d = ["--sessions-dir", str(root)]
        figures = {"sessions": count, "create_s": made,
                   "list_cold_s": _timed(["sessions", "list", *d]),  # builds the index from the folders
                   "list_s": _timed(["sessions", "list", *d]),
                   "list_json_s": _timed(["sessions", "list", "--json", *d])}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "simulator.cli", "sessions", "list", *d], check=True, capture_output=True)
        figures["list_process_s"] = time.perf_counter() - start
        figures["class_report_s"] = _timed(["class-report", str(root), "-o", str(Path(tmp) / "class.html"), *d])
    print_(f"records benchmark ({count} sessions copied from {seeds} real recordings, made in {figures['create_s']:.1f} s)")
    print_(f"  sessions list, index built from the folders: {figures['list_cold_s']:.3f} s")
    print_(f"  sessions list, index up to date:             {figures['list_s']:.3f} s   (target ≤ 0.5 s)")
    print_(f"  sessions list --json:                        {figures['list_json_s']:.3f} s")
    print_(f"  sessions list as a new process:              {figures['list_process_s']:.3f} s")
    print_(f"  class-report over all of them:               {figures['class_report_s']:.3f} s   (target ≤ 10 s)")
    return figures
