"""``deescalate bench speech``: word error rate, robustness, latency, load time and memory, per engine.

For each engine that can run here (the built-in one, Moonshine, Vosk): WER on
the real recordings (shared/audio), on unseen synthesised officer phrases in
three espeak-ng voices, on the same phrases mixed with street noise at 10 and
5 dB SNR and spoken with raised effort (louder, higher, faster); what
domain-word biasing buys on scenario lines that carry names; push-to-talk
release → final text and release → first audio of the person's reply (p50 and
p99, fed at real time through the Listener, as the app does); load time; and
the resident memory of a process that loaded the engine and decoded.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from devtools.testaudio import (
    VOICES,
    Clip,
    espeak_available,
    officer_phrases,
    raised_effort_clips,
    real_recordings,
    synthesized_clips,
    tuning_phrases,
    with_noise,
)
from simulator.speech.recognizer import EngineUnavailable, make_recognizer, transcribe
from simulator.speech.wer import wer

ENGINES = ("builtin", "moonshine", "vosk")
_worker_engine: Any = None
_worker_stats: dict[str, float] = {}


def _start_worker(name: str, phrases: list[str] | None = None) -> None:
    global _worker_engine
    start = time.perf_counter()
    _worker_engine = make_recognizer(name, phrases)
    _worker_stats["load_s"] = time.perf_counter() - start


def _decode(job: tuple[str, bytes, int]) -> tuple[str, str, float]:
    reference, samples, rate = job
    from simulator.speech.pcm import Audio

    start = time.perf_counter()
    text = transcribe(_worker_engine, Audio(samples, rate)).text
    return reference, text, time.perf_counter() - start


def _stats(_: int) -> dict[str, float]:
    import resource
    import sys

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {**_worker_stats, "rss_mb": rss / (1e6 if sys.platform == "darwin" else 1e3)}


def measure(name: str, clips: list[Clip], workers: int = 1, voices: tuple[str, ...] = (), phrases: list[str] | None = None) -> dict[str, Any]:
    """WER and real-time factor of engine ``name`` on ``clips``, decoded by ``workers`` processes.

    Each clip is decoded by one process on its own, so the real-time factor is one core's, however
    many work side by side; the WER is over all words of all clips. With ``voices``, clip i is in
    voice i mod len(voices) and the WER is given per voice as well. ``load_s`` and ``rss_mb`` are a
    worker's: its load time and its peak resident memory after decoding.
    """
    jobs = [(c.reference, c.audio.samples, c.audio.rate) for c in clips]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no copy of a parent's threads or Qt state
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(name, phrases)) as pool:
            done = list(pool.map(_decode, jobs))
            stats = list(pool.map(_stats, range(workers)))
        worker = {"load_s": statistics.median(s["load_s"] for s in stats), "rss_mb": max(s["rss_mb"] for s in stats)}
    else:
        _start_worker(name, phrases)
        done = [_decode(job) for job in jobs]
        worker = _stats(0)
    audio_s = sum(c.audio.duration for c in clips)
    row: dict[str, Any] = {"wer": wer([(r, h) for r, h, _ in done]), "wer_strict": wer([(r, h) for r, h, _ in done], contractions_differ=True),
                           "rtf": sum(b for *_, b in done) / audio_s if audio_s else 0.0,
                           "clips": len(clips), "audio_s": audio_s, **worker}
    if voices:
        row["per_voice"] = {v: wer([(r, h) for r, h, _ in done[i :: len(voices)]]) for i, v in enumerate(voices)}
    return row


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(recognizer: Any, clips: list[Clip], synth_first_audio: Callable[[str], float] | None) -> dict[str, float]:
    """Push-to-talk, fed at real time: release → final text, and → the first audio of the reply."""
    from simulator.catalog import scenario_files
    from simulator.clock import ManualClock
    from simulator.scenario.loader import load_scenario
    from simulator.session import Session
    from simulator.speech.listener import Listener
    from simulator.understanding import default_reader

    scenario = load_scenario(scenario_files()[0])[0]
    assert scenario is not None, "the first shipped scenario does not load: run `deescalate validate`"
    default_reader()  # loaded once at start-up in the app, so not part of a turn's latency
    if synth_first_audio is not None:
        synth_first_audio("warm up")
    finals, replies = [], []
    for clip in clips:
        got: list[Any] = []
        listener = Listener(recognizer, got.append, mode="push_to_talk")
        listener.press()
        chunk = 2 * 1600  # 100 ms
        pcm = clip.audio.samples
        t0 = time.perf_counter()
        for i in range(0, len(pcm), chunk):
            listener.feed(pcm[i : i + chunk])
            target = t0 + (i + chunk) / 32000
            time.sleep(max(0.0, target - time.perf_counter()))
        released = time.perf_counter()
        listener.release()
        while not got and time.perf_counter() - released < 10:
            time.sleep(0.002)
        listener.close()
        if not got:
            continue
        finals.append(got[0].final_ms)
        session = Session(scenario, seed=1, clock=ManualClock())
        session.start()
        session.say(got[0].transcript.text or "hello", source="speech")
        reply = next((e.data["text"] for e in reversed(session.events) if e.type == "person_said"), "okay")
        if synth_first_audio is not None:
            synth_first_audio(reply)
        replies.append((time.perf_counter() - released) * 1000)
    return {
        "final_p50_ms": statistics.median(finals) if finals else float("nan"),
        "final_p99_ms": _percentile(finals, 0.99),
        "final_max_ms": max(finals) if finals else float("nan"),
        "reply_p50_ms": statistics.median(replies) if replies else float("nan"),
        "reply_p99_ms": _percentile(replies, 0.99),
        "reply_max_ms": max(replies) if replies else float("nan"),
        "clips": len(finals),
    }


def name_lines(limit: int = 45) -> tuple[list[Clip], list[str]]:
    """Scenario lines that carry a name or place (menu choices and the person's lines), spoken by espeak-ng,
    and every scenario's phrases: what domain biasing is for. Taken from all shipped scenarios."""
    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario
    from simulator.speech.corpus import speech_phrases
    from simulator.speech.moonshine_engine import bias_words

    lines: list[str] = []
    phrases: list[str] = []
    for path in scenario_files():
        scenario = load_scenario(path)[0]
        ph = speech_phrases(scenario)
        phrases += ph
        names = set(bias_words(ph))
        lines += [t for t in ph[len(names):] if 4 <= len(t.split()) <= 18 and any(n in t.split() or f"{n}," in t for n in names)]
    step = max(1, len(lines) // limit)
    picked = lines[::step][:limit]
    return synthesized_clips(picked), phrases


def run(print_: Callable[[str], None] = print, phrases: int | None = None, latency_clips: int = 16, workers: int | None = None,
        noisy_phrases: int = 60, engines: tuple[str, ...] = ENGINES, tuning: bool = True) -> dict[str, Any]:
    """Print and return the figures. ``phrases``: how many unseen officer phrases (default all of them);
    ``noisy_phrases``: how many of them also go through noise and raised effort."""
    import os

    workers = workers or max(1, min(4, os.cpu_count() or 1))
    print_("speech benchmark (figures vary with the machine's load: other programs share its cores)")
    results: dict[str, Any] = {}
    real = real_recordings()
    unseen = officer_phrases(phrases or 10_000)
    have_espeak = espeak_available()
    synth = synthesized_clips(unseen) if have_espeak else []
    noisy_set = synth[: noisy_phrases - noisy_phrases % len(VOICES)] if synth else []
    conditions: dict[str, list[Clip]] = {}
    if noisy_set:
        conditions["street noise 10 dB SNR"] = [with_noise(c, 10, seed=i) for i, c in enumerate(noisy_set)]
        conditions["street noise 5 dB SNR"] = [with_noise(c, 5, seed=i) for i, c in enumerate(noisy_set)]
        conditions["raised effort (espeak amplitude 190, pitch 80, 185 wpm)"] = raised_effort_clips(unseen[: len(noisy_set)])
    tuning_clips = synthesized_clips(tuning_phrases()) if have_espeak and tuning else []
    if not real:
        print_("  real recordings: not found (../shared/audio beside the repository)")
    if not synth:
        print_("  synthesised phrases: espeak-ng is not installed (sudo apt-get install espeak-ng)")
    synth_first_audio = None
    try:
        from simulator.speech.synth import pick_synthesizer
        from simulator.voices import find_voice

        synthesizer = pick_synthesizer(None)
        settings = find_voice("daniel_reyes").settings({"agitation": 60})

        def synth_first_audio(text: str) -> float:
            return synthesizer.synthesize(text, settings).duration
    except Exception as exc:  # the benchmark still reports recognition
        print_(f"  (no synthesiser for the reply latency: {exc})")
    for name in engines:
        try:
            start = time.perf_counter()
            recognizer = make_recognizer(name)
            load_s = time.perf_counter() - start
        except EngineUnavailable as exc:
            print_(f"  {name}: not measured — {exc}")
            continue
        row: dict[str, Any] = {"load_s": load_s}
        print_(f"  {name} ({recognizer.info.description}), decoding on {workers} processes; loaded in {load_s:.1f} s here:")
        if real:
            row["real"] = r = measure(name, real, workers)
            print_(f"    real recordings ({r['clips']} clips, {r['audio_s']:.0f} s, read books and card names: out of domain): "
                   f"WER {r['wer']:.1%} ({r['wer_strict']:.1%} strict: contractions, numbers and words written open or closed counted as written), real-time factor "
                   f"{r['rtf']:.3f}; a decoding process: {r['rss_mb']:.0f} MB resident")
        if synth:
            row["synth"] = r = measure(name, synth, workers, VOICES)
            voices = ", ".join(f"{v} {w:.1%}" for v, w in r["per_voice"].items())
            print_(f"    unseen officer phrases, espeak-ng ({r['clips']} clips, {r['audio_s']:.0f} s; never in a language model "
                   f"nor used to choose settings): WER {r['wer']:.1%} ({voices}; {r['wer_strict']:.1%} strict), "
                   f"real-time factor {r['rtf']:.3f}")
            for label, clips in conditions.items():
                row[label] = r = measure(name, clips, workers, VOICES)
                print_(f"    the first {r['clips']} of them, {label}: WER {r['wer']:.1%}")
            if tuning_clips:
                row["tuning"] = r = measure(name, tuning_clips, workers, VOICES)
                print_(f"    tuning phrases (the {r['clips']} the settings were chosen on; for comparison only): WER {r['wer']:.1%}")
            if recognizer.info.vocabulary_biasing:
                lines, scenario_phrases = name_lines()
                plain, biased = measure(name, lines, workers), measure(name, lines, workers, phrases=scenario_phrases)
                row["biasing"] = {"plain": plain["wer"], "biased": biased["wer"], "clips": len(lines)}
                print_(f"    {len(lines)} scenario lines with names and places: WER {plain['wer']:.1%} without, {biased['wer']:.1%} "
                       "with the scenarios' phrases (domain-word biasing)")
            row["latency"] = lat = latency(recognizer, synth[:latency_clips], synth_first_audio)
            print_(f"    push-to-talk release → final text ({lat['clips']:.0f} utterances, fed at real time): p50 {lat['final_p50_ms']:.0f} ms, "
                   f"p99 {lat['final_p99_ms']:.0f} ms")
            print_(f"    release → final text + understanding + state machine + synthesis of the reply: p50 {lat['reply_p50_ms']:.0f} ms, "
                   f"p99 {lat['reply_p99_ms']:.0f} ms")
        close = getattr(recognizer, "close", None)
        if close is not None:
            close()
        results[name] = row
    from simulator.speech.endpoint import EndpointConfig

    print_(f"  hands-free endpointing waits {EndpointConfig().end_silence_ms} ms of silence before deciding an utterance ended "
           "(added to the figures above in that mode)")
    return results
