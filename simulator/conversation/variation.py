"""Seeded variation of the person within the ranges the scenario declares.

The seed varies who the person is (how agitated and trusting they start, which
triggers bite hardest, a declared variant), not only the wording, so a trainee
cannot learn one path by heart. Everything chosen is returned so the session
records it and scoring can treat a variant consistently.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simulator.scenario.model import Change, Scenario


@dataclass(frozen=True)
class VariedPerson:
    start: dict[str, float] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    variant: str | None = None
    variant_set: Change = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"start": dict(self.start), "scale": dict(self.scale), "variant": self.variant}


def vary(scenario: Scenario, seed: int) -> VariedPerson:
    """The person for ``seed``: its own generator, so wording choices elsewhere do not shift it."""
    v = scenario.variation
    rng = random.Random(f"variation:{scenario.id}:{seed}")
    start = {name: round(rng.uniform(lo, hi)) * 1.0 for name, (lo, hi) in sorted(v.start.items())}
    scale = {name: round(rng.uniform(lo, hi), 2) for name, (lo, hi) in sorted(v.scale.items())}
    if v.variants:
        chosen = v.variants[rng.randrange(len(v.variants))]
        return VariedPerson(start, scale, chosen.id, dict(chosen.set))
    return VariedPerson(start, scale)
