"""``deescalate validate``: check scenario and voice files and run their playthroughs.

It sits above the session (it plays each playthrough through ``simulator.script``),
so it lives here and not in ``simulator.scenario``, which the session itself is built on.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from simulator import events as ev
from simulator.diagnostics import Diagnostic
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Scenario
from simulator.script import parse_script, run_script
from simulator.voices import load_voice


def expand(paths: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    """Files named, and the YAML files in folders named; missing paths are errors."""
    files: list[Path] = []
    missing: list[Diagnostic] = []
    for name in paths:
        p = Path(name)
        if p.is_dir():
            files += sorted(x for x in p.glob("*.y*ml") if x.suffix in (".yaml", ".yml"))
        elif p.exists():
            files.append(p)
        else:
            missing.append(Diagnostic(name, 1, 1, "error", "no such file or folder", "check the path"))
    return files, missing


def _is_voice(path: Path) -> bool:
    if path.parent.name == "voices":
        return True
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return "base_voice:" in head and "phases:" not in head


def validate_file(path: Path, playthroughs: bool = True) -> list[Diagnostic]:
    if _is_voice(path):
        return load_voice(path)[1]
    scenario, diags = load_scenario(path)
    if scenario is not None and playthroughs:
        diags += run_playthroughs(scenario)
    return diags


def run_playthroughs(scenario: Scenario) -> list[Diagnostic]:
    """Each embedded playthrough must reach the ending (and outcome) it expects."""
    diags = []
    for pt in scenario.playthroughs:
        steps = parse_script("\n".join(pt.script), f"playthrough {pt.id}")
        session = run_script(scenario, steps, seed=pt.seed)
        ending = scenario.endings[session.ending] if session.ending else None
        got_id = ending.id if ending else None
        got_outcome = ending.outcome if ending else None
        wrong = (pt.expect_ending and pt.expect_ending != got_id) or (pt.expect_outcome and pt.expect_outcome != got_outcome)
        if wrong:
            expected = " / ".join(x for x in (pt.expect_ending, pt.expect_outcome) if x)
            got = f"'{got_id}' ({got_outcome})" if ending else "no ending"
            state = ", ".join(f"{k}={v:g}" if not isinstance(v, bool) else f"{k}={str(v).lower()}" for k, v in session.variables.items())
            diags.append(Diagnostic(scenario.path, pt.line, 5, "error",
                                    f"playthrough '{pt.id}' reached {got} after {session.turn} turns in phase '{session.phase}', expected {expected}",
                                    f"state at the end: {state}; adjust the script, the transitions or the reactions"))
        if not scenario.conversational:  # schema 1 has no memory of its lines; migrating to schema 2 brings the check
            continue
        said = [(e.data.get("line"), e.turn) for e in session.events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
        for (line, _), (again, turn) in itertools.pairwise(said):
            if line == again:
                diags.append(Diagnostic(scenario.path, pt.line, 5, "error",
                                        f"playthrough '{pt.id}': the person says '{line}' twice in a row (turn {turn})",
                                        "give that phase or topic another line for this state, or mark a deliberate one `refrain: true`"))
                break
    return diags
