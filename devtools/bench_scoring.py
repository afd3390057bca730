"""``deescalate bench scoring``: how well the overall score agrees with blind ratings, on the held-back half.

Then the table of a skilled, a mixed, a content-free, a careless (orders, minimising, rushing, no force) and an
escalating run of each shipped scenario.

Plays every calibration transcript (``tests/calibration/``) with seed 0, scores
it and compares the overall score with the blind rater's overall: Spearman's
rank correlation and the mean absolute difference, over the chosen half and
within each scenario, plus the safety bar (nothing rated 75 or above may score
under 70 or end in injury or self-harm). Not a timed test: figures only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator import calibration as cal


def play(path: Path) -> dict[str, Any]:
    """One transcript played and scored: ending, outcome, overall, band, rubric share."""
    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario_or_raise
    from simulator.scoring import score
    from simulator.script import parse_script, run_script

    scenario_id = cal.scenario_of(path)
    file = next((f for f in scenario_files() if f.stem == scenario_id), None)
    if file is None:
        raise cal.CalibrationError(f"{path}: no shipped scenario '{scenario_id}'")
    scenario = load_scenario_or_raise(file)
    session = run_script(scenario, parse_script(path.read_text(encoding="utf-8"), str(path)), seed=0)
    s = score(session.events)
    outcome = scenario.endings[session.ending].outcome if session.ending else None
    return {"transcript": path.name, "scenario": scenario_id, "ending": session.ending, "outcome": outcome,
            "overall": s.overall, "band": s.band.name, "rubric": round(s.rubric.percent) if s.rubric else None}


def figures(rows: list[dict[str, Any]]) -> dict[str, float]:
    xs = [float(r["overall"]) for r in rows]
    ys = [float(r["rated"]) for r in rows]
    return {"n": len(rows), "spearman": cal.spearman(xs, ys), "mad": cal.mean_abs_difference(xs, ys)}


def run(print_: Callable[[str], None] = print, half: str = "held", folder: Path = cal.CALIBRATION_DIR) -> dict[str, Any]:
    paths = [p for p in cal.transcripts(folder) if half == "all" or cal.half_of(p) == half]
    try:
        ratings = cal.read_ratings(folder / cal.RATINGS_FILE)
    except cal.CalibrationError as exc:
        print_(f"{exc}\nScores only (no comparison):")
        ratings = {}
    rows = []
    for p in paths:
        try:
            row = play(p)
        except Exception as exc:  # one broken transcript or scenario must not hide the others' figures
            print_(f"{p.name}: could not be played — {type(exc).__name__}: {exc}")
            continue
        if p.name in ratings:
            row["rated"] = ratings[p.name].overall
        rows.append(row)
    print_(f"{'transcript':28s} {'score':>5s} {'rated':>5s}  band / ending")
    for r in rows:
        rated = f"{r['rated']:5.0f}" if "rated" in r else "    -"
        print_(f"{r['transcript']:28s} {r['overall']:5d} {rated}  {r['band']} / {r['ending'] or 'no ending'}")
    rated_rows = [r for r in rows if "rated" in r]
    out: dict[str, Any] = {"half": half, "rows": rows}
    if not rated_rows:
        return out
    overall = figures(rated_rows)
    out["overall"] = overall
    print_(f"\n{half} half, {overall['n']} rated transcripts: Spearman {_fmt(overall['spearman'])}, mean |score − rating| {overall['mad']:.1f}")
    out["per_scenario"] = {}
    for scenario in sorted({r["scenario"] for r in rated_rows}):
        f = figures([r for r in rated_rows if r["scenario"] == scenario])
        out["per_scenario"][scenario] = f
        print_(f"  {scenario:22s} n={f['n']}  Spearman {_fmt(f['spearman'])}  mean |diff| {f['mad']:.1f}")
    unsafe = [r for r in rated_rows if r["rated"] >= 75 and (r["overall"] < 70 or r["outcome"] in ("injury", "self_harm"))]
    out["rated_75_failing"] = [r["transcript"] for r in unsafe]
    print_(f"Rated ≥ 75 but scored < 70 or ended in injury/self-harm: {', '.join(out['rated_75_failing']) or 'none'}")
    out["table"] = table(print_, folder)
    return out


TABLE = (("skilled", "skilled/{scenario}.txt"), ("mixed", None), ("content-free", "gaming/generic_script_best_referral.txt"),
         ("careless", "transcripts/bad_mild.txt"), ("escalating", "transcripts/bad_commands.txt"))


def table(print_: Callable[[str], None] = print, folder: Path = cal.CALIBRATION_DIR) -> dict[str, dict[str, Any]]:
    """Overall score and ending of a skilled, a mixed (the calibration transcript written at level 4), a content-free
    (generic script + best referral) and an escalating run of every shipped scenario."""
    import json

    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario_or_raise
    from simulator.scoring import score
    from simulator.script import parse_script, run_script

    fixtures = folder.parent / "fixtures"
    levels = json.loads((folder / "levels.json").read_text(encoding="utf-8"))["written"] if (folder / "levels.json").exists() else {}
    out: dict[str, dict[str, Any]] = {}
    print_(f"\n{'scenario':22s} " + " ".join(f"{name:>22s}" for name, _ in TABLE))
    for file in scenario_files():
        scenario = load_scenario_or_raise(file)
        best = next(r for r, v in scenario.referrals.items() if v.rating == "best")
        row: dict[str, Any] = {}
        for name, pattern in TABLE:
            if pattern is None:
                mixed = next((n for n, lv in levels.items() if lv == 4 and n.startswith(scenario.id + "-")), None)
                path = folder / mixed if mixed else None
            else:
                path = fixtures / pattern.format(scenario=scenario.id)
            if path is None or not path.exists():
                row[name] = None
                continue
            session = run_script(scenario, parse_script(path.read_text(encoding="utf-8").replace("{referral}", best), str(path)), seed=0)
            outcome = scenario.endings[session.ending].outcome if session.ending else "no ending"
            row[name] = {"overall": score(session.events).overall, "outcome": outcome}
        out[scenario.id] = row
        print_(f"{scenario.id:22s} " + " ".join(f"{(str(c['overall']) + ' ' + c['outcome']) if c else '-':>22s}" for c in row.values()))
    return out


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"
