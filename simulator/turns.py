"""The trainee's turns, reassembled from the event stream, with what each one carried.

Scoring and the rubric judge *turns*, not events: what the officer said or did,
how it was read, how it moved the person, and whether it carried anything of
the person's own story. Content is what separates listening from reciting a
script, so each spoken turn also records which of the person's own words it
gave back, and whether it nearly repeats an earlier turn (parroting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.events import SessionEvent

# Events the conversation layer (issue 11) adds; read when present, by name so that
# scoring works on logs recorded before they existed.
LISTENING = getattr(ev, "LISTENING", "listening")
OBJECTIVE_MET = getattr(ev, "OBJECTIVE_MET", "objective_met")
INPUT = getattr(ev, "INPUT", "input")
REPEAT_SIMILARITY = 0.7  # word-set overlap at which a turn counts as the same turn again

# Reflections: the moves whose worth depends on carrying the person's own content.
REFLECTIONS = frozenset({"paraphrase", "summarize", "emotion_label", "validate"})
# Words that carry no story of their own: function words, the feelings any script names,
# and the officer's own stock phrases. A reflection made only of these is generic.
_STOP = frozenset("""
a about above after again against all am an and any anybody anyone anything are aren't around as at be because been
before being below between both but by can can't could couldn't did didn't do does doesn't doing don't down during each
every everybody everyone everything few for from further get gets getting go going gonna got had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
is isn't it it's its itself just know let let's like lot make makes me mean might more most much must my myself need no
nor not now of off okay ok on once one only or other ought our ours ourselves out over own really right said same say
says see seems she she'd she'll she's should shouldn't so some something sound sounds still such sure take tell than
thank thanks that that's the their theirs them themselves then there there's these they they'd they'll they're they've
thing things think this those through tonight today to too under until up us very want wanted was wasn't way we we'd
we'll we're we've well were weren't what what's when when's where where's which while who who's whom why why's will
with won't would wouldn't yeah yes you you'd you'll you're you've your yours yourself yourselves hi hey hello mm hm
hmm uh um oh officer police name my sir ma'am maam man buddy
feel feeling feelings felt scared afraid frightened upset angry mad sad hard tough rough difficult awful terrible
frustrated frustrating overwhelmed overwhelming stressed stress worried worry anxious alone lonely tired exhausted
hurt hurting pain okay fine safe help helping helps support time rush hurry sense makes anybody anyone would understand
understandable listening listen hear hearing heard going through been lately right now really very so much such
""".split())
_WORD = re.compile(r"[a-z][a-z']+")
_HARM_WORDS = re.compile(
    r"\b(?:kill(?:ing)?\s+(?:your|him|her|them)sel(?:f|ves)|suicid\w*|end(?:ing)?\s+(?:your|his|her)\s+(?:own\s+)?life|"
    r"end(?:ing)?\s+it(?:\s+all)?|take\s+your\s+(?:own\s+)?life|(?:hurt|harm)(?:ing)?\s+(?:yourself|himself|herself)|"
    r"self\s*harm\w*|(?:want|wanting|wanted)\s+to\s+die|better\s+off\s+dead|(?:not|never)\s+(?:to\s+)?wake\s+up|"
    r"jump(?:ing)?|let(?:ting)?\s+go|switch(?:ing)?\s+off\s+for\s+good|not\s+(?:want\s+to\s+)?be\s+(?:here|alive|around)|"
    r"(?:hurt|harm|kill)(?:ing)?\s+(?:someone|somebody|anyone|anybody|other people|others)|dying|dead|die)\b"
)


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes kept, digits and punctuation dropped)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry a story: no function words, no stock feelings."""
    return {_stem(w.removesuffix("'s").rstrip("'")) for w in words(text) if w not in _STOP and len(w) > 2}


