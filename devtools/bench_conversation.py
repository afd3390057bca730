"""``deescalate bench conversation``: does the person answer what was said?

Reads the held-out officer questions (tests/fixtures/heldout/topic_questions.jsonl,
written by another hand, never used for tuning) and prints, per scenario:

- topic accuracy: the topic reader's topic against the label;
- on-topic replies: after a respectful opening, the share of replies that
  answer the labelled topic (a fresh session per question);
- repeats per 100 replies: the same person line twice in a row, or a line more
  than twice in a session (not a refrain), over the embedded playthroughs and
  one long session per scenario that asks every held-out question in turn;
- time per turn, p50 and p99 (noisy on a shared machine).

Held-out labels of the form ``scenario:<description>`` name a person's own
thing; ``OWN_TOPICS`` maps each to the scenario's topic id, or to the nearest
common topic where the scenario declares none (so a missing topic shows as a
miss, honestly, instead of being dropped).
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "heldout" / "topic_questions.jsonl"
NONE = HELDOUT.with_name("topic_none.jsonl")  # pure listening lines: a topic found in one is a false positive

# What the held-out descriptions refer to, per scenario (the mapping is written from the descriptions only).
OWN_TOPICS: dict[str, dict[str, str]] = {
    "bridge_suicidal": {
        "car with hazard lights": "hazard_lights", "coming back over the railing": "railing", "crisis line number": "call_someone",
        "divorce": "divorce", "fire crew": "officer", "house sale": "house", "how long out here": "what_happened",
        "job at the practice": "job", "sister Karen and the text": "sister", "son Eli": "son", "the traffic below": "staring_cars",
    },
    "intoxication_meth": {
        "white truck": "truck", "ice machine clicking": "ice_machine", "bugs under the skin": "arms", "heart and chest": "heart",
        "shade": "shade", "roofing work": "work", "daughter Kaylee": "kaylee", "Bri": "bri", "probation": "probation",
        "paramedics": "ems", "cramps and urine": "cramps", "clerk Priya": "store",
    },
    "veteran_ptsd": {
        "pistol in the glovebox": "pistol", "flashlight": "flashlight", "fireworks": "fireworks", "military service": "service",
        "Danny": "danny", "wife Linda": "linda", "the dog": "dog", "VA counselor": "va_care", "Vet Center Marine": "peer",
        "roofline and perimeter": "roofline", "headphones and basement": "coping", "breathing and heart": "breathing",
    },
    "psychosis_paranoia": {
        "the van": "van", "the doorbell camera": "camera", "the knife": "knife", "the voices": "voices",
        "the counting in the walls": "voices", "the clinic shot": "medication", "sister Ana": "sister", "case manager Lorna": "lorna",
        "hospital last time": "hospital_fear", "print shop job": "work", "cover officer Haskins": "other_officer",
        "neighbour Mrs Abernathy": "neighbour",
    },
    "dementia_lost": {
        "the car": "car", "Hartwell work": "work", "foreman Frank": "the_shift", "wife Helen": "helen", "daughter Karen": "karen",
        "medical bracelet": "bracelet", "wet slippers and feet": "temperature", "coat": "temperature", "the fall by the curb": "injuries",
        "the baby coming": "baby", "warm car": "warm_car",
    },
    "autistic_overload": {
        "five forty train": "train", "broken headphones": "headphones", "communication card": "her_card", "sunflower lanyard": "her_card",
        "the noise": "noise", "the man who grabbed her": "grabbed", "hitting her head": "self_injury", "mom": "mom", "Dr. Patel": "therapist",
        "college": "college", "weighted blanket": "weighted_blanket", "quieter place": "quiet_room", "switch off for good": "suicide",
        "getting home without the train": "getting_home",
    },
}

OPENING = ["hi my name is officer ruiz i'm here to make sure you're okay", "/step_back", "there's no rush we can take all the time you need"]


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def expected_topic(item: dict[str, Any], topics: set[str]) -> str:
    """The scenario topic id a held-out label means (``?`` when unmapped)."""
    label = str(item["topic"])
    if not label.startswith("scenario:"):
        return label
    mapped = OWN_TOPICS.get(item["scenario"], {}).get(label.removeprefix("scenario:"))
    if mapped is None:
        return "?"
    return mapped if mapped in topics else "?"


def _repeats(events: list[Any], refrains: frozenset[str] = frozenset()) -> tuple[int, int]:
    """(replies, repeats) in one session's events: a line twice in a row, or past twice a session unless the
    scenario marks it a refrain (a refrain may come back, never twice in a row)."""
    from simulator import events as ev

    said = [e.data.get("line") for e in events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
    counts: Counter[str] = Counter()
    bad = 0
    for i, line in enumerate(said):
        counts[line] += 1
        if (i and said[i - 1] == line) or (counts[line] > 2 and line not in refrains):
            bad += 1
    return len(said), bad


def refrain_ids(scenario: Any) -> frozenset[str]:
    """The ids of the lines a scenario marks ``refrain: true`` (phase lines and topic answers)."""
    lines = [ln for ph in scenario.phases.values() for ln in (*ph.enter, *ph.lines)]
    lines += [a for t in scenario.topics.values() for a in (*t.answers, *getattr(t, "repeat", ()))]
    return frozenset(ln.id for ln in lines if getattr(ln, "refrain", False))


def run(print_: Callable[[str], None] = print, path: Path = HELDOUT) -> dict[str, Any]:
    from simulator import events as ev
    from simulator.catalog import scenario_files
    from simulator.clock import ManualClock
    from simulator.conversation.person import topic_reader
    from simulator.scenario.loader import load_scenario
    from simulator.script import parse_script, play_steps, run_script
    from simulator.session import Session
    from simulator.understanding import default_reader

    if not path.exists():
        print_(f"no held-out questions at {path}")
        return {}
    items = _load(path)
    reader = default_reader()
    scenarios = {}
    for f in scenario_files():
        s, _ = load_scenario(f)
        if s is not None:
            scenarios[s.id] = s
    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_scenario[item["scenario"]].append(item)
    opening = parse_script("\n".join(OPENING), "opening")
    results: dict[str, Any] = {}
    turn_ms: list[float] = []
    print_(f"{'scenario':22} {'n':>4} {'topic acc':>9} {'on topic':>9} {'fact q on top':>13} {'repeats/100':>11}")
    for sid, rows in sorted(by_scenario.items()):
        s = scenarios.get(sid)
        if s is None or not s.conversational:
            print_(f"{sid:22} {len(rows):4}   (schema {s.schema_version if s else '?'}: no topics yet)")
            results[sid] = {"n": len(rows), "topic_accuracy": None, "on_topic": None}
            continue
        topics = set(s.topics)
        treader = topic_reader(s)
        right = on_topic = facts_asked = facts_on_topic = 0
        for i, item in enumerate(rows):
            want = expected_topic(item, topics)
            hit = treader.read(item["text"])
            right += hit is not None and hit.id == want
            session = Session(s, seed=i, clock=ManualClock(), reader=reader)
            play_steps(session, opening)
            if session.finished:
                continue
            mark = len(session.events)
            t0 = time.perf_counter()
            session.say(item["text"], source="typed" if item.get("style") == "typed" else "speech")
            turn_ms.append((time.perf_counter() - t0) * 1000)
            said = [e for e in session.events[mark:] if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
            answered = any(e.data.get("topic") == want for e in said)
            on_topic += answered
            if item.get("kind", "fact_question") == "fact_question":
                facts_asked += 1
                facts_on_topic += answered
        # one long session asking everything in turn, plus the embedded playthroughs, for repeats
        replies = repeats = 0
        long_session = Session(s, seed=1, clock=ManualClock(), reader=reader)
        play_steps(long_session, opening + parse_script("\n".join(r["text"] for r in rows), "questions"))
        refrains = refrain_ids(s)
        n, b = _repeats(long_session.events, refrains)
        replies, repeats = replies + n, repeats + b
        for pt in s.playthroughs:
            done = run_script(s, parse_script("\n".join(pt.script), pt.id), seed=pt.seed, reader=reader)
            n, b = _repeats(done.events, refrains)
            replies, repeats = replies + n, repeats + b
        acc, share = right / len(rows), on_topic / len(rows)
        fact_share = facts_on_topic / max(1, facts_asked)
        per100 = 100 * repeats / max(1, replies)
        results[sid] = {"n": len(rows), "topic_accuracy": round(acc, 3), "on_topic": round(share, 3), "fact_questions_on_topic": round(fact_share, 3),
                        "repeats_per_100": round(per100, 2)}
        print_(f"{sid:22} {len(rows):4} {acc:9.1%} {share:9.1%} {fact_share:13.1%} {per100:11.2f}")
    if NONE.exists():
        nones = _load(NONE)
        false = sum(1 for item in nones if item["scenario"] in scenarios and scenarios[item["scenario"]].conversational
                    and topic_reader(scenarios[item["scenario"]]).read(item["text"]) is not None)
        counted = sum(1 for item in nones if item["scenario"] in scenarios and scenarios[item["scenario"]].conversational)
        if counted:
            print_(f"topic found in a pure listening line: {false}/{counted} ({false / counted:.0%})")
            results["false_topics"] = round(false / counted, 3)
    if turn_ms:
        p50 = statistics.median(turn_ms)
        p99 = sorted(turn_ms)[min(len(turn_ms) - 1, int(0.99 * len(turn_ms)))]
        print_(f"time per turn: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(turn_ms)} turns (shared machine: noisy)")
        results["turn_ms"] = {"p50": round(p50, 2), "p99": round(p99, 2)}
    return results
