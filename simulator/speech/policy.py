"""Which recogniser hears the trainee: the most accurate one this machine can run within the latency budget.

The trainee releases the talk button and waits for the person to answer; past
about half a second the pause feels like a dropped call. So the default is
not simply "the most accurate engine installed": each candidate's delay from
release to final text is estimated *on this machine* (the accurate engine is
timed on a fixed amount of work when it loads; streaming engines finish in a
roughly constant ~150 ms), and the most accurate one whose estimate fits
``FINAL_BUDGET_MS`` for a 3-second utterance wins. If none fits, the fastest
one does, and the reason says so. An engine named in Settings is used when it
can run at all (the trainee chose it), and only replaced when it cannot.

Accuracy order (measured, README "Benchmarks"): Moonshine base (≈4 % WER on
real recordings) > a Vosk English model > the built-in pocketsphinx engine
(≈60 % on real recordings, 24 % on officer phrases).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.speech.engines import make_recognizer
from simulator.speech.recognition import EngineUnavailable, Recognizer, RecognizerChoice

ACCURACY_ORDER = ("moonshine", "vosk", "builtin")
FINAL_BUDGET_MS = 500.0  # release → final text, p50, for a 3-second utterance (issue 17)
UTTERANCE_S = 3.0
STREAMING_FINAL_MS = {"vosk": 150.0, "builtin": 150.0}  # measured p50 ~110 ms (builtin); vosk finishes a stream alike
# Officer speech runs at 3–4 words (4–6 tokens) a second: a 3-second utterance is ~14 decoder steps at most.
TOKENS_PER_UTTERANCE = 14


@dataclass(frozen=True)
class Estimate:
    engine: str
    final_ms: float  # estimated release → final text for an UTTERANCE_S utterance on this machine


def pick(estimates: list[Estimate], budget_ms: float = FINAL_BUDGET_MS) -> tuple[str, str]:
    """(engine, why) among engines that can run: the most accurate within budget, else the fastest."""
    if not estimates:
        raise ValueError("no engine can run")
    rank = {name: i for i, name in enumerate(ACCURACY_ORDER)}
    ordered = sorted(estimates, key=lambda e: rank.get(e.engine, len(rank)))
    for e in ordered:
        if e.final_ms <= budget_ms:
            skipped = [f"{o.engine} (~{o.final_ms:.0f} ms)" for o in ordered if rank.get(o.engine, 99) < rank.get(e.engine, 99)]
            why = f"{e.engine}: the most accurate engine that gives the final text within {budget_ms:.0f} ms here (~{e.final_ms:.0f} ms)"
            return e.engine, why + (f"; too slow on this machine: {', '.join(skipped)}" if skipped else "")
    fastest = min(ordered, key=lambda e: e.final_ms)
    return fastest.engine, (f"{fastest.engine}: no engine meets {budget_ms:.0f} ms on this machine; the fastest takes ~{fastest.final_ms:.0f} ms "
                            f"({', '.join(f'{e.engine} ~{e.final_ms:.0f} ms' for e in ordered)})")


def probe_final_ms(recognizer: Any, utterance_s: float = UTTERANCE_S, tokens: int = TOKENS_PER_UTTERANCE, runs: int = 2) -> float:
    """The accurate engine's time for the work a release leaves it: encode ``utterance_s`` (padded) and run ``tokens``
    decoder steps. The fastest of ``runs`` (the first also warms the model up): what the machine can do, not a
    moment's load from other programs."""
    import numpy as np

    x = recognizer.padded(np.zeros(int(utterance_s * recognizer.info.sample_rate), np.int16).tobytes())
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        recognizer.decode_steps(x, tokens)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def fit_beam(recognizer: Any, budget_ms: float = FINAL_BUDGET_MS) -> float:
    """Set the accurate engine's beam to the widest of its ``BEAMS`` whose probe fits ``budget_ms`` here (the narrowest
    when none does) and return that probe. A wider beam hears more (officer phrases 11.8 % WER at beam 4, 11.0 % at 6,
    10.2 % at 8 on the tuning sets) and costs decoder time, so what this machine can afford decides it."""
    beams = tuple(getattr(recognizer, "BEAMS", ())) or (recognizer.beam,)
    final_ms = float("inf")
    for beam in beams:
        recognizer.beam = beam
        final_ms = probe_final_ms(recognizer)
        if final_ms <= budget_ms:
            break
    return final_ms


def _load(name: str, phrases: list[str], model: str | Path | None) -> Recognizer:
    if name == "moonshine" and model is None:
        from simulator.speech.models import MOONSHINE_MODEL, find_model

        path = find_model(None, "moonshine")
        if path is None:
            raise EngineUnavailable(f"no Moonshine model installed: run `deescalate models install {MOONSHINE_MODEL}` (or `--from PATH` offline)")
        model = path
    if name == "vosk" and model:
        from simulator.speech.models import find_model

        found = find_model(str(model)) if not Path(str(model)).is_dir() else Path(str(model))
        if found is None:
            raise EngineUnavailable(f"the Vosk model '{model}' is not installed (or is damaged)")
        model = found
    return make_recognizer(name, phrases, model)


def choose_recognizer(preference: str | None = None, phrases: list[str] | None = None, model: str = "",
                      budget_ms: float = FINAL_BUDGET_MS) -> RecognizerChoice:
    """Load the engine to use. ``preference``: an engine name from Settings, or None/"auto" for the policy's choice;
    ``model``: a model picked in Settings (a Vosk model's name). Never raises for a missing engine: the problems say why."""
    phrases = phrases or []
    problems: list[str] = []
    if preference and preference != "auto":
        order = [preference] + [n for n in ACCURACY_ORDER if n != preference]
        for name in order:
            try:
                recognizer = _load(name, phrases, model or None if name == preference else None)
            except EngineUnavailable as exc:
                problems.append(f"{name}: {exc}")
                continue
            reason = f"{name}: chosen in Settings" if name == preference else f"{name}: {preference} cannot run here"
            if hasattr(recognizer, "decode_steps"):
                fit_beam(recognizer, budget_ms)
                reason += f" (beam {recognizer.beam})"  # type: ignore[attr-defined]
            return RecognizerChoice(recognizer, problems, reason)
        return RecognizerChoice(None, problems, "no speech engine can run here")
    loaded: dict[str, Recognizer] = {}
    estimates: list[Estimate] = []
    for name in ACCURACY_ORDER:
        try:
            recognizer = _load(name, phrases, model or None if name == "vosk" else None)
        except EngineUnavailable as exc:
            problems.append(f"{name}: {exc}")
            continue
        loaded[name] = recognizer
        final_ms = fit_beam(recognizer, budget_ms) if hasattr(recognizer, "decode_steps") else STREAMING_FINAL_MS.get(name, 150.0)
        estimates.append(Estimate(name, final_ms))
        if final_ms <= budget_ms:
            break  # the most accurate engine within budget: nothing after it can win, so don't load it
    if not estimates:
        return RecognizerChoice(None, problems, "no speech engine can run here", estimates)
    name, reason = pick(estimates, budget_ms)
    if hasattr(loaded[name], "decode_steps"):
        reason += f" (beam {loaded[name].beam})"  # type: ignore[attr-defined]
    for other, recognizer in loaded.items():
        if other != name and hasattr(recognizer, "close"):
            recognizer.close()
    return RecognizerChoice(loaded[name], problems, reason, estimates)
