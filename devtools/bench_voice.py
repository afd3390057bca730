"""``deescalate bench speech`` (speech out): how long each engine takes to voice a typical line.

The figure that matters in the app is the wait between the trainee's turn and
the person starting to speak, so we time a whole 12-word line, median of
several, after one warm-up line (engines load once per process). The real-time
factor is synthesis time over audio duration: below 1 means faster than speech.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from simulator.speech.synth import Synthesizer, make_synthesizer
from simulator.voices import VoiceSettings

LINE = "I don't want to talk to anybody, just leave me alone here."  # 12 words
SETTINGS = VoiceSettings("en-us", "m3", "en-US", "male", 170.0, 45.0, 50.0, 0.85)


def _engines() -> list[tuple[str, Synthesizer]]:
    """Every engine, with espeak-ng's library and command paths timed apart."""
    from simulator.speech.espeak_synth import EspeakNgSynth

    return [
        ("espeak-ng (library)", EspeakNgSynth("library")),
        ("espeak-ng (command)", EspeakNgSynth("command")),
        ("pyttsx3", make_synthesizer("pyttsx3")),
        ("silent", make_synthesizer("silent")),
    ]


def measure(synth: Synthesizer, repeats: int = 9, text: str = LINE, settings: VoiceSettings = SETTINGS) -> dict[str, float]:
    """Median and worst synthesis time of ``text``, its audio length and real-time factor."""
    synth.synthesize(text, settings)  # warm-up: library loading, voice data, worker start
    times, duration = [], 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        audio = synth.synthesize(text, settings)
        times.append(time.perf_counter() - start)
        duration = audio.duration
    median = statistics.median(times)
    return {"median_ms": median * 1000, "max_ms": max(times) * 1000, "audio_s": duration, "rtf": median / duration if duration else 0.0}


def run(print_: Callable[[str], Any] = print, repeats: int = 9) -> dict[str, dict[str, Any]]:
    """Print one row per engine (or why it is missing) and return the figures."""
    words = len(LINE.split())
    print_(f"speech out: a {words}-word line, median of {repeats} after one warm-up")
    results: dict[str, dict[str, Any]] = {}
    for label, synth in _engines():
        ok, why = synth.available()
        if not ok:
            print_(f"  {label:22} not available: {why}")
            results[label] = {"available": False, "why": why}
            continue
        figures = measure(synth, repeats)
        results[label] = {"available": True, **figures}
        print_(
            f"  {label:22} {figures['median_ms']:7.1f} ms a line (worst {figures['max_ms']:.1f} ms), "
            f"{figures['audio_s']:.2f} s of audio, real-time factor {figures['rtf']:.4f}"
        )
    return results
