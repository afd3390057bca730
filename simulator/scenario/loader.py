"""Load a scenario file: safe YAML, schema, then meaning, with positioned messages.

Validation happens in three passes so that each message can be specific: the
JSON Schema catches shape errors (a missing key, a wrong type, an unknown id);
building the model catches references (an undefined phase or variable, a
condition that does not parse); the graph checks catch scenarios that load
but cannot play well (unreachable phases, traps, no ending, silent states).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from simulator import vocabulary as vocab
from simulator.diagnostics import Diagnostic, InvalidFile, did_you_mean
from simulator.expressions import Condition, ConditionError, compile_condition
from simulator.inputs import InputError, parse_line
from simulator.scenario import conversation as conv
from simulator.scenario.builtins import BUILTIN_NAMES
from simulator.scenario.model import (
    Causes,
    Change,
    Character,
    Choice,
    Drift,
    Ending,
    Fact,
    Feedback,
    Keyword,
    Limits,
    Line,
    OutcomeStep,
    Person,
    Phase,
    Playthrough,
    ReactionCase,
    Referral,
    Scenario,
    Transition,
    Trigger,
    Variable,
)
from simulator.scenario.resources import DEFAULTS_PATH, SCHEMA_PATH
from simulator.schema import schema_diagnostics
from simulator.yamlpos import Located, PathKey, load_yaml


@cache
def scenario_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


class _Builder:
    """Turns schema-valid data into a Scenario, collecting every reference problem."""

    def __init__(self, located: Located) -> None:
        self.loc = located
        self.data: dict[str, Any] = located.data
        self.diags: list[Diagnostic] = []
        self.variables: dict[str, Variable] = {}
        self.known_names: frozenset[str] = BUILTIN_NAMES
        self.facts: dict[str, Fact] = {}

    def error(self, key: PathKey, message: str, hint: str = "") -> None:
        self.diags.append(self.loc.diagnostic(key, "error", message, hint))

    def warning(self, key: PathKey, message: str, hint: str = "") -> None:
        self.diags.append(self.loc.diagnostic(key, "warning", message, hint))

    # -- small pieces -------------------------------------------------------------
    def condition(self, raw: Any, key: PathKey) -> Condition | None:
        if raw is None:
            return None
        try:
            return compile_condition(raw, self.known_names)
        except ConditionError as exc:
            names = sorted(self.variables) + sorted(BUILTIN_NAMES) + sorted(self.known_names - BUILTIN_NAMES - set(self.variables))
            word = str(exc).split("'")[1] if "unknown name" in str(exc) else ""
            hint = did_you_mean(word, names) if word else "e.g. \"agitation >= 70 and trust < 30\""
            if word and "did you" not in hint:
                hint = f"declare it under `variables:` or use one of: {', '.join(names)}"
            self.error(key, str(exc), hint)
            return None

    def change(self, raw: dict[str, Any] | None, key: PathKey) -> Change:
        result: Change = {}
        for name, value in (raw or {}).items():
            var = self.variables.get(name)
            if var is None:
                self.error((*key, name), f"change to undeclared variable '{name}'", f"declare it under `variables:` ({did_you_mean(name, list(self.variables))})")
                continue
            if var.kind == "boolean" and not isinstance(value, bool):
                self.error((*key, name), f"'{name}' is true/false, so a change must be true or false, not {value!r}")
                continue
            if var.kind == "number" and isinstance(value, bool):
                self.error((*key, name), f"'{name}' is a number, so a change must be a number to add, not {value!r}")
                continue
            result[name] = value
        return result

    def reaction(self, raw: Any, key: PathKey) -> tuple[ReactionCase, ...]:
        if isinstance(raw, dict):
            return (ReactionCase(None, self.change(raw, key)),)
        cases = []
        for i, case in enumerate(raw):
            cases.append(ReactionCase(self.condition(case.get("when"), (*key, i, "when")), self.change(case.get("change"), (*key, i, "change"))))
        return tuple(cases)

    def line(self, raw: dict[str, Any], key: PathKey, topic: str | None = None) -> Line:
        requires, reveals = conv.line_requirements(self, raw, key, self.facts)
        return Line(
            id=raw["id"],
            text=raw["text"],
            when=self.condition(raw.get("when"), (*key, "when")),
            after=frozenset(raw.get("after", ())),
            speaker=raw.get("speaker"),
            cue=raw.get("cue"),
            change=self.change(raw.get("change"), (*key, "change")),
            requires=requires,
            reveals=reveals,
            refrain=bool(raw.get("refrain", False)),
            topic=topic,
        )

    # -- the whole file -------------------------------------------------------------
    def build(self) -> Scenario | None:
        d = self.data
        for name, spec in d["variables"].items():
            key: PathKey = ("variables", name)
            kind = spec.get("type") or ("boolean" if isinstance(spec["start"], bool) else "number")
            if kind == "boolean":
                if not isinstance(spec["start"], bool):
                    self.error((*key, "start"), f"'{name}' is true/false, so it must start as true or false")
                self.variables[name] = Variable(name, "boolean", bool(spec["start"]), 0, 1)
                continue
            lo, hi = float(spec.get("min", 0)), float(spec.get("max", 100))
            if isinstance(spec["start"], bool):
                self.error((*key, "start"), f"'{name}' is a number, so it must start as a number")
                continue
            if lo >= hi:
                self.error(key, f"'{name}' has min {lo:g} ≥ max {hi:g}", "make min smaller than max")
            elif not lo <= spec["start"] <= hi:
                self.error((*key, "start"), f"'{name}' starts at {spec['start']} outside its range {lo:g}–{hi:g}", "pick a start inside the range")
            if name in BUILTIN_NAMES:
                self.error(key, f"'{name}' is a built-in name", "rename the variable")
            self.variables[name] = Variable(name, "number", float(spec["start"]), lo, hi)
        self.known_names = BUILTIN_NAMES | frozenset(self.variables) | conv.condition_names(d)
        self.facts = conv.build_facts(self, d)

        defaults = default_reactions()
        tech = dict(defaults["techniques"])
        for tid, raw in d.get("reactions", {}).get("techniques", {}).items():
            tech[tid] = self.reaction(raw, ("reactions", "techniques", tid))
        acts = dict(defaults["actions"])
        for aid, raw in d.get("reactions", {}).get("actions", {}).items():
            acts[aid] = self.reaction(raw, ("reactions", "actions", aid))

        drift_raw = d.get("drift", {})
        drift = Drift(
            per_minute=self.change(drift_raw.get("per_minute"), ("drift", "per_minute")),
            silence_after=(drift_raw.get("silence") or {}).get("after_seconds"),
            silence_change=self.change((drift_raw.get("silence") or {}).get("change"), ("drift", "silence", "change")),
        )

        characters = {c["id"]: Character(c["id"], c["name"], c.get("voice")) for c in d.get("characters", [])}
        self._unique([("characters", i, "id") for i in range(len(d.get("characters", [])))], "character")

        keywords = []
        for i, kw in enumerate(d.get("keywords", [])):
            keywords.append(
                Keyword(kw["id"], tuple(p.lower() for p in kw["phrases"]), tuple(kw.get("techniques", ())),
                        self.change(kw.get("change"), ("keywords", i, "change")), bool(kw.get("once", False)), kw.get("teaching_point", ""))
            )
        self._unique([("keywords", i, "id") for i in range(len(keywords))], "keyword")

        phases: dict[str, Phase] = {}
        line_keys: list[PathKey] = []
        choice_keys: list[PathKey] = []
        for i, p in enumerate(d["phases"]):
            pk: PathKey = ("phases", i)
            enter = tuple(self.line(ln, (*pk, "enter", j)) for j, ln in enumerate(p.get("enter", [])))
            lines = tuple(self.line(ln, (*pk, "lines", j)) for j, ln in enumerate(p["lines"]))
            line_keys += [(*pk, "enter", j, "id") for j in range(len(enter))] + [(*pk, "lines", j, "id") for j in range(len(lines))]
            choices = []
            for j, c in enumerate(p.get("choices", [])):
                ck: PathKey = (*pk, "choices", j)
                choice_keys.append((*ck, "id"))
                fb = c.get("feedback")
                if c.get("action") and c["action"] not in d["actions"]:
                    self.warning((*ck, "action"), f"choice counts as action '{c['action']}', which this scenario does not offer", "add it to `actions:`")
                choices.append(Choice(c["id"], c["text"], tuple(c.get("techniques", ())), c.get("action"), c.get("referral"), c.get("rating"),
                                      Feedback(**fb) if fb else None, self.change(c.get("change"), (*ck, "change")),
                                      conv.check_fact_ids(self, c.get("requires"), (*ck, "requires"), self.facts), c.get("topic")))
                if not c.get("techniques") and not c.get("action") and not c.get("referral"):
                    self.warning(ck, f"choice '{c['id']}' counts as no technique, action or referral", "add `techniques:` so the person can react to it")
            for ln in (*enter, *lines):
                if ln.speaker and ln.speaker not in characters:
                    self.error(self._line_key(pk, ln.id, p), f"unknown speaker '{ln.speaker}'", f"declare it under `characters:` ({did_you_mean(ln.speaker, list(characters))})")
            phases[p["id"]] = Phase(p["id"], bool(p.get("start", False)), p.get("narration", ""), p.get("prompt", ""), enter, lines, tuple(choices))
        self._unique([("phases", i, "id") for i in range(len(d["phases"]))], "phase")
        topics = conv.build_topics(self, d, self.facts, line_keys)
        for pk3, p in enumerate(d["phases"]):
            for j, c in enumerate(p.get("choices", [])):
                if c.get("topic") and c["topic"] not in topics:
                    self.error(("phases", pk3, "choices", j, "topic"), f"unknown topic '{c['topic']}'", did_you_mean(c["topic"], list(topics)))
        self._unique(line_keys, "line")
        self._unique(choice_keys, "choice")

        endings: dict[str, Ending] = {}
        for e in d["endings"]:
            db = e["debrief"]
            endings[e["id"]] = Ending(e["id"], e["outcome"], e["title"], e.get("narration", ""), e.get("line", ""),
                                      Feedback(db["why"], db["consequences"], db["reflection"]), tuple(e.get("teaching_points", ())),
                                      self.condition(e.get("requires"), ("endings", len(endings), "requires")),
                                      Causes(tuple(e["causes"].get("acts", ())), e["causes"].get("pattern")) if isinstance(e.get("causes"), dict) else None)
        self._unique([("endings", i, "id") for i in range(len(d["endings"]))], "ending")
        for i, e in enumerate(d["endings"]):
            if e["id"] in phases:
                self.error(("endings", i, "id"), f"'{e['id']}' is both a phase and an ending", "rename one of them")

        starts = [p.id for p in phases.values() if p.start]
        if not starts:
            self.error(("phases",), "no phase is marked `start: true`", "mark exactly one phase with `start: true`")
        elif len(starts) > 1:
            second = [i for i, p in enumerate(d["phases"]) if p.get("start")][1]
            self.error(("phases", second, "start"), f"{len(starts)} phases are marked `start: true`: {', '.join(starts)}",
                       "mark exactly one phase with `start: true`")
        targets = set(phases) | set(endings)
        choice_ids = {c.id for p in phases.values() for c in p.choices}
        keyword_ids = {k.id for k in keywords}

        transitions = []
        for i, t in enumerate(d["transitions"]):
            tk: PathKey = ("transitions", i)
            sources = None if t["from"] == "*" else tuple(t["from"])
            for j, s in enumerate(sources or ()):
                if s not in phases:
                    hint = "endings are final: a transition cannot start from one" if s in endings else did_you_mean(s, list(phases))
                    self.error((*tk, "from", j), f"transition '{t['id']}' starts from undefined phase '{s}'", hint)
            if t["to"] not in targets:
                self.error((*tk, "to"), f"transition '{t['id']}' goes to undefined phase or ending '{t['to']}'", did_you_mean(t["to"], list(targets)))
            on = t.get("on")
            trigger = None
            if on is not None:
                for j, c in enumerate(on.get("choices", [])):
                    if c not in choice_ids:
                        self.error((*tk, "on", "choices", j), f"unknown choice '{c}'", did_you_mean(c, list(choice_ids)))
                for j, k in enumerate(on.get("keywords", [])):
                    if k not in keyword_ids:
                        self.error((*tk, "on", "keywords", j), f"unknown keyword '{k}'", f"declare it under `keywords:` ({did_you_mean(k, list(keyword_ids))})")
                for j, a in enumerate(on.get("actions", [])):
                    if a not in d["actions"]:
                        self.warning((*tk, "on", "actions", j), f"transition waits for action '{a}', which this scenario does not offer", "add it to `actions:` or remove it here")
                trigger = Trigger(*(frozenset(on.get(k, ())) for k in ("techniques", "actions", "choices", "keywords", "referrals")))
                if not any((trigger.techniques, trigger.actions, trigger.choices, trigger.keywords, trigger.referrals)):
                    self.error((*tk, "on"), f"transition '{t['id']}' has an empty `on:`", "list what triggers it, or remove `on:` to fire on `when` alone")
            elif "when" not in t:
                self.error(tk, f"transition '{t['id']}' has neither `on:` nor `when:`, so it would fire at once", "add a trigger or a condition")
            transitions.append(Transition(t["id"], sources, t["to"], trigger, self.condition(t.get("when"), (*tk, "when")),
                                          self.change(t.get("change"), (*tk, "change")), t.get("teaching_point", "")))
        self._unique([("transitions", i, "id") for i in range(len(d["transitions"]))], "transition")

        objectives = conv.build_objectives(self, d, {
            "topics": set(topics), "techniques": set(vocab.TECHNIQUES), "actions": set(vocab.ACTIONS), "referrals": set(vocab.REFERRALS),
            "choices": choice_ids, "keywords": keyword_ids, "facts": set(self.facts), "reflects": set(self.facts)})
        floors = conv.build_floors(self, d)
        variation = conv.build_variation(self, d)

        referrals: dict[str, Referral] = {}
        accept_defaults = default_referral_rules()
        for rid, r in d["referrals"].items():
            rk: PathKey = ("referrals", rid)
            accept = self.condition(r.get("accept_when"), (*rk, "accept_when")) if "accept_when" in r else accept_defaults[r["rating"]]
            steps = []
            for part in ("accepted", "declined"):
                raw = r.get(part) or {}
                if raw.get("to") and raw["to"] not in targets:
                    self.error((*rk, part, "to"), f"referral '{rid}' goes to undefined phase or ending '{raw['to']}'", did_you_mean(raw["to"], list(targets)))
                steps.append(OutcomeStep(raw.get("to"), raw.get("say", ""), self.change(raw.get("change"), (*rk, part, "change"))))
            if r["rating"] == "harmful" and rid != "jail" and "accept_when" in r and r["accept_when"] is not False:
                self.warning((*rk, "accept_when"), f"harmful referral '{rid}' can be accepted", "harmful resources are normally never accepted")
            referrals[rid] = Referral(rid, r["rating"], r["why"], accept or compile_condition(False), steps[0], steps[1])
        for rid in vocab.REFERRALS:
            if rid not in referrals:
                self.warning(("referrals",), f"referral '{rid}' is not rated for this person", "rate every resource in TECHNIQUES.md: best, acceptable, poor or harmful")

        limits = d["limits"]
        if limits["ending"] not in endings:
            self.error(("limits", "ending"), f"limits end in undefined ending '{limits['ending']}'", did_you_mean(limits["ending"], list(endings)))
        elif endings[limits["ending"]].outcome != "unresolved":
            self.warning(("limits", "ending"), f"running out of time ends in '{limits['ending']}', whose outcome is not `unresolved`", "use an ending with outcome unresolved")

        playthroughs = []
        for i, pt in enumerate(d["playthroughs"]):
            pk2: PathKey = ("playthroughs", i)
            exp = pt["expect"]
            if not exp.get("ending") and not exp.get("outcome"):
                self.error((*pk2, "expect"), f"playthrough '{pt['id']}' expects nothing", "give `ending:` and/or `outcome:`")
            if exp.get("ending") and exp["ending"] not in endings:
                self.error((*pk2, "expect", "ending"), f"playthrough expects undefined ending '{exp['ending']}'", did_you_mean(exp["ending"], list(endings)))
            for j, step in enumerate(pt["script"]):
                problem = script_line_problem(step, d["actions"], choice_ids)
                if problem:
                    self.error((*pk2, "script", j), problem[0], problem[1])
            playthroughs.append(Playthrough(pt["id"], pt.get("description", ""), int(pt.get("seed", 0)), tuple(pt["script"]),
                                            exp.get("ending"), exp.get("outcome"), self.loc.where(pk2)[0]))
        self._unique([("playthroughs", i, "id") for i in range(len(d["playthroughs"]))], "playthrough")

        if any(x.severity == "error" for x in self.diags):
            return None
        person = d["person"]
        digest = hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()
        return Scenario(
            id=d["id"], path=self.loc.path, content_hash=digest, title=d["title"], summary=d["summary"],
            learning_objectives=tuple(d["learning_objectives"]), difficulty=d["difficulty"], estimated_minutes=d["estimated_minutes"],
            content_warnings=tuple(d["content_warnings"]), setting=d["setting"], dispatch=d["dispatch"],
            person=Person(person["name"], person["age"], person["presentation"], person.get("appearance", ""), person["voice"]),
            characters=characters, variables=self.variables, actions=tuple(d["actions"]), technique_reactions=tech, action_reactions=acts,
            drift=drift, keywords=tuple(keywords), phases=phases, start_phase=starts[0], transitions=tuple(transitions),
            referrals=referrals, endings=endings,
            limits=Limits(limits["turns"], float(limits["minutes"]), limits["ending"]), playthroughs=tuple(playthroughs),
            declined_change=default_declined_change(),
            schema_version=int(d["schema_version"]), facts=self.facts, topics=topics, objectives=objectives, floors=floors,
            pacing=conv.build_pacing(d), variation=variation, instructor_cues=self._instructor_cues(d),
        )

    def _instructor_cues(self, d: dict[str, Any]) -> tuple[dict[str, Any], ...]:
        """The scenario's own instructor cues, their changes checked against the declared variables."""
        raw = d.get("instructor_cues") or []
        self._unique([("instructor_cues", i, "id") for i in range(len(raw))], "instructor cue")
        cues = []
        for i, c in enumerate(raw):
            change = self.change(c.get("change"), ("instructor_cues", i, "change"))
            cues.append({**c, "change": {k: v for k, v in change.items() if not isinstance(v, bool)}})
        return tuple(cues)

    def _unique(self, keys: list[PathKey], kind: str) -> None:
        seen: dict[str, PathKey] = {}
        for key in keys:
            value = self._get(key)
            if value in seen:
                line = self.loc.where(seen[value])[0]
                self.error(key, f"duplicate {kind} id '{value}' (first used on line {line})", f"give each {kind} its own id")
            else:
                seen[value] = key

    def _get(self, key: PathKey) -> Any:
        node: Any = self.data
        for part in key:
            node = node[part]
        return node

    def _line_key(self, pk: PathKey, line_id: str, raw_phase: dict[str, Any]) -> PathKey:
        for part in ("enter", "lines"):
            for j, ln in enumerate(raw_phase.get(part, [])):
                if ln["id"] == line_id:
                    return (*pk, part, j, "speaker")
        return pk


