"""No setting is lost between utterances: measured in the audio each real engine produces.

pyttsx3 on Linux drops rate/volume changes between utterances (shared/PLATFORM.md;
without our fix, 10 of 10 stress runs lost some). Each test renders the same
sentence again and again with settings that keep changing, and checks every
single utterance's duration, loudness and pitch against its own settings.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from audio_checks import median_f0

from simulator.speech.espeak_synth import EspeakNgSynth
from simulator.speech.pyttsx3_synth import Pyttsx3Synth
from simulator.speech.synth import Audio, Synthesizer
from simulator.voices import VoiceSettings

SENTENCE = "I hear you. Nobody is going to rush you, so take your time and talk to me."
CALM = VoiceSettings("en-us", "m3", "en-US", "male", rate=100.0, pitch=10.0, range=50.0, volume=0.2)
WILD = replace(CALM, rate=300.0, pitch=90.0, volume=1.0)
ROUNDS = 12  # utterances per run, alternating


def _engine(kind: str) -> Synthesizer:
    synth: Synthesizer = {
        "espeak-ng library": lambda: EspeakNgSynth("library"),
        "espeak-ng command": lambda: EspeakNgSynth("command"),
        "pyttsx3": Pyttsx3Synth,
    }[kind]()
    ok, why = synth.available()
    if not ok:
        pytest.skip(f"{kind} cannot start here: {why}")
    return synth


ENGINES = ["espeak-ng library", "espeak-ng command", "pyttsx3"]


def _measure(audio: Audio) -> tuple[float, float, float]:
    return audio.duration, audio.rms_db(), median_f0(audio)


def _table(rows: list[tuple[str, tuple[float, float, float]]]) -> str:
    return "\n".join(f"  {i:2} {label:5} {d:5.2f} s {db:6.1f} dB {f0:4.0f} Hz" for i, (label, (d, db, f0)) in enumerate(rows))


@pytest.mark.parametrize("kind", ENGINES)
def test_alternating_extremes_each_utterance_matches_its_own_settings(kind: str) -> None:
    """Rate 100/300, volume 0.2/1.0, pitch 10/90, alternating: every utterance lands in its own class."""
    synth = _engine(kind)
    rows = []
    for i in range(ROUNDS):
        label, settings = ("wild", WILD) if i % 2 else ("calm", CALM)
        rows.append((label, _measure(synth.synthesize(SENTENCE, settings))))
    table = _table(rows)
    calm = [m for label, m in rows if label == "calm"]
    wild = [m for label, m in rows if label == "wild"]
    # Each class is self-consistent: the same settings give the same audio every time.
    for group in (calm, wild):
        durations = [d for d, _, _ in group]
        assert max(durations) / min(durations) < 1.03, f"{kind}: durations drift within one setting\n{table}"
        assert max(db for _, db, _ in group) - min(db for _, db, _ in group) < 1.0, f"{kind}: loudness drifts\n{table}"
    # And every utterance is far from the other class: no setting carried over.
    for d, db, f0 in wild:
        assert d < 0.5 * min(cd for cd, _, _ in calm), f"{kind}: a fast utterance was not fast\n{table}"
        assert db > max(cdb for _, cdb, _ in calm) + 8.0, f"{kind}: a loud utterance was not loud\n{table}"
        assert f0 > 1.5 * max(cf for _, _, cf in calm), f"{kind}: a high utterance was not high\n{table}"


# One property at a time, so a lost reset of any single one shows on its own.
BASE = replace(CALM, rate=160.0, pitch=40.0, volume=0.4)
CYCLE = [("base", BASE), ("fast", replace(BASE, rate=320.0)), ("loud", replace(BASE, volume=1.0)), ("high", replace(BASE, pitch=95.0))]


@pytest.mark.parametrize("kind", ["espeak-ng library", "pyttsx3"])
def test_one_change_at_a_time_is_applied_and_undone(kind: str) -> None:
    """base, fast, loud, high, base, ...: each changes one property from base and the next undoes it."""
    synth = _engine(kind)
    rows = [(label, _measure(synth.synthesize(SENTENCE, settings))) for _ in range(3) for label, settings in CYCLE]
    table = _table(rows)
    base = [m for label, m in rows if label == "base"]
    base_d = max(d for d, _, _ in base)
    base_db = max(db for _, db, _ in base)
    base_f0 = max(f0 for _, _, f0 in base)
    for label, (d, db, f0) in rows:
        fast, loud, high = label == "fast", label == "loud", label == "high"
        assert (d < 0.65 * base_d) == fast, f"{kind}: utterance '{label}' has the wrong rate\n{table}"
        assert (db > base_db + 5.0) == loud, f"{kind}: utterance '{label}' has the wrong volume\n{table}"
        assert (f0 > 1.3 * base_f0) == high, f"{kind}: utterance '{label}' has the wrong pitch\n{table}"
