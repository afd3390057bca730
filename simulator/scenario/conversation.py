"""Building schema 2's conversational parts: facts, topics, objectives, floors, pacing, variation.

Kept apart from ``loader.py`` (which builds the phase machine every schema
shares) so that the person's side of the conversation — what they can tell,
how they answer each topic, what counts as progress — is read and checked in
one place, with the same positioned messages as the rest of the file.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from simulator import vocabulary as vocab
from simulator.diagnostics import did_you_mean
from simulator.expressions import Condition
from simulator.scenario.model import (
    Change,
    Fact,
    Floor,
    Line,
    Objective,
    ObjectiveTrigger,
    Pacing,
    Topic,
    Variable,
    Variant,
    Variation,
)
from simulator.scenario.resources import DEFAULTS_PATH
from simulator.yamlpos import PathKey, load_yaml

OFFICER_NAME = "officer_name"  # the built-in fact the officer tells by giving a name
MIN_PHRASINGS = 6


class Builder(Protocol):
    """What these builders need of the loader's builder (``loader._Builder``), named here so this module never imports the loader."""

    variables: dict[str, Variable]

    def error(self, key: PathKey, message: str, hint: str = "") -> None: ...

    def warning(self, key: PathKey, message: str, hint: str = "") -> None: ...

    def condition(self, raw: Any, key: PathKey) -> Condition | None: ...

    def change(self, raw: dict[str, Any] | None, key: PathKey) -> Change: ...

    def line(self, raw: dict[str, Any], key: PathKey, topic: str | None = None) -> Line: ...

    def _unique(self, keys: list[PathKey], kind: str) -> None: ...


@cache
def common_topics() -> dict[str, dict[str, Any]]:
    """The shared phrasings and words of the common topics (defaults.yaml ``topics:``)."""
    return dict(load_yaml(DEFAULTS_PATH).data.get("topics", {}))


def condition_names(data: dict[str, Any]) -> frozenset[str]:
    """The names schema 2 adds to conditions: ``told_<fact>``, ``met_<objective>``, ``officer_named``."""
    facts = [*data.get("facts", {}), OFFICER_NAME]
    objectives = [o["id"] for o in data.get("objectives", []) if isinstance(o, dict) and "id" in o]
    return frozenset({f"told_{f}" for f in facts} | {f"met_{o}" for o in objectives} | {"officer_named"})


def build_facts(b: Builder, data: dict[str, Any]) -> dict[str, Fact]:
    facts = {OFFICER_NAME: Fact(OFFICER_NAME, "the officer's name", (), known=False)}
    for fid, raw in data.get("facts", {}).items():
        if fid == OFFICER_NAME:
            b.error(("facts", fid), f"'{OFFICER_NAME}' is a built-in fact (the officer gives a name)", "rename the fact")
            continue
        if f"told_{fid}" in b.variables:
            b.error(("facts", fid), f"fact '{fid}' makes the name 'told_{fid}', which is already a variable", "rename the fact or the variable")
        facts[fid] = Fact(fid, raw["text"], tuple(raw["mentions"]), bool(raw.get("known", False)), bool(raw.get("feeling", False)))
    return facts


def check_fact_ids(b: Builder, ids: Any, key: PathKey, facts: dict[str, Fact]) -> frozenset[str]:
    found = []
    for j, fid in enumerate(ids or ()):
        if fid not in facts:
            b.error((*key, j), f"unknown fact '{fid}'", f"declare it under `facts:` ({did_you_mean(fid, list(facts))})")
        else:
            found.append(fid)
    return frozenset(found)


def _spoken_of(text: str, facts: dict[str, Fact]) -> set[str]:
    from simulator.scenario.checks import mentioned_facts

    return {f for f in mentioned_facts(text, facts) if not facts[f].feeling and not facts[f].known}