def script_line_problem(step: str, offered: list[str] | tuple[str, ...], choice_ids: set[str]) -> tuple[str, str] | None:
    """Why a playthrough script line cannot be played, or None if it can (``simulator.inputs`` reads the language)."""
    try:
        parse_line(step, "script", choice_ids=choice_ids)
    except InputError as exc:
        return (exc.problem, exc.hint)
    return None


@cache
def _defaults() -> dict[str, Any]:
    located = load_yaml(DEFAULTS_PATH)
    data: dict[str, Any] = located.data
    return data


@cache
def default_reactions() -> dict[str, dict[str, tuple[ReactionCase, ...]]]:
    """The reactions every scenario starts from (defaults.yaml), compiled."""
    data = _defaults()
    known = BUILTIN_NAMES | {"agitation", "trust"}

    def compile_reaction(raw: Any) -> tuple[ReactionCase, ...]:
        if isinstance(raw, dict):
            return (ReactionCase(None, dict(raw)),)
        return tuple(ReactionCase(compile_condition(c["when"], known) if "when" in c else None, dict(c.get("change", {}))) for c in raw)

    return {
        "techniques": {t: compile_reaction(data["techniques"].get(t, {})) for t in vocab.TECHNIQUES},
        "actions": {a: compile_reaction(data["actions"].get(a, {})) for a in vocab.ACTIONS},
    }


