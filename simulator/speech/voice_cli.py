"""``deescalate say``: speak a line in a voice profile to a WAV file.

For voice authors (hear a profile at rest and agitated) and for checking a
machine's speech setup: a missing engine is one line saying what to install,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from simulator.diagnostics import InvalidFile, UserError, did_you_mean
from simulator.speech.synth import ENGINE_NAMES, SynthesisError, Synthesizer, choose_synthesizer, make_synthesizer
from simulator.voices import VoiceProfile, find_voice, load_voice, voice_ids


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    say = sub.add_parser(
        "say",
        help="speak a line in a voice profile to a WAV file",
        description="Speak TEXT with a voice profile from voices/ and write it to a WAV file.",
    )
    say.add_argument("text", nargs="+", help="what the person says")
    say.add_argument("--voice", required=True, metavar="PROFILE", help="a voice id from voices/ or a path to a .yaml profile")
    say.add_argument("--agitation", type=float, metavar="N", help="the person's agitation, 0–100 (same as --state agitation=N)")
    say.add_argument("--state", action="append", default=[], metavar="VAR=VALUE", help="another state variable, e.g. trust=60 (repeatable)")
    say.add_argument("--engine", choices=ENGINE_NAMES, help="speech engine (default: the best available)")
    say.add_argument("-o", "--output", required=True, metavar="OUT.wav", help="the WAV file to write")
    say.set_defaults(func=cmd_say)


def resolve_voice(name: str) -> VoiceProfile:
    """A profile by id (voices/) or by path; UserError or InvalidFile with what to fix."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists() or "/" in name or "\\" in name:
        if not path.is_file():
            raise UserError(f"no voice file at {name}")
        profile, diags = load_voice(path)
        if profile is None:
            raise InvalidFile(diags)
        return profile
    ids = voice_ids()
    if name not in ids:
        listed = ", ".join(sorted(ids)) or "(none installed)"
        hint = did_you_mean(name, ids)
        prefix = f"Did you{hint[len('did you') :]} " if hint.startswith("did you mean") else ""
        raise UserError(f"unknown voice '{name}'. {prefix}Available: {listed}")
    return find_voice(name)


def parse_state(pairs: list[str], agitation: float | None) -> dict[str, float]:
    """``["trust=60"]`` and ``--agitation`` as a state dict; UserError on a malformed pair."""
    state: dict[str, float] = {}
    for pair in pairs:
        var, sep, value = pair.partition("=")
        var = var.strip()
        if not sep or not var:
            raise UserError(f"--state wants VAR=VALUE, e.g. --state trust=60 (got '{pair}')")
        try:
            state[var] = float(value)
        except ValueError:
            raise UserError(f"--state {var}: '{value}' is not a number (state values that move a voice are numbers, e.g. {var}=60)") from None
    if agitation is not None:
        state["agitation"] = agitation
    return state


def pick_engine(name: str | None) -> Synthesizer:
    """The engine asked for, or the best one there is; UserError with the fix when there is none."""
    if name:
        synth = make_synthesizer(name)
        ok, why = synth.available()
        if not ok:
            raise UserError(f"the {name} engine is not available: {why}")
        return synth
    choice = choose_synthesizer(None)
    if not choice.speaks:
        reasons = "; ".join(choice.notes())
        raise UserError(f"no speech engine is available ({reasons}). Use --engine silent for a silent file of the right length.")
    for note in choice.notes():
        print(f"note: {note}; using {choice.synthesizer.name}", file=sys.stderr)
    return choice.synthesizer


def cmd_say(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        raise UserError('give the line to say, e.g. deescalate say --voice daniel_reyes "Stay back!" -o line.wav')
    out = Path(args.output)
    if out.suffix.lower() != ".wav":
        raise UserError(f"the output is written as WAV: name it something.wav (got {args.output})")
    if not out.parent.is_dir():
        raise UserError(f"cannot write {out}: the folder {out.parent} does not exist")
    profile = resolve_voice(args.voice)
    state = parse_state(args.state, args.agitation)
    for var, value in state.items():
        if var not in profile.by_state:
            moves = ", ".join(sorted(profile.by_state)) or "nothing"
            print(f"note: voice {profile.id} does not change with '{var}' (it moves with: {moves})", file=sys.stderr)
        elif not 0 <= value <= 100:
            print(f"note: {var}={value:g} is outside 0–100; the voice stops moving at the ends", file=sys.stderr)
    settings = profile.settings(state)
    synth = pick_engine(args.engine)
    started = time.perf_counter()
    try:
        audio = synth.synthesize(text, settings)
    except SynthesisError as exc:
        raise UserError(str(exc)) from None
    took = time.perf_counter() - started
    try:
        audio.to_wav(out)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    where = ", ".join(f"{k} {v:g}" for k, v in state.items()) or "at rest"
    print(f"wrote {out}: {audio.duration:.2f} s, {audio.rate} Hz mono, {audio.rms_db():.1f} dBFS, {synth.name} in {took * 1000:.0f} ms")
    print(f"voice {profile.id} ({where}): rate {settings.rate:.0f} wpm, pitch {settings.pitch:.0f}, range {settings.range:.0f}, volume {settings.volume:.2f}")
    print(f"{synth.name}: {synth.describe(settings)}")
    return 0
