"""The terminal player: type what you would say; slash commands for the rest.

It is the simplest view over a Session, useful without a display, over SSH,
and for trying a scenario while writing it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.clock import MonotonicClock
from simulator.events import SessionEvent
from simulator.inputs import MAX_TURN_CHARS, Choose, Command, InputError, Say, Tick, parse_line
from simulator.projections import debrief
from simulator.scenario.model import Scenario
from simulator.scoring import score
from simulator.session import Session

HELP = """Type what you would say and press Enter. Commands:
  /menu            show numbered choices (then type a number)
  /ACTION          take an action: {actions}
  /refer ID        offer a referral: /refer list shows them
  /wait SECONDS    stay silent
  /state           show the person's inner state
  /help            this text
  /quit            leave the scene"""




def clean_typed(line: str) -> str:
    """What was typed, without control characters (a NUL, an escape sequence) that no one means to say."""
    return "".join(ch if ch.isprintable() else " " for ch in line).strip()


class TerminalPlayer:
    """Runs one interactive session on a text stream pair (stdin/stdout by default)."""

    def __init__(self, scenario: Scenario, seed: int, read: Callable[[str], str], out: TextIO) -> None:
        self.scenario = scenario
        self.session = Session(scenario, seed=seed, clock=MonotonicClock())
        self.read = read
        self.out = out
        self._menu: list[str] = []
        self.session.subscribe(self._show)

    def _print(self, text: str = "", indent: str = "") -> None:
        for para in text.split("\n"):
            self.out.write(textwrap.fill(para, width=88, initial_indent=indent, subsequent_indent=indent) + "\n")
        self.out.flush()

    def _show(self, e: SessionEvent) -> None:
        d = e.data
        if e.type == ev.PERSON_SAID:
            if d["speaker"] == "narrator":
                self._print(f"[{d['text']}]")
            else:
                who = self.scenario.person.name if d["speaker"] == "person" else self.scenario.characters[d["speaker"]].name
                self._print(f"{who}: {d['text']}")
        elif e.type == ev.UNDERSTOOD and "choice" not in d:
            chips = ", ".join(f"{h['id']} {h['confidence']:.2f}" for h in d["techniques"])
            self._print(f"  (heard as: {chips})")
        elif e.type == ev.INPUT_IGNORED:
            self._print(f"  (ignored: {d['value']} — {d['reason']})")
        elif e.type == ev.REFERRAL_OFFERED:
            self._print(f"  (referral {d['resource']}: {'accepted' if d['accepted'] else 'declined'})")
        elif e.type == ev.SESSION_ENDED:
            self._print(f"\n=== {d['title']} ({d['outcome'].replace('_', ' ')}) ===")
            if d.get("narration"):
                self._print(d["narration"])

    def run(self) -> Session:
        s = self.scenario
        self._print(f"{s.title}\n{s.setting}\n\nDispatch: {s.dispatch}\n")
        if s.content_warnings:
            self._print("Content warnings: " + ", ".join(s.content_warnings) + "\n")
        if s.person.appearance:
            self._print(s.person.appearance + "\n")
        self._print("Type /help for commands.\n")
        self.session.start()
        while not self.session.finished:
            try:
                line = self.read("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                self.session.quit("input closed")
                break
            except UnicodeDecodeError:  # a terminal in another encoding: say so, keep the session going
                self._print("  (that line was not readable text — set the terminal to UTF-8 and type it again)")
                continue
            line = clean_typed(line)
            if len(line) > MAX_TURN_CHARS:
                self._print(f"  (that is {len(line)} characters: say it in shorter turns, at most {MAX_TURN_CHARS} each)")
                continue
            if line:
                self.handle(line)
        self.debrief()
        return self.session

    def handle(self, line: str) -> None:
        """One line typed at the prompt: a menu number, a terminal command, or an input for the session."""
        session = self.session
        if line.isdecimal() and self._menu:  # isdigit() takes "²", which int() refuses
            index = int(line) - 1 if len(line) < 6 else -1  # a 5,000-digit number is no menu choice
            if 0 <= index < len(self._menu):
                session.handle(Choose(self._menu[index]))
            else:
                self._print(f"  (no choice {line[:12]}: pick 1–{len(self._menu)})")
            return
        try:
            parsed = parse_line(line, "typed", terminal=True, default_wait=10.0)
        except InputError as exc:
            self._print(f"  ({exc}; /help lists the commands)")
            return
        if parsed is None:
            return
        if isinstance(parsed, Command):
            self._command(parsed)
            return
        if isinstance(parsed, Say):
            session.handle(Tick())  # the time the trainee spent typing acts first, as the app's timer would
        session.handle(parsed)

    def _command(self, command: Command) -> None:
        session = self.session
        if command.name == "help":
            self._print(HELP.format(actions=" ".join(f"/{a}" for a in self.scenario.actions)))
        elif command.name == "menu":
            choices = self.scenario.phases[session.phase].choices
            self._menu = [c.id for c in choices]
            if not choices:
                self._print("  (no menu in this phase: say it your way)")
            for i, c in enumerate(choices, start=1):
                self._print(f"{i}. {c.text}", indent="  ")
        elif command.name == "state":
            values = ", ".join(f"{k} {v:.0f}" if not isinstance(v, bool) else f"{k} {'yes' if v else 'no'}" for k, v in session.variables.items())
            self._print(f"  phase {session.phase}; {values}; turn {session.turn}")
        elif command.name == "refer":
            self._print("  " + " ".join(vocab.REFERRALS))

    def debrief(self) -> None:
        scores = score(self.session.events)
        self._print("\n--- Debrief ---")
        for name in ("calmness", "safety", "referral", "communication", "overall"):
            self._print(f"{name:>14}: {getattr(scores, name):3d}")
            for why in scores.explanations.get(name, [])[:3]:
                self._print(why, indent="                  ")
        told = debrief(self.scenario, self.session.events)
        if told.authors_notes:
            self._print("\n" + "\n".join(f"{head}: {text}" for head, text in told.authors_notes))
        for f in told.choice_feedback:
            self._print(f"turn {f.turn} ({f.text}): {f.why}", indent="  ")
        if scores.teaching_points:
            self._print("\nTeaching points:")
            for tp in scores.teaching_points:
                self._print(f"turn {tp.turn}: {tp.text}", indent="  ")
