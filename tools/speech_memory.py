"""Find where the app's speech path holds on to memory: one component at a time, in a real Qt app, RSS per round.

    .venv/bin/python tools/speech_memory.py voice --rounds 200        # the person's lines through audio_out.Voice
    .venv/bin/python tools/speech_memory.py ptt --rounds 100 --engine moonshine   # push-to-talk turns: virtual mic → listener
    .venv/bin/python tools/speech_memory.py sessions --rounds 30 --engine moonshine  # SpeechInput + Voice made and closed
    .venv/bin/python tools/speech_memory.py decode --rounds 200     # Moonshine streams alone (no Qt), varied lengths

Why this exists: the 45-minute soak grew from 734 to 2,287 MB, and a soak only says *that* memory grows, not
*where*. Each mode drives one part of the speech path the way the app does (same threads, same Qt objects, a
private PulseAudio with a virtual microphone and a null "speakers" sink, as tests/audio_env.py sets up), and
prints one ROUND line every ``--every`` rounds: RSS, RSS after ``malloc_trim`` (what glibc could give back:
fragmentation vs memory really held), live Python objects and the Qt objects still alive under the app.
With ``--tracemalloc`` the last line lists the Python allocation sites that grew the most between the first
and the last sample.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PHRASES = (
    "hi my name is sam i am here to help",
    "can you tell me what happened",
    "you sound exhausted",
    "i am not going anywhere take your time",
    "what would help right now",
    "it sounds like you have been carrying a lot",
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def trimmed_rss_mb() -> float:
    """RSS after a full collection and glibc's malloc_trim: memory still held, not free pages kept by malloc."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def qt_objects() -> int:
    """QObjects reachable from the application object and every top-level widget (children included)."""
    from PySide6.QtCore import QCoreApplication, QObject
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        return 0
    roots: list[QObject] = [app]
    if isinstance(app, QApplication):
        roots += list(app.topLevelWidgets())
    return sum(len(r.findChildren(QObject)) for r in roots)


