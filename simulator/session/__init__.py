"""A session in parts: ``Session`` (core) orchestrates one turn; the parts each own one decision.

- ``core``: ``Session`` — inputs in, events out, the order of a turn;
- ``changes``: the change accumulator and the one way state is changed;
- ``reactions``: technique weights and the table of action effects;
- ``phases``: the transition chooser and the phase machine;
- ``lines``: the line picker.
"""

from simulator.session.core import Session

__all__ = ["Session"]
