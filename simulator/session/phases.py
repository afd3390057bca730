"""The transition chooser and the phase machine.

Which transition fires is chosen here, from the scenario's own rules, in file
order: a transition triggered by what the trainee did this turn (a technique,
an action, a choice, a keyword, an accepted referral) whose guard holds, or
else a condition-only transition whose condition has come true. The chosen
transition is then taken on a ``transitions`` state machine, which holds the
phase and refuses any move the scenario did not declare (the machine is the
record of where the encounter is, and a check on the chooser). Why the chooser
and not ``transitions``' own guards: one turn can trigger by several kinds at
once (a technique and a keyword and a choice) and the scenario's order across
all of them decides, which per-trigger guards cannot express. See the README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from transitions import Machine

from simulator.scenario.model import Scenario, Transition

MAX_AUTO_STEPS = 5  # condition-only transitions chained in one turn, at most

Env = Mapping[str, float | bool]


class _PhaseModel:
    """The object the ``transitions`` machine decorates (a plain object, never a QWidget)."""

    state: str


class PhaseMachine:
    """Where the encounter is: the scenario's phases and endings as states, its transitions as the only moves."""

    def __init__(self, scenario: Scenario) -> None:
        self.model = _PhaseModel()
        targets = list(scenario.phases) + list(scenario.endings)
        self.machine = Machine(model=self.model, states=targets, initial=scenario.start_phase, auto_transitions=False, queued=True, send_event=False)
        for t in scenario.transitions:
            self.machine.add_transition(f"go__{t.id}", list(t.sources) if t.sources else "*", t.dest)
        for target in targets:  # referral outcomes and the time limit may lead anywhere
            self.machine.add_transition(f"jump__{target}", "*", target)

    @property
    def phase(self) -> str:
        return self.model.state

    def move(self, dest: str, transition: str | None) -> None:
        """Take ``transition`` (or jump to ``dest`` for a referral outcome or the time limit)."""
        if self.phase != dest:
            self.model.trigger(f"go__{transition}" if transition else f"jump__{dest}")  # type: ignore[attr-defined]


def triggered(
    scenario: Scenario,
    phase: str,
    env: Env,
    techniques: set[str],
    action: str | None,
    choice: str | None,
    keywords: set[str],
    referral: str | None,
    allowed: Callable[[Transition], bool] | None = None,
) -> Transition | None:
    """The first transition from ``phase`` that this turn triggers, whose guard holds and that ``allowed`` lets through."""
    for t in scenario.transitions:
        if t.on is None or (t.sources is not None and phase not in t.sources):
            continue
        on = t.on
        hit = (techniques & on.techniques or (action in on.actions) or (choice in on.choices) or keywords & on.keywords
               or (referral in on.referrals))
        if hit and (t.when is None or t.when(env)) and (allowed is None or allowed(t)):
            return t
    return None


def automatic(transitions: Iterable[Transition], phase: str, env: Env, allowed: Callable[[Transition], bool] | None = None) -> Transition | None:
    """The first condition-only transition away from ``phase`` whose condition holds now (and ``allowed`` lets through)."""
    return next((t for t in transitions if t.on is None and (t.sources is None or phase in t.sources)
                 and t.dest != phase and t.when is not None and t.when(env) and (allowed is None or allowed(t))), None)
