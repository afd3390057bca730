"""``deescalate bench gaming``: the held-out gaming transcripts against what an instructor expects of them.

DATA wrote tests/fixtures/heldout/gaming/<scenario>/*.txt (kind words with no content and the
best referral, keyword stuffing, parroting, waiting, buttons only, no suicide question, a
substance question in its place, plus skilled and slip-and-repair controls) and
expectations.json, without running the program. They are measured here, never asserted in
tests and never tuned to: a failure is a finding about a general capability.

Each transcript is played with three seeds; a row passes when every seed meets every
expectation (no voluntary help, overall below 70, communication at most 40, an outcome,
overall at least 70, outcomes it must not reach).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

GAMING = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "heldout" / "gaming"
SEEDS = (0, 1, 2)


def misses(expect: dict[str, Any], outcome: str | None, scores: dict[str, int]) -> list[str]:
    """What of ``expect`` one run missed (empty: it met them all)."""
    out = []
    if expect.get("voluntary_help") is False and outcome == "voluntary_help":
        out.append("reached voluntary help")
    if "overall_below" in expect and scores["overall"] >= expect["overall_below"]:
        out.append(f"overall {scores['overall']} ≥ {expect['overall_below']}")
    if "communication_at_most" in expect and scores["communication"] > expect["communication_at_most"]:
        out.append(f"communication {scores['communication']} > {expect['communication_at_most']}")
    if "outcome" in expect and outcome != expect["outcome"]:
        out.append(f"ended {outcome}, not {expect['outcome']}")
    if "overall_at_least" in expect and scores["overall"] < expect["overall_at_least"]:
        out.append(f"overall {scores['overall']} < {expect['overall_at_least']}")
    if outcome in expect.get("not_outcomes", ()):
        out.append(f"ended {outcome}")
    return out


def run(print_: Callable[[str], None] = print, folder: Path = GAMING) -> dict[str, Any]:
    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario_or_raise
    from simulator.scoring import score
    from simulator.script import parse_script, run_script

    expectations = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    for path in scenario_files():
        scenario = load_scenario_or_raise(path)
        for name, expect in expectations.items():
            transcript = folder / path.stem / name
            if not transcript.exists():
                continue
            steps = parse_script(transcript.read_text(encoding="utf-8"), str(transcript))
            runs: list[dict[str, Any]] = []
            for seed in SEEDS:
                session = run_script(scenario, steps, seed=seed)
                outcome = scenario.endings[session.ending].outcome if session.ending else None
                scores = score(session.events).as_dict()
                runs.append({"seed": seed, "outcome": outcome, "overall": scores["overall"],
                             "communication": scores["communication"], "misses": misses(expect, outcome, scores)})
            ok = not any(r["misses"] for r in runs)
            rows.append({"scenario": path.stem, "transcript": name, "ok": ok, "runs": runs})
            first_miss = next((r for r in runs if r["misses"]), None)
            print_(f"{'ok  ' if ok else 'MISS'} {path.stem:20s} {name:34s} overall "
                   + "/".join(str(r["overall"]) for r in runs)
                   + (f"  — seed {first_miss['seed']}: {'; '.join(first_miss['misses'])}" if first_miss else ""))
    passed = sum(r["ok"] for r in rows)
    print_(f"held-out gaming: {passed}/{len(rows)} transcripts meet every expectation on all of seeds {', '.join(map(str, SEEDS))}")
    return {"passed": passed, "total": len(rows), "rows": rows}