def wait(until: Callable[[], bool], seconds: float) -> bool:
    """Run the event loop until ``until()`` (deleteLater included, as in the app's own loop)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # processEvents alone never deletes
        if until():
            return True
        time.sleep(0.01)
    QCoreApplication.processEvents()
    return until()


class Report:
    def __init__(self, every: int, trace: bool) -> None:
        self.every, self.trace = every, trace
        self.first: Any = None
        self.rows: list[dict[str, Any]] = []
        if trace:
            import tracemalloc

            tracemalloc.start(10)

    def round(self, i: int, **extra: Any) -> None:
        if i % self.every:
            return
        row = {
            "round": i,
            "rss_mb": round(rss_mb(), 1),
            "trimmed_mb": round(trimmed_rss_mb(), 1),
            "py_objects": len(gc.get_objects()),
            "qt_objects": qt_objects(),
            "threads": len(os.listdir("/proc/self/task")),
            **extra,
        }
        self.rows.append(row)
        print("ROUND " + json.dumps(row), flush=True)
        if self.trace:
            import tracemalloc

            snap = tracemalloc.take_snapshot()
            if self.first is None:
                self.first = snap
            else:
                self.last = snap

    def finish(self) -> None:
        if self.trace and self.first is not None and getattr(self, "last", None) is not None:
            top = self.last.compare_to(self.first, "traceback")[:8]
            for stat in top:
                print(
                    "GREW "
                    + json.dumps({"kb": round(stat.size_diff / 1024), "count": stat.count_diff, "where": [str(f) for f in stat.traceback.format()[-6:]]}),
                    flush=True,
                )
        if len(self.rows) >= 2:
            a, b = self.rows[min(1, len(self.rows) - 1)], self.rows[-1]  # the first row is before the warm-up
            rounds = max(1, b["round"] - a["round"])
            print(
                "SUMMARY "
                + json.dumps(
                    {
                        "rounds": rounds,
                        "rss_mb_per_100": round(100 * (b["rss_mb"] - a["rss_mb"]) / rounds, 1),
                        "trimmed_mb_per_100": round(100 * (b["trimmed_mb"] - a["trimmed_mb"]) / rounds, 1),
                        "qt_objects": [a["qt_objects"], b["qt_objects"]],
                        "threads": [a["threads"], b["threads"]],
                    }
                ),
                flush=True,
            )


def espeak_wavs(folder: Path) -> list[Path]:
    wavs = []
    for i, phrase in enumerate(PHRASES):
        raw, wav = folder / f"raw{i}.wav", folder / f"say{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), phrase], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(wav), "pad", "0.3", "0.3"], check=True)
        wavs.append(wav)
    return wavs


def scenario_phrases(scenario_id: str) -> list[str]:
    from simulator.catalog import find

    scenario = find(scenario_id)
    return [c.text for ph in scenario.phases.values() for c in ph.choices]


# ------------------------------------------------------------------------------------------------ modes
def mode_decode(args: argparse.Namespace, report: Report) -> None:
    """Moonshine streams alone, fed in real-time-sized chunks from a worker thread as the listener does."""
    from devtools.testaudio import synthesize
    from simulator.speech.listener import Listener
    from simulator.speech.models import find_model
    from simulator.speech.moonshine_engine import MoonshineRecognizer

    folder = find_model(None, "moonshine")
    if folder is None:
        raise SystemExit("no Moonshine model installed (deescalate models install moonshine-base-en --from ...)")
    recognizer = MoonshineRecognizer(folder, scenario_phrases("bridge_suicidal"))
    clips = [synthesize(p, "en-us").samples for p in PHRASES]
    finals: list[Any] = []
    listener = Listener(recognizer, finals.append, mode="push_to_talk")
    rng = random.Random(args.seed)
    for i in range(args.rounds + 1):
        report.round(i)
        pcm = bytes(2 * rng.randrange(1600, 16000)) + rng.choice(clips) + bytes(2 * rng.randrange(1600, 8000))
        listener.press()
        for j in range(0, len(pcm), 3200):
            listener.feed(pcm[j : j + 3200])
            if args.realtime:
                time.sleep(0.1)
        listener.release()
        listener.drain(30)
    listener.close()


def mode_voice(args: argparse.Namespace, report: Report) -> None:
    """The person's lines through ui.audio_out.Voice, each played to the end on the "speakers" null sink."""
    from simulator.voices import find_voice
    from ui.audio_out import Voice

    voice = Voice(volume=50)
    if not voice.prepare():
        raise SystemExit(voice.problem)
    done: list[str] = []
    voice.done.connect(done.append)
    profile = find_voice("denise_harmon")
    rng = random.Random(args.seed)
    for i in range(args.rounds + 1):
        report.round(i)
        settings = profile.settings({"agitation": rng.uniform(0, 100)}, {"agitation": (0, 100)})
        line = f"l{i}"
        voice.say(line, rng.choice(PHRASES).capitalize() + ".", settings)
        if not wait(lambda: line in done, 20):  # noqa: B023 -- called before the loop moves on
            print(f"line {i} never finished", file=sys.stderr)
    voice.close()


def mode_ptt(args: argparse.Namespace, report: Report) -> None:
    """Push-to-talk turns: press, espeak audio played into the virtual microphone, release, the final text."""
    from ui.speech_input import SpeechInput

    wavs = espeak_wavs(Path(tempfile.mkdtemp(prefix="speech-memory-")))
    speech = SpeechInput(args.engine, mode="push_to_talk")
    heard: list[str] = []
    speech.heard.connect(lambda text, *_: heard.append(text))
    speech.load(scenario_phrases("bridge_suicidal"))
    if not wait(lambda: speech.state in ("ready", "unavailable"), 120) or speech.state != "ready":
        raise SystemExit(f"speech input not ready: {speech.state} {speech.message}")
    print(f"engine {speech.engine_name}", flush=True)
    rng = random.Random(args.seed)
    for i in range(args.rounds + 1):
        report.round(i, heard=len(heard))
        speech.press()
        player = subprocess.Popen(["paplay", "-d", "vmic_in", str(rng.choice(wavs))])
        wait(lambda: player.poll() is not None, 15)  # noqa: B023 -- called at once
        wait(lambda: False, 0.3)
        count = len(heard)
        speech.release()
        wait(lambda: len(heard) > count, 10)  # noqa: B023 -- called at once
    speech.close()


