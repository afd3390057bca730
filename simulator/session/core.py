"""One playthrough of a scenario: the orchestrator of a turn.

``Session.handle`` takes one input (``simulator.inputs``), logs it, and runs the
turn through the parts, each in its own module:

- ``changes``: the change accumulator (what a step did to the state) and ``apply``;
- ``reactions``: how techniques (weighted) and actions (a table) move the person;
- ``phases``: the transition chooser and the ``transitions`` machine holding the phase;
- ``lines``: the line picker.

This module keeps the order of a turn (settle drift, read, react, choose a
transition or a reply, check the limits) and turns everything into events.
Randomness comes from a seeded generator and time from an injected clock, so
the same inputs at the same times always give the same session. Observers that
raise are detached and reported as an ``observer_failed`` event: a turn is never
left half-applied.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Container, Iterable
from dataclasses import replace
from typing import Any

from simulator import events as ev
from simulator import inputs
from simulator import vocabulary as vocab
from simulator.clock import Clock, ManualClock
from simulator.conversation.listening import MISFIRE_CHANGE, REFLECTIONS, ListeningGrade
from simulator.conversation.objectives import TurnContent
from simulator.conversation.person import NO_ANSWER_TO, Conversation
from simulator.events import EventType, SessionEvent
from simulator.inputs import QUIT_REASON, Act, Choose, Input, Quit, Refer, Say, Tick, Wait
from simulator.scenario.builtins import OFFICER_FACTS
from simulator.scenario.model import Change, Choice, Keyword, Line, Scenario, Transition
from simulator.session import phases, reactions
from simulator.session.changes import Changes, apply, rounded_all
from simulator.session.lines import LinePicker
from simulator.session.ruptures import RuptureKeeper
from simulator.turns import STUFFED_CUES, is_stuffed
from simulator.understanding import default_reader
from simulator.understanding.matching import match_choice
from simulator.understanding.normalize import normalize
from simulator.understanding.promises import TEACHING as PROMISE_TEACHING
from simulator.understanding.promises import broken_by, promises
from simulator.understanding.reading import Reader, Reading, TechniqueHit
from simulator.understanding.resources import named_resources, people_of

log = logging.getLogger(__name__)

UNTOLD_STUFFED = 3  # facts of hers named in one turn before she told them: a list of cue words, recorded for scoring
HOSTILE_SURE = 0.5  # the confidence from which a threat or an insult under a question stops it being answered
HOSTILE_LEADS = 0.4  # ... or, leading the turn, from which it does: a fainter one is a misreading of a plain question
SOFTENED_COMMAND = 0.5  # a polite or hedged order (the reader marks it softened) moves the person half as far as a bare one


class Session:
    """A live or scripted session. Call ``start()``, then say/choose/act/refer/wait/tick."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 0,
        clock: Clock | None = None,
        reader: Reader | None = None,
        trainee: str = "",
    ) -> None:
        self.scenario = scenario
        self.seed = seed
        self.clock: Clock = clock or ManualClock()
        self.reader: Reader = reader or default_reader()
        self.trainee = trainee
        self.rng = random.Random(seed)
        self.events: list[SessionEvent] = []
        self._listeners: list[Callable[[SessionEvent], None]] = []
        self.variables: dict[str, float | bool] = {n: v.start for n, v in scenario.variables.items()}
        # Schema 2: the person's side of the conversation (memory, topics, listening, objectives, floors, pacing).
        self.conversation: Conversation | None = Conversation(scenario, seed) if scenario.conversational else None
        if self.conversation is not None:
            self.variables = self.conversation.starting_variables(self.variables)
        self._content = TurnContent()  # what this turn did, as objectives read it
        self._turn: dict[str, Any] = {}  # what this turn carried: topic, facts told, facts reflected, a phase gate opened
        self.officer: dict[str, float | bool] = dict(OFFICER_FACTS)
        self.turn = 0
        self.phase_turns = 0
        self.ending: str | None = None
        self.closed = False
        self._t0 = 0.0
        self._step_now: float | None = None  # the clock read once for the input being handled (``_now``)
        self.stamp = 0.0  # the exact (unrounded) session time of the event being written: the recorder keeps it
        self._last_drift = 0.0
        self._last_input = 0.0
        self._silence_periods = 0
        self._weights = reactions.TechniqueWeights()
        self._lines = LinePicker(self.rng)
        self._keywords_used: set[str] = set()
        self._phases = phases.PhaseMachine(scenario)
        self._ruptures = RuptureKeeper(scenario)  # ruptures, repairs, and which catastrophic endings have a cause (issue 19)
        self._briefed: set[str] | None = None  # the person's facts the trainee read in the briefing (computed once)
        self._people: dict[str, str] | None = None  # first names in this scenario, and the help each is ("" the person)
        self._pending: str | None = None  # an offer she is weighing until the minimum pace is met
        self._promises: dict[str, int] = {}  # what the officer promised in words, and the turn (issue 12: a broken one is taught)
        self._broken: set[str] = set()
        self.machine = self._phases.machine  # the ``transitions`` machine itself (tests look at its model)

    # -- observing ------------------------------------------------------------------
    def subscribe(self, listener: Callable[[SessionEvent], None]) -> None:
        """Call ``listener`` with every event from now on (the app, the recorder)."""
        self._listeners.append(listener)

    @property
    def phase(self) -> str:
        return self._phases.phase

    @property
    def started(self) -> bool:
        return bool(self.events)

    @property
    def finished(self) -> bool:
        return self.ending is not None or self.closed

    def elapsed(self) -> float:
        return self._now() - self._t0

    def _now(self) -> float:
        """The time of the input being handled, read once for all of it; outside an input, the clock.

        Drift, silence and every event of one input see the same instant, the
        one its events are stamped with. Replay sets its clock from those
        stamps, so a live session that took a few ms (or, on a loaded machine,
        far more) between reading the clock for drift and writing the event
        still replays to exactly the same numbers.
        """
        return self._step_now if self._step_now is not None else self.clock.now()

    def env(self) -> dict[str, float | bool]:
        """Everything a condition may read, now."""
        elapsed = self.elapsed() if self.started else 0.0
        silence = (self._now() - self._last_input) if self.started else 0.0
        told = self.conversation.env() if self.conversation is not None else {}
        return {**self.variables, **self.officer, **told, "turn": self.turn, "phase_turns": self.phase_turns, "elapsed": elapsed, "silence": silence,
                **self._ruptures.env()}

    def available_choices(self) -> tuple[Choice, ...]:
        """The menu now: the phase's choices whose facts the person has told (all of them in schema 1)."""
        choices = self.scenario.phases[self.phase].choices
        if self.conversation is None:
            return choices
        known = self.conversation.memory.known
        return tuple(c for c in choices if c.requires <= known)

    def snapshot(self) -> dict[str, Any]:
        return {"phase": self.phase, "variables": dict(self.variables), "officer": dict(self.officer), "turn": self.turn,
                "elapsed": round(self.elapsed(), 3) if self.started else 0.0, "ending": self.ending}

    # -- inputs ---------------------------------------------------------------------
    def handle(self, value: Input) -> Any:
        """The one entry point for what the trainee does: the input is logged as an ``input`` event, then acted on.

        Returns what the input's own method returns (``say``: the Reading or None;
        ``choose``/``act``: whether it counted; ``refer``: whether the person
        accepted, None if ignored). A tick or a quit outside a live session does nothing and is not logged.
        """
        if isinstance(value, Tick | Quit) and (not self.started or self.finished):
            return None
        if self._step_now is not None:  # an observer's input inside an input: it is part of the same instant
            return self._handle(value)
        self._step_now = self.clock.now()
        try:
            return self._handle(value)
        finally:
            self._step_now = None

    def _handle(self, value: Input) -> Any:
        if not self.started:
            self.start()
        self._emit(ev.INPUT, **inputs.to_dict(value))
        if isinstance(value, Say):
            heard = {k: v for k, v in (("heard", value.heard), ("confidence", value.confidence)) if v not in ("", None)}
            return self._do_say(value.text, value.source, heard)
        if isinstance(value, Choose):
            return self._do_choose(value.choice)
        if isinstance(value, Act):
            return self._do_act(value.action)
        if isinstance(value, Refer):
            return self._do_refer(value.resource)
        if isinstance(value, Wait):
            return self._do_wait(value.seconds)
        if isinstance(value, Tick):
            self._do_tick()
            if self._pending_due():  # time has let her answer what she was weighing
                self._resume()
            return None
        return self._do_quit(value.reason)

    def say(self, text: str, source: str = "typed") -> Reading | None:
        """The trainee said or typed ``text``."""
        return self.handle(Say(text, source))  # type: ignore[no-any-return]

    def choose(self, choice_id: str) -> bool:
        """The trainee picked a menu choice of the current phase."""
        return bool(self.handle(Choose(choice_id)))

    def act(self, action: str) -> bool:
        """The trainee took an action (a button, or /ACTION in the terminal)."""
        return bool(self.handle(Act(action)))

    def refer(self, resource: str) -> bool | None:
        """The trainee offered a referral. Returns whether the person accepted (None: ignored)."""
        return self.handle(Refer(resource))  # type: ignore[no-any-return]

    def wait(self, seconds: float) -> None:
        """The trainee stays silent for ``seconds`` (moves a manual clock; live time just passes)."""
        self.handle(Wait(seconds))

    def tick(self) -> None:
        """Let time act: drift, silence, the time limit. The app calls this every second or so."""
        self.handle(Tick())

    def quit(self, reason: str = QUIT_REASON) -> None:
        """Stop without an ending (the officer left, or the app closed)."""
        self.handle(Quit(reason))

    def perform(self, kind: str, value: str = "", source: str = "typed") -> None:
        """One input by name (``say``, ``choose``, ``act``/``action``, ``refer``, ``wait``, ``quit``, ``tick``)."""
        try:
            value_ = inputs.by_name(kind, value, source)
        except inputs.InputError as exc:
            raise ValueError(str(exc)) from None
        self.handle(value_)

    def start(self) -> None:
        """Begin: the scene is set and the person speaks first."""
        if self.started:
            return
        self._t0 = self._last_drift = self._last_input = self._now()
        s = self.scenario
        self._emit(ev.SESSION_STARTED, scenario=s.id, title=s.title, content_hash=s.content_hash, seed=self.seed,
                   trainee=self.trainee, phase=s.start_phase, variables=dict(self.variables), officer=dict(self.officer),
                   ranges={n: [v.minimum, v.maximum] for n, v in s.variables.items() if v.kind == "number"},
                   **(self.conversation.start_data() if self.conversation is not None else {}))
        phase = s.phases[s.start_phase]
        self._enter_lines(phase.id, set())

    def _do_say(self, text: str, source: str = "typed", heard: dict[str, Any] | None = None) -> Reading | None:
        if not self._accepting(ev.TRAINEE_SAID, text):
            return None
        text = text.strip()
        if not text:
            return None
        self._begin_turn()
        self._emit(ev.TRAINEE_SAID, text=text, source=source, **(heard or {}))
        keywords = self._keywords(text)
        keyword_hits = [TechniqueHit(tid, 0.85, kw.phrases[0]) for kw in keywords for tid in kw.techniques]
        keyword_effects: dict[str, Any] = {
            "keywords": [k.id for k in keywords],
            "extra_changes": [(f"keyword:{k.id}", k.change) for k in keywords],
            "teaching": [(k.teaching_point, f"keyword:{k.id}") for k in keywords if k.teaching_point],
        }
        reading = self.reader.read(text)  # once: the menu match and the turn both use it
        if not reading.understood:  # another language: the person heard sounds, not words, and is not moved by them
            self._emit(ev.UNDERSTOOD, **reading.to_dict(), **({"topic": None} if self.conversation is not None else {}))
            return reading
        for promise in promises(text):
            self._promises.setdefault(promise.id, self.turn)
        topic = None
        if self.conversation is not None:
            topic = self.conversation.read_topic(text)
            self._turn["topic"] = topic.id if topic is not None else None
            self.conversation.hear_officer(text, self.turn)
        phase_choices = self.available_choices()
        if phase_choices:
            found = match_choice(text, [(c.id, c.text, c.techniques, bool(c.action or c.referral)) for c in phase_choices], reading)
            if found is not None:
                choice = next(c for c in phase_choices if c.id == found.choice_id)
                return self._choice_taken(choice, said=text, similarity=found.similarity, extra_hits=keyword_hits, **keyword_effects)
        if keyword_hits:
            hits = [h for h in reading.techniques if h.id != "other"]
            hits += [h for h in keyword_hits if h.id not in {x.id for x in hits}]
            reading = Reading.of(text, hits)
        untold = self._untold(text)
        cues = self._cue_phrases(text)
        # a list of cue words, trigger phrases or questions fired at once is not talk to this person: it meets no objective
        self._turn["stuffed"] = is_stuffed(text, reading.ids(), len(keywords), len(untold), len(cues))
        self._emit(ev.UNDERSTOOD, **reading.to_dict(), **({"topic": topic.to_dict() if topic else None} if self.conversation is not None else {}),
                   **({"untold": untold} if len(untold) >= UNTOLD_STUFFED else {}), **({"cues": cues} if len(cues) >= STUFFED_CUES else {}))
        # A threat or an insult the reader is sure of (or that leads the turn, not faintly) is not answered as a question;
        # a faint reading of one under a plain question ("when did you last sleep?", "are you cold?") is.
        self._turn["hostile"] = any(h.id in NO_ANSWER_TO and (h.confidence >= HOSTILE_SURE or (h.id == reading.primary and h.confidence >= HOSTILE_LEADS))
                                    for h in reading.techniques)
        self._after_input(reading, action=None, referral=self._spoken_referral(text, reading), **keyword_effects)
        return reading

    def _cue_phrases(self, text: str) -> list[str]:
        """The different trigger phrases of the scenario's keywords in ``text``, none inside another, in order.

        Counted over every keyword, fired before or not: the keyword fires once, but a turn that recites
        five of its phrases is a list said at the person, which scoring and the objectives must see.
        """
        norm = f" {normalize(text)} "
        spans: list[tuple[int, int, str]] = []
        for phrase in {normalize(p) for kw in self.scenario.keywords for p in kw.phrases}:
            if not phrase:
                continue
            at = norm.find(f" {phrase} ")
            while at >= 0:
                spans.append((at, at + len(phrase) + 1, phrase))
                at = norm.find(f" {phrase} ", at + 1)
        found: list[str] = []
        end = -1
        for start, stop, phrase in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):  # the longest phrase at each place
            if start < end:
                continue  # inside a phrase already counted ("turn my radio down" holds "radio")
            end = stop
            if phrase not in found:
                found.append(phrase)
        return found

    def _untold(self, text: str) -> list[str]:
        """The person's facts a turn names that she has not told and dispatch did not give: name-dropping, not listening."""
        if self.conversation is None:
            return []
        from simulator.scenario.checks import mentioned_facts

        memory = self.conversation.memory
        if self._briefed is None:  # what the trainee was shown before the first word (dispatch, the person's card) is known
            s = self.scenario
            self._briefed = mentioned_facts(" ".join((s.summary, s.setting, s.dispatch, s.person.presentation, s.person.appearance)), s.facts)
        return sorted(mentioned_facts(text, self.scenario.facts) - memory.known - memory.feelings - self._briefed)

    def _spoken_referral(self, text: str, reading: Reading) -> str | None:
        """The resource a spoken offer of help names, if this scenario rates it."""
        if "offer_help" not in reading.ids():
            return None
        if self._people is None:  # this scenario's names: its person is never a helper, its sister is family
            s = self.scenario
            self._people = people_of({fid: (f.text, f.mentions) for fid, f in s.facts.items()}, s.person.name.lower().split())
        return next((r for r in named_resources(text, self._people) if r in self.scenario.referrals), None)

    def _do_choose(self, choice_id: str) -> bool:
        if not self._accepting(ev.CHOICE_MADE, choice_id):
            return False
        choice = next((c for c in self.scenario.phases[self.phase].choices if c.id == choice_id), None)
        if choice is None:
            self._emit(ev.INPUT_IGNORED, kind="choice", value=choice_id, reason=f"not a choice of phase '{self.phase}'")
            return False
        if choice not in self.available_choices():
            self._emit(ev.INPUT_IGNORED, kind="choice", value=choice_id, reason="not offered yet: it speaks of something the person has not told")
            return False
        self._begin_turn()
        self._choice_taken(choice)
        return True

    def _choice_taken(
        self,
        choice: Choice,
        said: str | None = None,
        similarity: float | None = None,
        extra_hits: list[TechniqueHit] | None = None,
        keywords: Iterable[str] = (),
        extra_changes: Iterable[tuple[str, Change]] = (),
        teaching: Iterable[tuple[str, str]] = (),
    ) -> Reading:
        """A menu choice counts: picked from the menu, or matched from what was said (with any keywords in it)."""
        self._emit(ev.CHOICE_MADE, choice=choice.id, text=choice.text, techniques=list(choice.techniques), action=choice.action,
                   referral=choice.referral, rating=choice.rating, said=said, similarity=similarity)
        evidence = f"matched menu choice ({similarity:.2f})" if similarity is not None else "menu choice"
        hits = [TechniqueHit(t, 1.0, evidence) for t in choice.techniques]
        hits += [h for h in extra_hits or () if h.id not in choice.techniques]
        reading = Reading.of(said or choice.text, hits)
        if self.conversation is not None and choice.topic:
            self._turn["topic"] = choice.topic
        self._emit(ev.UNDERSTOOD, **reading.to_dict(), choice=choice.id)
        if choice.action:
            self._emit(ev.ACTION_TAKEN, action=choice.action, via="choice")
            self._keep_promises(choice.action)
        self._after_input(reading, action=choice.action, choice=choice, keywords=keywords,
                          extra_changes=[(f"choice:{choice.id}", choice.change), *extra_changes], teaching=teaching)
        if choice.referral and not self.finished:
            self._referral(choice.referral)
        return reading

    def _do_act(self, action: str) -> bool:
        if not self._accepting(ev.ACTION_TAKEN, action):
            return False
        if self._unoffered("action", action, vocab.ACTIONS, self.scenario.actions, "this scenario does not offer it"):
            return False
        self._begin_turn()
        self._emit(ev.ACTION_TAKEN, action=action)
        self._keep_promises(action)
        self._after_input(None, action=action)
        return True

    def _do_refer(self, resource: str) -> bool | None:
        if not self._accepting(ev.REFERRAL_OFFERED, resource):
            return None
        if self._unoffered("referral", resource, vocab.REFERRALS, self.scenario.referrals, "this scenario does not rate it", "resource"):
            return None
        self._begin_turn()
        return self._referral(resource)

    def _unoffered(self, kind: str, value: str, vocabulary: tuple[str, ...], offered: Container[str], why: str, noun: str = "") -> bool:
        """An id outside the vocabulary or the scenario is recorded as ignored, never raised."""
        if value in vocabulary and value in offered:
            return False
        reason = f"unknown {noun or kind}" if value not in vocabulary else why
        self._emit(ev.INPUT_IGNORED, kind=kind, value=value, reason=reason)
        return True

    def _do_wait(self, seconds: float) -> None:
        if not self._accepting(ev.WAITED, str(seconds)):
            return
        if isinstance(self.clock, ManualClock):
            self.clock.advance(seconds)
        if self._step_now is not None:  # the wait is a new instant: what follows it happens after it
            self._step_now = self.clock.now()
        self._emit(ev.WAITED, seconds=seconds)
        self._do_tick()

    def _do_tick(self) -> None:
        if not self.started or self.finished:
            return
        changes = self._drift()
        s = self.scenario
        if s.drift.silence_after:
            silent = self._now() - self._last_input
            periods = int(silent // s.drift.silence_after)
            if periods > self._silence_periods:
                # One change scaled by the number of periods: a long /wait is one step, not a loop.
                count = periods - self._silence_periods
                numeric: Change = {k: v for k, v in s.drift.silence_change.items() if not isinstance(v, bool)}
                flags: Change = {k: v for k, v in s.drift.silence_change.items() if isinstance(v, bool)}
                self._apply(numeric, float(count), "silence", changes)
                self._apply(flags, 1.0, "silence", changes)
                self._silence_periods = periods
                self._emit_changes(changes)
                if not self._auto_transitions(set()):
                    self._reply({"silence"}, primary="silence")
                    self._check_limits()
                return
        self._emit_changes(changes)
        if not self._auto_transitions(set()):
            self._check_limits()

    def _do_quit(self, reason: str) -> None:
        if self.started and not self.finished:
            self.closed = True
            self._emit(ev.SESSION_CLOSED, reason=reason)

    # -- the turn -----------------------------------------------------------------------
    def _accepting(self, kind: str, value: str) -> bool:
        if not self.started:
            self.start()
        if self.finished:
            self._emit(ev.INPUT_IGNORED, kind=kind, value=value, reason="the session has ended")
            return False
        return True

    def _begin_turn(self) -> None:
        """A trainee input starts a turn: time's drift is settled first, and the silence ends."""
        self._emit_changes(self._drift())
        self._last_input = self._now()
        self._silence_periods = 0
        self.turn += 1
        self.phase_turns += 1
        self._turn = {}

    def _after_input(
        self,
        reading: Reading | None,
        action: str | None,
        choice: Choice | None = None,
        keywords: Iterable[str] = (),
        extra_changes: Iterable[tuple[str, Change]] = (),
        teaching: Iterable[tuple[str, str]] = (),
        referral: str | None = None,
    ) -> None:
        changes = Changes()
        if reading is not None:
            self._technique_effects(reading, changes)
        if action is not None:
            self._action_effects(action, changes)
        for cause, change in extra_changes:
            self._apply(change, 1.0, cause, changes)
        self._emit_changes(changes)
        for type_, data in self._ruptures.marks():  # ruptures and repairs of this turn, after the changes they explain
            self._emit(type_, **data)
        for text, source in teaching:
            self._emit(ev.TEACHING_POINT, text=text, source=source)
        self._content = TurnContent() if self._turn.get("stuffed") else TurnContent(
            topics=frozenset({self._turn["topic"]} if self._turn.get("topic") else ()),
            techniques=frozenset(reading.ids() if reading else ()), actions=frozenset({action} if action else ()),
            choices=frozenset({choice.id} if choice else ()), keywords=frozenset(keywords),
            reflects=frozenset(self._turn.get("reflects", ())), referrals=frozenset({referral} if referral else ()))
        self._objectives()
        if referral is not None:  # an offer that names a resource is a referral turn: the referral decides what follows
            self._referral(referral)
            return
        techniques = self._ruptures.triggers(set(reading.ids()) if reading else set())
        triggered = self._triggered_transition(techniques, action, choice.id if choice else None, set(keywords), None)
        if triggered is None:
            fired = self._auto_transitions(techniques | ({action} if action else set()))
        else:
            self._fire(triggered, techniques | ({action} if action else set()))
            self._auto_transitions(set())  # a runaway condition still counts this turn
            fired = True
        if not fired and not self.finished:
            triggers = techniques | ({action} if action else set())
            self._reply(triggers, primary=(reading.primary if reading and reading.primary != "other" else action))
        self._objectives()  # what she told in reply counts this turn too
        self._check_limits()
        if self._pending_due():
            self._resume()

    def _objectives(self) -> None:
        """Record the objectives this turn newly meets (schema 2), as ``objective_met`` events."""
        if self.conversation is None or self.finished:
            return
        content = replace(self._content, facts=frozenset(self._turn.get("facts", ())))
        for oid in self.conversation.meet(content, self.env(), self.turn):
            self._emit(ev.OBJECTIVE_MET, objective=oid)

    def _technique_effects(self, reading: Reading, changes: Changes) -> None:
        keeper = self._ruptures
        keeper.begin_turn(self.turn, reading)
        grades = self._listening(reading)
        for hit, weight in self._weights.of(reading):  # each case is read after the hits before it moved the state
            if keeper.silenced(hit.id):
                continue  # an apology's worth is the repair it makes: with nothing to repair it does nothing
            if hit.id == "command" and reading.softened:
                weight *= SOFTENED_COMMAND  # "could you put that down for me?" is still an order, but not a shout
            if self.conversation is not None:
                weight *= self.conversation.scale(hit.id)
                g = grades.get(hit.id)
                if g is not None and g.quality == "misfire":  # it reflects what she never said: she hears she was not heard
                    self._apply(MISFIRE_CHANGE, 1.0, f"listening:misfire:{hit.id}", changes)
                    continue
                if g is not None:
                    weight *= g.weight
            change = keeper.proportional(reactions.case(self.scenario.technique_reactions.get(hit.id, ()), self.env()), hit.id, self.variables)
            before = dict(self.variables)
            self._apply(change, weight, f"technique:{hit.id}", changes)
            keeper.technique_done(hit, before, self.variables)
        self._apply(keeper.repair_by_words(), 1.0, "repair:apology", changes)

    def _listening(self, reading: Reading) -> dict[str, ListeningGrade]:
        """Schema 2: grade the turn's reflections by the content they carry, as ``listening`` events."""
        grades: dict[str, ListeningGrade] = {}
        if self.conversation is None:
            return grades
        for g in self.conversation.listening(reading.text, reading.ids()):
            grades[g.technique] = g
            self._emit(ev.LISTENING, **g.to_dict())
            if g.quality == "content":
                self._turn.setdefault("reflects", set()).update(g.facts)
        return grades

    def _action_effects(self, action: str, changes: Changes) -> None:
        before = dict(self.variables)
        if self.conversation is None:
            self._apply(reactions.case(self.scenario.action_reactions.get(action, ()), self.env()), 1.0, f"action:{action}", changes)
        elif not self.conversation.action_idle(action, self.officer):  # repeated to no purpose: no further effect
            self._apply(reactions.case(self.scenario.action_reactions.get(action, ()), self.env()), self.conversation.scale(action),
                        f"action:{action}", changes)
        self._apply(self._ruptures.action_done(self.turn, action, before, self.variables), 1.0, f"repair:{action}", changes)
        after = reactions.officer_after(action, self.officer)
        for fact, was in list(self.officer.items()):  # in the officer's own order, as the events always listed them
            if fact in after and after[fact] != was:
                self.officer[fact] = after[fact]
                changes.record(fact, was, after[fact], f"action:{action}")

    def _apply(self, change: Change, weight: float, cause: str, changes: Changes) -> None:
        hold = None
        if self.conversation is not None and self.scenario.floors and change:
            env, conv = self.env(), self.conversation
            hold = lambda name, old, new: conv.hold(name, old, new, env)  # noqa: E731 - where the body sets the floor
        apply(self.variables, self.scenario.variables, change, weight, cause, changes, hold)

    def _emit_changes(self, changes: Changes) -> None:
        moved = changes.moved() if changes else {}
        if moved:
            self._emit(ev.STATE_CHANGED, changes=moved, causes=changes.causes(), variables=rounded_all(self.variables))

    def _drift(self) -> Changes:
        changes = Changes()
        now = self._now()
        minutes = (now - self._last_drift) / 60.0
        self._last_drift = now
        if minutes > 0 and self.scenario.drift.per_minute:
            self._apply({k: v for k, v in self.scenario.drift.per_minute.items() if not isinstance(v, bool)}, minutes, "drift", changes)
        return changes

    def _keywords(self, text: str) -> list[Keyword]:
        norm = f" {normalize(text)} "
        found = []
        for kw in self.scenario.keywords:
            if kw.once and kw.id in self._keywords_used:
                continue
            phrase = next((p for p in kw.phrases if f" {normalize(p)} " in norm), None)
            if phrase:
                self._keywords_used.add(kw.id)
                found.append(kw)
                self._emit(ev.KEYWORD_HEARD, keyword=kw.id, phrase=phrase)
        return found

    def _keep_promises(self, what: str) -> None:
        """A referral, action or outcome that breaks a promise the officer made becomes a teaching point, once."""
        for pid, turn in self._promises.items():
            if pid not in self._broken and broken_by(pid, what):
                self._broken.add(pid)
                self._emit(ev.TEACHING_POINT, text=f"{PROMISE_TEACHING[pid]} (The promise: turn {turn}.)", source=f"promise:{pid}")

    def _think_it_over(self, resource: str, rating: str, why: str, held: str) -> bool:
        """An offer she would take, made before the scenario's minimum pace: not a refusal (no cost, no
        declined line) but a pause. She answers it once the pace is met, if she is still ready (``_resume``)."""
        self._pending = resource
        self._emit(ev.REFERRAL_OFFERED, resource=resource, rating=rating, accepted=False, why=why, held_back=held, pending=True)
        name = self.scenario.person.name.split()[0]
        # narration, not one of her lines: it must not count as her last line (she may not repeat hers around it)
        self._emit(ev.PERSON_SAID, line=f"referral.{resource}.pending", text=f"{name} does not answer yet. The offer is being weighed.",
                   speaker="narrator", cue=None, variables=rounded_all(self.variables), topic=None)
        return False

    def _resume(self) -> None:
        """A pending offer is answered once the pace allows: yes if she is still ready, else it lapses unanswered."""
        resource, self._pending = self._pending, None
        if resource is None or self.finished:
            return
        r = self.scenario.referrals[resource]
        if r.accept_when(self.env()) and not self._ruptures.refuses_help():
            self._referral(resource, resumed=True)

    @property
    def pending_offer(self) -> str | None:
        """The resource she is weighing (offered before the minimum pace), if any."""
        return self._pending

    def seconds_to_pace(self) -> float:
        """How long until the scenario's minimum pace is met by the clock (0 when it is)."""
        return max(0.0, self.scenario.pacing.min_seconds - float(self.env().get("elapsed", 0)))

    def _pending_due(self) -> bool:
        if self._pending is None or self.conversation is None:
            return False
        pace, env = self.scenario.pacing, self.env()
        return float(env.get("elapsed", 0)) >= pace.min_seconds and float(env.get("turn", 0)) >= pace.min_turns

    def _referral(self, resource: str, resumed: bool = False) -> bool:
        if not resumed:
            self._pending = None  # a new offer replaces one she was weighing
        self._keep_promises(resource)
        r = self.scenario.referrals[resource]
        env = self.env()
        accepted = bool(r.accept_when(env)) and not self._ruptures.refuses_help()
        held = None
        if accepted and self.conversation is not None:  # a good ending she is not ready for: she is not ready to say yes
            held = self._held(r.accepted.to) if r.accepted.to else None
            held = held or next((self._held(t.dest) for t in self.scenario.transitions
                                 if t.on is not None and resource in t.on.referrals and (t.sources is None or self.phase in t.sources)
                                 and (t.when is None or t.when(env))), None)
            accepted = held is None
        if held is not None and held.startswith("too soon"):  # ready in every way but time: she thinks it over
            return self._think_it_over(resource, r.rating, r.why, held)
        self._emit(ev.REFERRAL_OFFERED, resource=resource, rating=r.rating, accepted=accepted, why=r.why,
                   **({"held_back": held} if held else {}), **({"resumed": True} if resumed else {}))
        if self.conversation is not None:
            self._content = replace(self._content, referrals=frozenset({resource}))
            self._objectives()
        step = r.accepted if accepted else r.declined
        changes = Changes()
        change = step.change if (step.change or accepted) else self.scenario.declined_change
        self._apply(change, 1.0, f"referral:{resource}", changes)
        self._emit_changes(changes)
        say_id = f"referral.{resource}.{'accepted' if accepted else 'declined'}"
        worn = bool(self.conversation is not None and not accepted and step.say and not self.conversation.allows(Line(say_id, step.say)))
        if worn:  # the same refusal again and again: she answers the offer in other words
            self._reply({"referral"}, primary="referral")
        elif step.say:
            # a spoken offer ("can I call your wife?", "would you talk to the crisis line?"): her yes or no answers
            # what it asked about too, so it carries the turn's topic (issue 11)
            self._say_line(say_id, step.say, None, None, None if resumed else self._turn.get("topic"))
        fired = self._triggered_transition(set(), None, None, set(), resource if accepted else None)
        if fired is not None:
            self._fire(fired, set())
        elif step.to:
            self._goto(step.to, None, set())
        elif not step.say and not worn:
            self._reply({"referral"}, primary="referral")
        if not self.finished:
            self._auto_transitions(set())
            self._check_limits()
        return accepted

    # -- transitions --------------------------------------------------------------------
    def _triggered_transition(self, techniques: set[str], action: str | None, choice: str | None, keywords: set[str], referral: str | None) -> Transition | None:
        return phases.triggered(self.scenario, self.phase, self.env(), techniques, action, choice, keywords, referral, self._allowed)

    def _allowed(self, t: Transition) -> bool:
        """May ``t`` fire now: the ruptures let it (issue 19) and the conversation does not hold its destination back."""
        return self._ruptures.allowed(t) and self._held(t.dest) is None

    def _held(self, dest: str) -> str | None:
        """Why the conversation holds this destination back now (schema 2), or None.

        An ending with unmet requirements or before its minimum pace is held back,
        and a second phase gate in one turn is too: progress is earned turn by turn.
        """
        if self.conversation is None:
            return None
        if dest in self.scenario.endings:
            return self.conversation.ending_blocked(dest, self.env())
        if self._turn.get("gated") and dest != self.phase:
            return "one phase gate a turn"
        return None

    def _auto_transitions(self, triggers: set[str]) -> bool:
        fired_any = False
        for _ in range(phases.MAX_AUTO_STEPS):
            if self.finished:
                break
            t = phases.automatic(self.scenario.transitions, self.phase, self.env(), self._allowed)
            if t is None:
                break
            self._fire(t, triggers)
            fired_any = True
        return fired_any

    def _fire(self, t: Transition, triggers: set[str]) -> None:
        changes = Changes()
        self._apply(t.change, 1.0, f"transition:{t.id}", changes)
        self._emit_changes(changes)
        if t.teaching_point:
            self._emit(ev.TEACHING_POINT, text=t.teaching_point, source=f"transition:{t.id}")
        self._goto(t.dest, t.id, triggers)

    def _goto(self, dest: str, transition: str | None, triggers: set[str], speak: bool = True) -> None:
        before = self.phase
        self._phases.move(dest, transition)
        self._emit(ev.PHASE_CHANGED, **{"from": before, "to": dest, "transition": transition})
        if dest in self.scenario.endings:
            self._end(dest, speak)
            return
        if before != dest:
            self.phase_turns = 0
            self._turn["gated"] = True
        if speak and not self._enter_lines(dest, triggers):
            self._reply(triggers, primary=None)

    def _end(self, ending_id: str, speak: bool = True) -> None:
        ending = self.scenario.endings[ending_id]
        if speak and ending.line:
            self._say_line(f"ending.{ending.id}", ending.line, None, None)
        self.ending = ending_id
        self._keep_promises(ending.outcome)
        self._emit(ev.SESSION_ENDED, ending=ending.id, outcome=ending.outcome, title=ending.title, narration=ending.narration)

    def _check_limits(self) -> None:
        if self.finished:
            return
        lim = self.scenario.limits
        if self.turn >= lim.turns or self.elapsed() >= lim.minutes * 60:
            self._goto(lim.ending, None, set())

    # -- the person's lines ------------------------------------------------------------
    def _enter_lines(self, phase_id: str, triggers: set[str]) -> bool:
        phase = self.scenario.phases[phase_id]
        if phase.narration:
            self._emit(ev.PERSON_SAID, line=f"{phase_id}.narration", text=phase.narration, speaker="narrator", cue=None)
        if self._answer_topic(triggers):  # she answers what was asked; the new phase shows in what follows
            return True
        line = self._pick(phase.enter, triggers, None, prefer_conditions=True)
        if line is None:
            return False
        self._say(line)
        return True

    def _answer_topic(self, triggers: set[str]) -> bool:
        """Schema 2: if the turn was about a topic (and was not a threat or an insult), the person answers it."""
        hostile = self._turn["hostile"] if "hostile" in self._turn else bool(triggers & NO_ANSWER_TO)
        if self.conversation is None or not self._turn.get("topic") or self._turn.get("answered") or hostile:
            return False
        topic = self._turn["topic"]
        line = self.conversation.answer(topic, self.env(), self.rng)
        if line is None:
            return False
        if triggers & REFLECTIONS and line in self.scenario.topics[topic].repeat:
            return False  # a reflection of what she already told gets a reply to the reflection, not "I told you"
        self._turn["answered"] = True
        self._say(line)
        first = self.conversation.first_answer_change(line)
        if first:
            changes = Changes()
            self._apply(first, 1.0, f"topic:{topic}", changes)
            self._emit_changes(changes)
        return True

    def _reply(self, triggers: set[str], primary: str | None) -> None:
        if self._answer_topic(triggers):
            return
        line = self._pick(self.scenario.phases[self.phase].lines, triggers, primary)
        if line is not None:
            self._say(line)

    def _pick(self, lines: tuple[Line, ...], triggers: set[str], primary: str | None, prefer_conditions: bool = False) -> Line | None:
        conv = self.conversation
        if conv is None:
            return self._lines.pick(lines, self.env(), triggers, primary, prefer_conditions)
        return (self._lines.pick(lines, self.env(), triggers, primary, prefer_conditions, conv.allows)
                or self._lines.pick(lines, self.env(), triggers, primary, prefer_conditions,  # worn out: still never twice in a row
                                    lambda ln: ln.requires <= conv.memory.known and ln.id != conv.memory.last_line))

    def _say(self, line: Line) -> None:
        self._say_line(line.id, line.text, line.speaker, line.cue, line.topic, line.reveals)
        if line.change:
            changes = Changes()
            self._apply(line.change, 1.0, f"line:{line.id}", changes)
            self._emit_changes(changes)

    def _say_line(self, line_id: str, text: str, speaker: str | None, cue: str | None, topic: str | None = None,
                  reveals: tuple[str, ...] = ()) -> None:
        self._lines.said(line_id)
        if self.conversation is None:
            self._emit(ev.PERSON_SAID, line=line_id, text=text, speaker=speaker or "person", cue=cue, variables=rounded_all(self.variables))
            return
        self._emit(ev.PERSON_SAID, line=line_id, text=self.conversation.fill(text), speaker=speaker or "person", cue=cue,
                   variables=rounded_all(self.variables), topic=topic)
        for fact in self.conversation.said(line_id, reveals, self.turn):  # memory: what she has now told
            self._turn.setdefault("facts", set()).add(fact)
            self._emit(ev.FACT_REVEALED, fact=fact, line=line_id)

    def _emit(self, type_: EventType, **data: Any) -> SessionEvent:
        self.stamp = self._now() - self._t0
        t = round(self.stamp, 3)
        event = SessionEvent(len(self.events), t, self.turn, type_, data)
        self.events.append(event)
        failed: list[tuple[Callable[[SessionEvent], None], Exception]] = []
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception as exc:  # faults stay local: a broken observer never leaves a turn half-applied
                failed.append((listener, exc))
        for listener, error in failed:
            self._listeners.remove(listener)  # it is in an unknown state now: it gets no more events
            name = _observer_name(listener)
            log.error("observer %s failed on event %d (%s) and was detached", name, event.seq, event.type, exc_info=error)
            self._emit(ev.OBSERVER_FAILED, observer=name, error=f"{type(error).__name__}: {error}", event=event.seq)
        return event


def _observer_name(listener: Callable[..., Any]) -> str:
    owner = getattr(listener, "__self__", None)
    name = getattr(listener, "__qualname__", None) or repr(listener)
    return f"{type(owner).__name__}.{getattr(listener, '__name__', name)}" if owner is not None else name