def _stem(word: str) -> str:
    """A crude stem so that 'sold'/'selling' stay apart but 'houses'/'house' meet."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def similarity(a: str, b: str) -> float:
    """How alike two turns are, 0–1 (word-set overlap): 1 is the same turn again."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def is_harm_question(text: str) -> bool:
    """Whether a turn's words really ask about suicide or self-harm (or harming others).

    The reader may label "have you taken anything today?" as asking about harm;
    an instructor would not count it, and neither does the risk screening.
    """
    return bool(_HARM_WORDS.search(" ".join(words(text))))


STUFFED_KEYWORDS = 3  # scenario trigger words in one turn
STUFFED_TECHNIQUES = 4  # different techniques read in one turn
STUFFED_CONTENT = 7  # content words in one turn ...
STUFFED_DENSITY = 0.7  # ... making up this share of its words: a word list, not a sentence


STUFFED_UNTOLD = 3  # the person's facts named in one turn before she told them (the session records them)
STUFFED_CUES = 4  # different trigger phrases of the scenario strung into one turn (the session records them): a cue list
STUFFED_QUESTIONS = 4  # questions in one turn: a checklist read out, not a conversation (one question at a time)
_QUESTION_OPENER = re.compile(
    r"\b(?:do|does|did|are|is|was|were|have|has|can|could|would|will|what|what's|where|when|who|why|how)\s+"
    r"(?:you|your|he|she|they|it|there|anyone|anybody|anything|is|are|do|did|many|much|long|happened|going)\b")


def questions_in(text: str) -> int:
    """How many questions a turn asks: its question marks, or (recogniser text has none) its question openings."""
    marked = text.count("?")
    return marked if marked else len(_QUESTION_OPENER.findall(text.lower()))


def is_stuffed(text: str, techniques: list[str], keywords: int = 0, untold: int = 0, cues: int = 0) -> bool:
    """Whether a turn is keyword stuffing: many trigger words, many techniques at once, several of the person's
    facts named before she told them, a string of questions fired in one breath, or a bare list of content words.

    ``keywords`` counts the scenario's keywords a turn fired, ``cues`` the different trigger phrases it strings
    together, whichever keyword they belong to and whether it fired before: "your phone says, your card, your
    note, your lanyard, thank you for showing me" is one keyword but five phrases, a list recited at the person.
    A sentence an officer says to this person names one to three (tests/test_stuffing.py measures the skilled
    and calibration transcripts).
    """
    if keywords >= STUFFED_KEYWORDS or len(set(techniques) - {"other"}) >= STUFFED_TECHNIQUES or untold >= STUFFED_UNTOLD:
        return True
    if cues >= STUFFED_CUES:
        return True
    if questions_in(text) >= STUFFED_QUESTIONS:
        return True
    all_words = words(text)
    content = content_words(text)
    return len(content) >= STUFFED_CONTENT and len(content) >= STUFFED_DENSITY * max(1, len(all_words))


@dataclass
class Turn:
    """One trainee turn, reassembled from the events."""

    number: int
    t: float
    kind: str = ""
    text: str = ""
    primary: str = ""
    techniques: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)  # technique id -> the reader's confidence
    action: str | None = None
    referral: dict[str, Any] | None = None
    delta: dict[str, float] = field(default_factory=dict)
    agitation_after: float | None = None
    agitation_before: float | None = None
    topic: str | None = None
    choice: str | None = None
    choice_rating: str | None = None
    # what the person had said before this turn, and which of their words this turn gave back
    echoed: set[str] = field(default_factory=set)
    listening_quality: str | None = None  # "content" | "generic" | "misfire", when the session judged it
    repeat_of: int | None = None  # an earlier turn this one nearly repeats
    keywords: int = 0  # scenario keywords heard in this turn
    untold: int = 0  # the person's facts this turn named before she told them
    cues: int = 0  # the scenario's trigger phrases this turn strung together (recorded only when it is a list of them)
    stuffed: bool = False  # a list of trigger words or stock phrases, not a sentence to this person
    objectives: list[str] = field(default_factory=list)

    @property
    def spoken(self) -> bool:
        return bool(self.techniques) and self.kind in ("said", "choice")

    @property
    def words(self) -> int:
        return len(words(self.text))


