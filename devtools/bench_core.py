"""``deescalate bench core``: validation and scripted-session speed, median of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

FIFTY_TURNS = [
    "hi my name is officer ruiz i'm here to help",
    "/step_back",
    "what's going on for you today",
    "it sounds like you're really scared right now",
    "that makes sense anyone would be upset",
    "mm-hm go on i'm listening",
    "there's no rush take your time",
    "so you feel like nobody has been listening to you",
    "/hands_visible",
    "are you thinking about ending your life",
]


def run(print_: Callable[..., None] = print, repeats: int = 5) -> dict[str, float]:
    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario
    from simulator.script import parse_script, run_script
    from simulator.understanding import default_reader
    from simulator.validate import validate_file

    default_reader()  # the model loads once per process; time it apart from the work
    files = scenario_files()
    load_times, validate_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for f in files:
            load_scenario(f)
        load_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for f in files:
            validate_file(f)
        validate_times.append(time.perf_counter() - start)
    scenario = load_scenario(files[0])[0]
    assert scenario is not None
    script = "\n".join((FIFTY_TURNS * 5)[:50])
    steps = parse_script(script)
    session_times = []
    for _ in range(repeats):
        # A long limit, so all fifty turns are played whatever the ending would have been.
        start = time.perf_counter()
        session = run_script(_without_endings(scenario), steps, seed=1)
        session_times.append(time.perf_counter() - start)
    figures = {
        "scenarios": len(files),
        "load_all_ms": statistics.median(load_times) * 1000,
        "validate_all_ms": statistics.median(validate_times) * 1000,
        "session_50_turns_ms": statistics.median(session_times) * 1000,
        "turns_played": session.turn,
    }
    print_(f"core benchmark (median of {repeats} runs)")
    print_(f"  load + check {figures['scenarios']} scenarios:             {figures['load_all_ms']:.0f} ms")
    print_(f"  validate {figures['scenarios']} scenarios (with playthroughs): {figures['validate_all_ms']:.0f} ms")
    print_(f"  scripted session of {figures['turns_played']} turns:            {figures['session_50_turns_ms']:.0f} ms "
           f"({figures['session_50_turns_ms'] / max(1, figures['turns_played']):.2f} ms a turn, scoring included)")
    return figures


def _without_endings(scenario: Scenario) -> Scenario:
    """The same scenario with transitions removed, so a benchmark session runs its full length."""
    from dataclasses import replace

    from simulator.scenario.model import Limits

    return replace(scenario, transitions=(), limits=Limits(10_000, 10_000.0, scenario.limits.ending),
                   referrals={k: replace(v, accepted=replace(v.accepted, to=None)) for k, v in scenario.referrals.items()})