def mode_sessions(args: argparse.Namespace, report: Report) -> None:
    """What a session start and end do to speech: a SpeechInput and a Voice made, loaded, one line, closed."""
    from PySide6.QtCore import QObject

    from simulator.voices import find_voice
    from ui.audio_out import Voice
    from ui.speech_input import SpeechInput

    owner = QObject()  # the window's place: both are its children, as in MainWindow._start_speech
    scenarios = ["bridge_suicidal", "autistic_overload", "veteran_ptsd", "psychosis_paranoia", "intoxication_meth", "elderly_dementia"]
    from simulator.catalog import catalog

    known = {e.scenario.id for e in catalog() if e.scenario is not None}
    scenarios = [s for s in scenarios if s in known] or sorted(known)
    settings = find_voice("denise_harmon").settings({}, {})
    engines: list[str] = []
    for i in range(args.rounds + 1):
        report.round(i, engines=engines[-args.every :])
        speech = voice = None
        if args.part in ("both", "speech"):
            speech = SpeechInput(args.engine, mode="push_to_talk", parent=owner)
            speech.load(scenario_phrases(scenarios[i % len(scenarios)]))
        if args.part in ("both", "voice"):
            voice = Voice(volume=50, parent=owner)
            if speech is not None:
                voice.started.connect(speech.mute)
                voice.done.connect(speech.unmute)
            voice.prepare()
        done: list[str] = []
        if speech is not None:
            wait(lambda: speech is not None and speech.state in ("ready", "unavailable"), 120)  # noqa: B023 -- called at once
            engines.append(speech.engine_name or speech.state)
        if voice is not None:
            voice.done.connect(done.append)
            voice.say("l", "I said leave me alone.", settings)
            wait(lambda: bool(done), 15)  # noqa: B023 -- called at once
        for part in (speech, voice):
            if part is not None:
                part.close()
                part.deleteLater()
        wait(lambda: False, 0.2)


MODES = {"decode": mode_decode, "voice": mode_voice, "ptt": mode_ptt, "sessions": mode_sessions}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mode", choices=sorted(MODES))
    p.add_argument("--rounds", type=int, default=100)
    p.add_argument("--every", type=int, default=10)
    p.add_argument("--engine", default="moonshine", help="speech engine for ptt/sessions (moonshine, builtin, auto)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--part", choices=("both", "speech", "voice"), default="both", help="sessions: which half to make and close")
    p.add_argument("--realtime", action="store_true", help="decode: feed audio at the speed it is spoken (partial captions run)")
    p.add_argument("--tracemalloc", action="store_true", help="also list the Python allocation sites that grew")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    runtime = None
    if args.mode != "decode":
        from audio_env import start_virtual_microphone  # type: ignore[import-not-found]  # tests/ is not a package

        runtime = start_virtual_microphone()[0]
        for cmd in (["load-module", "module-null-sink", "sink_name=speakers"], ["set-default-sink", "speakers"]):
            subprocess.run(["pactl", *cmd], check=True, capture_output=True)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        QApplication.setQuitOnLastWindowClosed(False)
        assert app is not None
    report = Report(args.every, args.tracemalloc)
    try:
        MODES[args.mode](args, report)
        report.finish()
    finally:
        if runtime is not None:
            from audio_env import stop

            stop(runtime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