def build_topics(b: Builder, data: dict[str, Any], facts: dict[str, Fact], line_keys: list[PathKey]) -> dict[str, Topic]:
    common = common_topics()
    topics: dict[str, Topic] = {}
    for i, raw in enumerate(data.get("topics", [])):
        tk: PathKey = ("topics", i)
        tid = raw["id"]
        shared = common.get(tid, {})
        phrasings = tuple(shared.get("phrasings", ())) + tuple(raw.get("phrasings", ()))
        words = tuple(shared.get("words", ())) + tuple(raw.get("words", ()))
        if len(phrasings) < MIN_PHRASINGS:
            b.warning((*tk, "phrasings"), f"topic '{tid}' has {len(phrasings)} phrasing(s)",
                      f"give at least {MIN_PHRASINGS}, typed and recogniser style, so the topic is heard however it is asked")
        answers = tuple(b.line(a, (*tk, "answers", j), topic=tid) for j, a in enumerate(raw["answers"]))
        # A repeat line ("I told you — Denise") speaks of what was told: it requires what it mentions.
        repeat_raw = [{**a, "requires": sorted(set(a.get("requires", ())) | _spoken_of(a.get("text", ""), facts))} for a in raw.get("repeat", ())]
        for a in repeat_raw:
            if not a["requires"]:
                del a["requires"]
        repeat = tuple(b.line(a, (*tk, "repeat", j), topic=tid) for j, a in enumerate(repeat_raw))
        line_keys += [(*tk, "answers", j, "id") for j in range(len(answers))] + [(*tk, "repeat", j, "id") for j in range(len(repeat))]
        if not any(a.when is None and not a.requires for a in answers):
            b.error((*tk, "answers"), f"topic '{tid}' has no answer for every state",
                    "keep one answer without `when:` and `requires:` (a deflection in character) as the catch-all")
        reveals = {f for f in (answers[0].reveals if answers else ()) if not facts[f].feeling}
        if reveals and not repeat:
            b.warning((*tk, "answers"), f"topic '{tid}' tells {', '.join(sorted(reveals))} but has no `repeat:` answer",
                      "add `repeat:` lines for when she is asked again (\"I told you — Denise.\")")
        topics[tid] = Topic(tid, phrasings, words, answers, repeat, b.change(raw.get("change"), (*tk, "change")), common=tid in common)
    b._unique([("topics", i, "id") for i in range(len(data.get("topics", [])))], "topic")
    if data.get("schema_version", 1) >= 2:
        for tid in common:
            if tid not in topics:
                b.error(("topics",), f"common topic '{tid}' has no answers",
                        f"add `- id: {tid}` with `answers:` in character: every person answers every common topic (docs/scenario-format.md)")
    return topics


def _trigger(b: Builder, raw: dict[str, Any], key: PathKey, known: dict[str, set[str]]) -> ObjectiveTrigger:
    for kind, ids in raw.items():
        pool = known.get(kind)
        if pool is None:
            continue
        for j, value in enumerate(ids):
            if value not in pool:
                b.error((*key, kind, j), f"unknown {kind[:-1]} '{value}'", did_you_mean(value, sorted(pool)))
    return ObjectiveTrigger(*(frozenset(raw.get(k, ())) for k in ("topics", "techniques", "actions", "referrals", "choices", "keywords", "facts", "reflects")))


def build_objectives(b: Builder, data: dict[str, Any], known: dict[str, set[str]]) -> tuple[Objective, ...]:
    out = []
    for i, raw in enumerate(data.get("objectives", [])):
        ok: PathKey = ("objectives", i)
        triggers = tuple(_trigger(b, t, (*ok, "met_by", j), known) for j, t in enumerate(raw["met_by"]))
        for j, a in enumerate(raw["met_by"]):
            for aid in a.get("actions", ()):
                if aid not in data["actions"]:
                    b.warning((*ok, "met_by", j, "actions"), f"objective waits for action '{aid}', which this scenario does not offer", "add it to `actions:`")
        out.append(Objective(raw["id"], raw["text"], triggers, b.condition(raw.get("when"), (*ok, "when")), raw.get("missed", "")))
    b._unique([("objectives", i, "id") for i in range(len(out))], "objective")
    return tuple(out)


