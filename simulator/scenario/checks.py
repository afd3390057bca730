"""Graph and coverage checks: a scenario that loads can still be unplayable.

These catch what authors get wrong most often in branching dialogue: a phase
nothing leads to, a phase nothing leads out of, no ending in reach, and states
in which the person would have nothing to say.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from collections import deque
from typing import Any

from simulator.diagnostics import Diagnostic
from simulator.scenario.builtins import COUNTERS, OFFICER_FACTS
from simulator.scenario.model import Fact, Scenario, Variable
from simulator.understanding.normalize import normalize
from simulator.yamlpos import Located, PathKey

COVERAGE_SAMPLES = 3000


def graph_diagnostics(scenario: Scenario, located: Located) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    phase_index = {p["id"]: i for i, p in enumerate(located.data["phases"])}
    ending_index = {e["id"]: i for i, e in enumerate(located.data["endings"])}

    edges: dict[str, set[str]] = {pid: set() for pid in scenario.phases}
    for t in scenario.transitions:
        for src in t.sources or tuple(scenario.phases):
            edges[src].add(t.dest)
    referral_targets = {step.to for r in scenario.referrals.values() for step in (r.accepted, r.declined) if step.to}
    for src in scenario.phases:
        edges[src] |= referral_targets

    reached = {scenario.start_phase}
    queue = deque([scenario.start_phase])
    while queue:
        node = queue.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in reached:
                reached.add(nxt)
                queue.append(nxt)

    for pid in scenario.phases:
        key: PathKey = ("phases", phase_index[pid], "id")
        if pid not in reached:
            diags.append(located.diagnostic(key, "error", f"phase '{pid}' can never be reached", "add a transition whose `to:` is this phase, or remove it"))
        elif not edges[pid]:
            diags.append(located.diagnostic(key, "error", f"phase '{pid}' has no way out", "add a transition from it to another phase or an ending"))
    playable_endings = {e for e in scenario.endings if e in reached}
    if not playable_endings - {scenario.limits.ending}:
        diags.append(located.diagnostic(("endings",), "error", "no ending can be reached except by running out of time", "add transitions that lead to your endings"))
    for eid in scenario.endings:
        if eid not in reached and eid != scenario.limits.ending:
            diags.append(located.diagnostic(("endings", ending_index[eid], "id"), "warning", f"ending '{eid}' can never be reached", "add a transition or referral that leads to it"))

    diags += _coverage(scenario, located, phase_index)
    diags += _voice(scenario, located)
    diags += fact_diagnostics(scenario, located)
    diags += cause_diagnostics(scenario, located, ending_index)
    return diags


def cause_diagnostics(scenario: Scenario, located: Located, ending_index: dict[str, int]) -> list[Diagnostic]:
    """Every injury or self-harm ending declares what can lead to it, and that cause can happen here (issue 19)."""
    from simulator.repair import CATASTROPHIC, DEFAULT_CAUSES, cause_problems

    diags: list[Diagnostic] = []
    for eid, ending in scenario.endings.items():
        if ending.outcome not in CATASTROPHIC:
            continue
        key: PathKey = ("endings", ending_index[eid], "id")
        if ending.causes is None:
            default = DEFAULT_CAUSES[ending.outcome]
            diags.append(located.diagnostic(key, "warning", f"ending '{eid}' ({ending.outcome}) does not say what can lead to it",
                                            f"add `causes: {{acts: [{', '.join(default['acts'])}], pattern: {default['pattern']}}}` (the acts or the "
                                            "pattern of unrepaired escalating moves that can end this way)"))
            continue
        for problem in cause_problems(eid, ending.outcome, ending.causes.as_dict(), scenario.actions):
            diags.append(located.diagnostic(key, "error", problem, "list an act the scenario offers, or a pattern"))
    return diags


def mentioned_facts(text: str, facts: dict[str, Fact]) -> set[str]:
    """The facts a text speaks of, by their declared mentions (whole words, case and punctuation ignored)."""
    norm = " " + re.sub(r"'s\b", "", normalize(text)) + " "  # "Eli's game" speaks of Eli
    return {f.id for f in facts.values() for m in f.mentions if f" {_mention(m)} " in norm}


@functools.lru_cache(maxsize=8192)
def _mention(mention: str) -> str:
    """A fact's mention as normalised text, once: every line of a scenario is checked against every mention,
    and normalising them afresh each time made loading a schema-2 scenario take seconds."""
    return normalize(mention)


def fact_diagnostics(scenario: Scenario, located: Located) -> list[Diagnostic]:
    """Lines and choices must not speak of what the person has not told yet.

    A person line that mentions a fact must reveal it (this is where she tells it)
    or require it (it is only said once told); a menu choice that mentions one is
    only offered once it is known. Every required fact must be told somewhere.
    """
    if not scenario.facts:
        return []
    diags: list[Diagnostic] = []
    facts = scenario.facts
    data = located.data
    places: list[tuple[PathKey, dict[str, Any], str]] = []
    for i, p in enumerate(data["phases"]):
        for part in ("enter", "lines"):
            places += [(("phases", i, part, j), ln, "line") for j, ln in enumerate(p.get(part, []))]
        places += [(("phases", i, "choices", j), c, "choice") for j, c in enumerate(p.get("choices", []))]
    for i, tp in enumerate(data.get("topics", [])):
        places += [(("topics", i, "answers", j), ln, "line") for j, ln in enumerate(tp.get("answers", []))]
        # repeat lines require what they mention (the loader adds it): only their explicit requires are checked
        places += [(("topics", i, "repeat", j), {**ln, "text": ""}, "line") for j, ln in enumerate(tp.get("repeat", []))]
    told = {f for _, raw, kind in places if kind == "line" for f in raw.get("reveals", ())}
    for key, raw, kind in places:
        covered = set(raw.get("requires", ())) | (set(raw.get("reveals", ())) if kind == "line" else set())
        for fid in sorted(mentioned_facts(raw["text"], facts) - covered):
            if facts[fid].known or facts[fid].feeling:  # feelings and what can be seen may be named before they are told
                continue
            what = "the person says" if kind == "line" else "the officer's choice says"
            fix = f"add `requires: [{fid}]` (said only once she has told it) or `reveals: [{fid}]` (this is where she tells it)" \
                if kind == "line" else f"add `requires: [{fid}]` so it is only offered once she has told it"
            diags.append(located.diagnostic((*key, "text"), "error",
                                            f"{kind} '{raw['id']}' speaks of {fid} ({facts[fid].text}) before it can have been told — {what} it unconditionally", fix))
        for fid in raw.get("requires", ()):
            if fid in facts and not facts[fid].known and fid not in told and fid != "officer_name":
                diags.append(located.diagnostic((*key, "requires"), "error", f"{kind} '{raw['id']}' requires {fid}, which no line or answer ever reveals",
                                                f"add `reveals: [{fid}]` to the answer where she tells it"))
    return diags


def _env_samples(variables: dict[str, Variable]) -> list[dict[str, float | bool]]:
    axes: list[list[tuple[str, float | bool]]] = []
    for var in variables.values():
        if var.kind == "boolean":
            axes.append([(var.name, False), (var.name, True)])
        else:
            step = (var.maximum - var.minimum) / 10
            axes.append([(var.name, var.minimum + step * k) for k in range(11)])
    total = 1
    for axis in axes:
        total *= len(axis)
    if total <= COVERAGE_SAMPLES:
        return [dict(c) for c in itertools.product(*axes)]
    rng = random.Random(0)
    return [dict(rng.choice(axis) for axis in axes) for _ in range(COVERAGE_SAMPLES)]


def _coverage(scenario: Scenario, located: Located, phase_index: dict[str, int]) -> list[Diagnostic]:
    diags = []
    base = {**OFFICER_FACTS, **COUNTERS}
    samples = _env_samples(scenario.variables)
    for pid, phase in scenario.phases.items():
        general = [ln for ln in phase.lines if not ln.after]
        if any(ln.when is None for ln in general):
            continue
        for values in samples:
            env = {**base, **values}
            if not any(ln.when(env) for ln in general if ln.when is not None):
                shown = ", ".join(f"{k}={v:g}" if not isinstance(v, bool) else f"{k}={str(v).lower()}" for k, v in values.items())
                diags.append(located.diagnostic(("phases", phase_index[pid], "lines"), "warning",
                                                f"in phase '{pid}' the person has no line to say when {shown}",
                                                "add a line without `when` (or without `after`) as a catch-all"))
                break
    return diags


def _voice(scenario: Scenario, located: Located) -> list[Diagnostic]:
    from simulator.voices import voice_ids

    known = voice_ids()
    diags = []
    wanted: list[tuple[PathKey, str]] = [(("person", "voice"), scenario.person.voice)]
    wanted += [(("characters", i, "voice"), c["voice"]) for i, c in enumerate(located.data.get("characters", [])) if c.get("voice")]
    for key, vid in wanted:
        if vid not in known:
            diags.append(located.diagnostic(key, "warning", f"no voice profile '{vid}' in voices/", f"add voices/{vid}.yaml (see docs/voice-format.md)"))
    return diags