@cache
def default_referral_rules() -> dict[str, Condition]:
    known = BUILTIN_NAMES | {"agitation", "trust"}
    return {r: compile_condition(c, known) for r, c in _defaults()["referrals"]["accept_when"].items()}


def default_declined_change() -> Change:
    return dict(_defaults()["referrals"]["declined_change"])


def load_scenario(path: str | Path, text: str | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load and check one scenario file. The scenario is None when there is any error."""
    try:
        located = load_yaml(path, text)
    except InvalidFile as exc:
        return None, exc.diagnostics
    if not isinstance(located.data, dict):
        return None, [located.diagnostic((), "error", "a scenario file must be a mapping of keys", "start with `schema_version: 1`")]
    diags = schema_diagnostics(located, scenario_schema(), "scenario")
    if diags:
        return None, diags
    builder = _Builder(located)
    scenario = builder.build()
    diags = builder.diags
    if scenario is not None:
        from simulator.scenario.checks import graph_diagnostics

        diags += graph_diagnostics(scenario, located)
        if any(x.severity == "error" for x in diags):
            scenario = None
    return scenario, diags


def load_scenario_or_raise(path: str | Path) -> Scenario:
    """Load a scenario for play; raise InvalidFile (with every message) if it has errors."""
    scenario, diags = load_scenario(path)
    if scenario is None:
        raise InvalidFile(diags)
    return scenario