def build_floors(b: Builder, data: dict[str, Any]) -> tuple[Floor, ...]:
    out = []
    for i, raw in enumerate(data.get("floors", [])):
        fk: PathKey = ("floors", i)
        var = b.variables.get(raw["variable"])
        if var is None or var.kind != "number":
            b.error((*fk, "variable"), f"floor on '{raw['variable']}', which is not a declared number", did_you_mean(raw["variable"], list(b.variables)))
            continue
        lo, hi = raw.get("min"), raw.get("max")
        for name, value in (("min", lo), ("max", hi)):
            if value is not None and not var.minimum <= value <= var.maximum:
                b.error((*fk, name), f"floor {name} {value:g} is outside '{var.name}' range {var.minimum:g}–{var.maximum:g}", "pick a value inside the range")
        out.append(Floor(var.name, None if lo is None else float(lo), None if hi is None else float(hi), b.condition(raw.get("when"), (*fk, "when")), raw["why"]))
    return tuple(out)


def build_pacing(data: dict[str, Any]) -> Pacing:
    raw = data.get("pacing", {})
    return Pacing(float(raw.get("min_seconds", 0)), int(raw.get("min_turns", 0)))


def build_variation(b: Builder, data: dict[str, Any]) -> Variation:
    raw = data.get("variation", {})
    start: dict[str, tuple[float, float]] = {}
    for name, (lo, hi) in raw.get("start", {}).items():
        var = b.variables.get(name)
        key: PathKey = ("variation", "start", name)
        if var is None or var.kind != "number":
            b.error(key, f"variation of '{name}', which is not a declared number", did_you_mean(name, list(b.variables)))
        elif not var.minimum <= lo <= hi <= var.maximum:
            b.error(key, f"range [{lo:g}, {hi:g}] for '{name}' is not low ≤ high inside {var.minimum:g}–{var.maximum:g}", "write [low, high]")
        else:
            start[name] = (float(lo), float(hi))
    scale: dict[str, tuple[float, float]] = {}
    for name, (lo, hi) in raw.get("scale", {}).items():
        key = ("variation", "scale", name)
        if name not in vocab.TECHNIQUES and name not in vocab.ACTIONS:
            b.error(key, f"'{name}' is neither a technique nor an action", did_you_mean(name, [*vocab.TECHNIQUES, *vocab.ACTIONS]))
        elif not 0 <= lo <= hi <= 5:
            b.error(key, f"scale [{lo:g}, {hi:g}] for '{name}' is not 0 ≤ low ≤ high ≤ 5", "e.g. [0.8, 1.4]")
        else:
            scale[name] = (float(lo), float(hi))
    variants = tuple(Variant(v["id"], v["text"], b.change(v.get("set"), ("variation", "variants", i, "set"))) for i, v in enumerate(raw.get("variants", ())))
    b._unique([("variation", "variants", i, "id") for i in range(len(variants))], "variant")
    return Variation(start, scale, variants)


def line_requirements(b: Builder, raw: dict[str, Any], key: PathKey, facts: dict[str, Fact]) -> tuple[frozenset[str], tuple[str, ...]]:
    requires = check_fact_ids(b, raw.get("requires"), (*key, "requires"), facts)
    reveals = check_fact_ids(b, raw.get("reveals"), (*key, "reveals"), facts)
    if "{officer}" in raw.get("text", "") and OFFICER_NAME not in requires:
        b.error((*key, "text"), "the line says {officer} before the officer can have given a name", f"add `requires: [{OFFICER_NAME}]`")
    from simulator.scenario.checks import mentioned_facts

    said = [f for f in raw.get("reveals", ()) if f in reveals]
    said += sorted(f for f in mentioned_facts(raw.get("text", ""), facts) if facts[f].feeling and f not in said)  # saying a feeling shows it
    return requires, tuple(said)




__all__ = ["MIN_PHRASINGS", "OFFICER_NAME", "build_facts", "build_floors", "build_objectives", "build_pacing", "build_topics",
           "build_variation", "check_fact_ids", "common_topics", "condition_names", "line_requirements"]
