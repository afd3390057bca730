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
            if line:
                self.handle(line)
        self.debrief()
        return self.session

    def handle(self, line: str) -> None:
        session = self.session
        if line.isdigit() and self._menu:
            index = int(line) - 1
            if 0 <= index < len(self._menu):
                session.choose(self._menu[index])
            else:
                self._print(f"  (no choice {line}: pick 1–{len(self._menu)})")
            return
        if not line.startswith("/"):
            session.tick()
            session.say(line)
            return
        cmd, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        if cmd == "help":
            self._print(HELP.format(actions=" ".join(f"/{a}" for a in self.scenario.actions)))
        elif cmd == "menu":
            choices = self.scenario.phases[session.phase].choices
            self._menu = [c.id for c in choices]
            if not choices:
                self._print("  (no menu in this phase: say it your way)")
            for i, c in enumerate(choices, start=1):
                self._print(f"{i}. {c.text}", indent="  ")
        elif cmd == "state":
            values = ", ".join(f"{k} {v:.0f}" if not isinstance(v, bool) else f"{k} {'yes' if v else 'no'}" for k, v in session.variables.items())
            self._print(f"  phase {session.phase}; {values}; turn {session.turn}")
        elif cmd == "refer":
            if arg in ("", "list"):
                self._print("  " + " ".join(vocab.REFERRALS))
            else:
                session.refer(arg)
        elif cmd == "wait":
            try:
                session.wait(float(arg or "10"))
            except ValueError:
                self._print("  (/wait needs a number of seconds)")
        elif cmd == "quit":
            session.quit()
        elif cmd in vocab.ACTIONS:
            session.act(cmd)
        else:
            self._print(f"  (unknown command /{cmd}; /help lists them)")

    def debrief(self) -> None:
        scores = score(self.session.events)
        self._print("\n--- Debrief ---")
        for name in ("calmness", "safety", "referral", "communication", "overall"):
            self._print(f"{name:>14}: {getattr(scores, name):3d}")
            for why in scores.explanations.get(name, [])[:3]:
                self._print(why, indent="                  ")
        if self.session.ending:
            end = self.scenario.endings[self.session.ending]
            self._print(f"\nWhy: {end.debrief.why}\nConsequences: {end.debrief.consequences}\nReflection: {end.debrief.reflection}")
        if scores.teaching_points:
            self._print("\nTeaching points:")
            for tp in scores.teaching_points:
                self._print(f"turn {tp.turn}: {tp.text}", indent="  ")