def turns_of(events: list[SessionEvent]) -> list[Turn]:
    """The trainee's turns with what each did, how it moved the person and what it carried."""
    said_in: dict[int, set[str]] = {}  # the person's content words, by the turn they were said in
    for e in events:
        if e.type == ev.SESSION_STARTED and e.data.get("briefing"):  # what dispatch told the officer is known from the start
            said_in.setdefault(0, set()).update(content_words(str(e.data["briefing"])))
        if e.type == ev.PERSON_SAID:
            said_in.setdefault(e.turn, set()).update(content_words(str(e.data.get("text", ""))))
    turns: dict[int, Turn] = {}
    agitation: float | None = None
    for e in events:
        d = e.data
        if e.type == ev.SESSION_STARTED:
            start = d.get("variables", {}).get("agitation")
            agitation = float(start) if isinstance(start, (int, float)) else None
        if e.turn == 0 or e.type in (ev.PERSON_SAID, INPUT):  # an input is logged before its turn begins
            continue
        if e.turn not in turns:
            turns[e.turn] = Turn(e.turn, e.t, agitation_before=agitation)
        turn = turns[e.turn]
        if e.type == ev.TRAINEE_SAID:
            turn.kind, turn.text = "said", d["text"]
        elif e.type == ev.CHOICE_MADE:
            turn.kind, turn.choice, turn.choice_rating = "choice", d.get("choice"), d.get("rating")
            turn.text = d.get("said") or d["text"]
        elif e.type == ev.UNDERSTOOD:
            turn.primary = d["primary"]
            turn.techniques = [h["id"] for h in d["techniques"]]
            turn.confidence = {h["id"]: float(h.get("confidence", 1.0)) for h in d["techniques"]}
            topic = d.get("topic")
            turn.topic = topic.get("id") if isinstance(topic, dict) else topic
            turn.untold = len(d.get("untold") or ())
            turn.cues = len(d.get("cues") or ())
        elif e.type == ev.ACTION_TAKEN:
            turn.action = d["action"]
            turn.kind = turn.kind or "action"
        elif e.type == ev.REFERRAL_OFFERED:
            turn.referral = d
            turn.kind = turn.kind or "referral"
        elif e.type == ev.STATE_CHANGED:
            for k, (old, new) in d["changes"].items():
                if isinstance(new, bool) or isinstance(old, bool):
                    continue
                turn.delta[k] = turn.delta.get(k, 0.0) + float(new) - float(old)
            if "agitation" in d.get("variables", {}):
                turn.agitation_after = agitation = float(d["variables"]["agitation"])
        elif e.type == ev.KEYWORD_HEARD:
            turn.keywords += 1
        elif e.type == LISTENING:
            turn.listening_quality = d.get("quality")
        elif e.type == OBJECTIVE_MET:
            turn.objectives.append(str(d.get("objective")))
        elif e.type == ev.REPAIR and d.get("quoted"):
            # the session heard an apology naming the misstep it owns: the slip read in it is not a new one
            quoted = set(d["quoted"])
            kept = [x for x in turn.techniques if x not in quoted]
            turn.techniques = kept if "apologize" in kept else ["apologize", *kept]
            turn.confidence = {k: v for k, v in turn.confidence.items() if k not in quoted}
            turn.confidence.setdefault("apologize", 1.0)
            turn.primary = vocab.primary_of(turn.techniques)
    out = [turns[k] for k in sorted(turns)]
    earlier: list[Turn] = []
    for turn in out:
        if not turn.text:
            continue
        heard = set().union(*(w for n, w in said_in.items() if n < turn.number))
        turn.echoed = content_words(turn.text) & heard
        turn.stuffed = is_stuffed(turn.text, turn.techniques, turn.keywords, turn.untold, turn.cues)
        turn.repeat_of = next((p.number for p in earlier if similarity(p.text, turn.text) >= REPEAT_SIMILARITY), None)
        earlier.append(turn)
    return out
