"""``deescalate bench TARGET`` and ``deescalate train TARGET``: the developer commands, registered by name.

Each bench or trainer is named ``"module:function"`` and imported only when run,
so a missing optional dependency breaks only its own command. Owners add or
move their entries here (a benchmark moved into ``devtools`` changes its line).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
from collections.abc import Callable
from typing import Any

BENCHES: dict[str, str] = {
    "core": "devtools.bench_core:run",
    "understanding": "devtools.bench_understanding:run",
    "speech": "devtools.bench_speech:run",
    "voice": "devtools.bench_voice:run",
    "records": "devtools.bench_records:run",
    "scoring": "devtools.bench_scoring:run",
    "conversation": "devtools.bench_conversation:run",
    "instruct": "devtools.bench_instruct:run",
    "gaming": "devtools.bench_gaming:run",
}
TRAINERS: dict[str, str] = {
    "understanding": "devtools.train_understanding:main",
}


def add_parsers(sub: Any) -> None:
    be = sub.add_parser("bench", help="print speed and accuracy figures (for developers)")
    be.add_argument("target", choices=list(BENCHES), help="what to measure")
    be.add_argument("--half", choices=["held", "tune", "all"], default="held", help="scoring: which half of the calibration set (default: held back)")
    be.set_defaults(func=_cmd_bench)
    tr = sub.add_parser("train", help="rebuild a model from its labelled data (for developers; needs numpy)")
    tr.add_argument("target", choices=list(TRAINERS))
    tr.set_defaults(func=_cmd_train)


def _load(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return,unused-ignore]


def _cmd_bench(args: argparse.Namespace) -> int:
    run = _load(BENCHES[args.target])
    options = {"half": args.half} if "half" in inspect.signature(run).parameters else {}
    run(**options)
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from simulator.diagnostics import UserError

    try:
        import numpy  # noqa: F401
    except ImportError:
        raise UserError("training needs numpy: .venv/bin/pip install numpy") from None
    return int(_load(TRAINERS[args.target])() or 0)
