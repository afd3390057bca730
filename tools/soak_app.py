"""Soak the app: play scripted and spoken turns into a real window for a long time and watch it hold up.

    .venv/bin/python tools/soak_app.py --minutes 45                 # the class-period soak (issue 14)
    .venv/bin/python tools/soak_app.py --minutes 2 --fast           # the short version `make test` runs (tests/ui/test_soak.py)
    .venv/bin/python tools/soak_app.py --minutes 45 --out soak.json  # keep every sample

Why a separate process under Xvfb and PulseAudio: the crash this guards against
(PySide6 6.12 losing references to ``None`` on every ``setPen``) only showed in
a real, repainting window after minutes, and the speech path only breaks with a
real microphone stream. So the parent starts a private PulseAudio with a virtual
microphone (tests/audio_env.py) and a "speakers" sink for the person's voice,
then runs the real app under ``xvfb-run`` at 1366×768. The child drives the
window from its own event loop (never ``processEvents`` in a busy loop, so a
stall is a real stall): typed lines from the scenarios' playthroughs, menu
choices, actions and referrals, and every few turns a spoken turn (espeak-ng
played into the virtual microphone while push-to-talk is held). A 50 ms
heartbeat timer measures how long the GUI thread was blocked. Every few seconds
the child prints one SAMPLE line (RSS, turns, sessions, longest stall).

The parent reports: crashed or not (exit code or signal, the tail of stderr),
RSS over time (the app's process plus its helper processes — the built-in
recogniser decodes in a child of its own — with the helpers' share beside it), growth from the first settled sample to the end, the trend
over the second half (``rss_trend``: a robust slope, and whether RSS keeps
growing), and the longest GUI-thread stall (with ``--trace-stalls``, where the
GUI thread was and what the other threads were doing). It exits 1 on a crash or on RSS growth of 10 % or
more; stalls are reported (the machine is shared, timings are noisy) and only
fail with ``--max-stall-ms``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_S = 5.0  # the first seconds are start-up, not a stall of a running session
HEARTBEAT_MS = 50  # the heartbeat timer's interval: a traced stall's ``blocked_ms`` counts from the last beat, so includes it

SPOKEN = (
    "hi my name is sam i am here to help",
    "can you tell me what happened",
    "you sound exhausted",
    "i am not going anywhere take your time",
    "what would help right now",
    "it sounds like you have been carrying a lot",
)
GENERIC_TYPED = (
    "I'm here to listen.", "Can you tell me what's going on?", "That sounds really hard.", "Take your time.",
    "What would help right now?", "You're safe with me.", "put the <knife> down", "<3",
)


# --------------------------------------------------------------------------------------------------- child

def _trace_stalls(last_beat: list[float], threshold_s: float, stall_gaps: dict[float, float], started: float = 0.0) -> None:
    """Print where the GUI thread is while it is blocked longer than ``threshold_s``: one STALL line per stall, at its end.

    A watchdog thread samples the main thread's stack (``sys._current_frames``, the documented way to see another
    thread) every third of the threshold while the stall lasts, and reports the stall's whole length, the stack
    seen most often, and what every other thread was doing at the first sample. The last part matters in Python:
    a GUI thread that is "in app.exec()" for seconds is usually waiting for the GIL that another thread's C
    extension holds, and the watchdog itself only runs when it gets the GIL, so a sample can be late.
    """
    import collections
    import threading
    import traceback

    main = threading.main_thread().ident
    schedstat = Path(f"/proc/self/task/{threading.main_thread().native_id}/schedstat")

    def gui_times() -> tuple[float, float]:
        """The GUI thread's (seconds on a CPU, seconds runnable but waiting for one) so far (Linux schedstat)."""
        try:
            on_cpu, waiting, _ = schedstat.read_text().split()
            return int(on_cpu) / 1e9, int(waiting) / 1e9
        except (OSError, ValueError):
            return 0.0, 0.0

    def where(frame) -> list[str]:
        return [ln.strip()[:240] for ln in traceback.format_stack(frame)[-10:]] if frame is not None else []

    def watch() -> None:
        stacks: collections.Counter[tuple[str, ...]] = collections.Counter()
        others: dict[str, list[str]] = {}
        begun = seen_from = 0.0
        times0 = (0.0, 0.0)
        while True:
            time.sleep(threshold_s / 3)
            beat = last_beat[0]
            since = time.monotonic() - beat
            if since > threshold_s:
                frames = sys._current_frames()
                if begun != beat:  # a new stall: note what the other threads are doing now
                    begun, stacks = beat, collections.Counter()
                    times0, seen_from = gui_times(), time.monotonic()
                    names = {t.ident: t.name for t in threading.enumerate()}
                    others = {names.get(ident, str(ident)): where(f)[-6:] for ident, f in frames.items()
                              if ident not in (main, threading.get_ident())}
                stacks[tuple(where(frames.get(main)))] += 1
            elif stacks:  # the stall is over: report it whole (the heartbeat noted its length under the beat it began at)
                total = stall_gaps.pop(begun, since)
                (stack, seen), = stacks.most_common(1)
                # Over the part of the stall the tracer watched: how much of it the GUI thread spent running (work
                # on the GUI thread), waiting for a CPU (the machine is busy: scheduling, not the app), or neither
                # (asleep: waiting for the interpreter lock or another lock).
                times1, watched = gui_times(), time.monotonic() - seen_from
                split = {"watched_ms": round(watched * 1000), "gui_cpu_ms": round((times1[0] - times0[0]) * 1000),
                         "gui_runqueue_ms": round((times1[1] - times0[1]) * 1000)}
                line = "STALL " + json.dumps({"blocked_ms": round(total * 1000), "t": round(begun - started, 1), **split, "samples": sum(stacks.values()), "seen": seen,
                                              "stack": list(stack), "other_threads": others})
                os.write(1, (line[:12000] + "\n").encode())  # one write: never interleaved with the GUI thread's lines
                stacks = collections.Counter()

    threading.Thread(target=watch, daemon=True, name="stall-tracer").start()


def _say(line: str) -> None:
    """One protocol line (SAMPLE, DONE) in one write: never interleaved with the stall tracer's STALL lines."""
    os.write(1, (line + "\n").encode())


def _parse(line: str, prefix: str) -> dict | None:
    """A protocol line's JSON, or None when it was cut or mangled (a report is still made from the rest)."""
    try:
        value, _ = json.JSONDecoder().raw_decode(line[len(prefix):])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def child(args: argparse.Namespace) -> int:
    """Runs inside xvfb-run: the real app, driven turn after turn from its own event loop."""
    import faulthandler
    import itertools
    import random

    faulthandler.enable()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from simulator.catalog import catalog
    from ui.app import share_the_interpreter, warm_up
    from ui.main_window import MainWindow

    if args.switch_interval_ms is None:
        share_the_interpreter()  # as the app does
    else:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    from ui.settings import AppSettings

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.update({"sessions_dir": str(work / "sessions"), "speech_engine": args.engine, "listen_mode": "push_to_talk",
                     "voice_on": True, "preflight_seen": True, "trainee": "Soak"})
    rng = random.Random(args.seed)
    window = MainWindow([e for e in catalog() if e.scenario is not None], settings, speech=True, rng=random.Random(args.seed))
    window.resize(1366, 740)
    window.show()
    from ui.workers import run_in_background

    run_in_background(warm_up, lambda _r: None)  # as the app does
    scenarios = [e.scenario for e in catalog() if e.scenario is not None]
    order = itertools.cycle(scenarios)
    wavs: list[Path] = []
    for i, phrase in enumerate(SPOKEN):
        wav = work / f"say{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), phrase], check=True)
        wavs.append(wav)

    stats = {"turns": 0, "typed": 0, "spoken_tried": 0, "spoken_heard": 0, "spoken_confirmed": 0, "sessions": 0, "endings": {}, "max_stall_ms": 0.0,
             "stalls_over_100ms": 0, "errors": [], "scenarios": len(scenarios)}
    beat = QElapsedTimer()
    beat.start()
    started = time.monotonic()
    duration = args.minutes * 60
    turn_gap_ms = 250 if args.fast else 2500
    state: dict = {"turns_in_session": 0, "player": None, "pressed_at": 0.0, "spoken_turn": 0}

    last_beat = [time.monotonic()]
    stall_gaps: dict[float, float] = {}
    threshold_s = args.trace_stalls / 1000 if args.trace_stalls else float("inf")
    if args.trace_stalls:
        _trace_stalls(last_beat, threshold_s, stall_gaps, started)

    def heartbeat() -> None:
        now = time.monotonic()
        if now - last_beat[0] > threshold_s:
            stall_gaps[last_beat[0]] = now - last_beat[0]  # the tracer reports a stall's whole length
        last_beat[0] = now
        gap = beat.restart() - HEARTBEAT_MS
        if time.monotonic() - started > STARTUP_S:
            stats["max_stall_ms"] = max(stats["max_stall_ms"], float(gap))
            stats["stalls_over_100ms"] += gap > 100

    def own_rss_mb(pid: str = "self") -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:  # it has just exited
            pass
        return 0.0

    def helpers_rss_mb() -> float:
        """The app's own helper processes (the built-in recogniser decodes in one): their memory is the app's too.
        Not the soak's paplay and espeak-ng, which are the test's, not the app's."""
        total, todo = 0.0, [str(os.getpid())]
        while todo:
            pid = todo.pop()
            try:
                kids = " ".join(Path(f"/proc/{pid}/task/{t}/children").read_text() for t in os.listdir(f"/proc/{pid}/task")).split()
            except OSError:
                continue
            for kid in kids:
                try:
                    comm = Path(f"/proc/{kid}/comm").read_text().strip()
                except OSError:
                    continue
                if comm not in ("paplay", "espeak-ng"):
                    total += own_rss_mb(kid)
                    todo.append(kid)
        return total

    def rss_mb() -> float:
        return own_rss_mb() + helpers_rss_mb()

    def sample() -> None:
        speech = window.speech
        _say("SAMPLE " + json.dumps({"t": round(time.monotonic() - started, 1), "rss_mb": round(rss_mb(), 1),
                                     "rss_helpers_mb": round(helpers_rss_mb(), 1),
                                     **{k: v for k, v in stats.items() if k != "errors" and not k.startswith("_")},
                                     "speech": getattr(speech, "state", "off")}))

    memory: dict = {}

    def memory_mark(label: str) -> None:
        """With --memory-diff: what Python allocated (tracemalloc, by line) and which objects are alive (by type),
        after every scenario has been played once and at the end; MEMORY lines with the growth between the two."""
        import collections
        import gc
        import tracemalloc

        gc.collect()
        types = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
        if "start" not in memory:  # traced from here on only: tracing the loading of models from the start made it 10x slower
            tracemalloc.start(1)
            memory["start"] = (tracemalloc.take_snapshot(), types, rss_mb(), stats["sessions"])
            return
        snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        snap0, types0, rss0, sessions0 = memory["start"]
        grown = [f"{d.size_diff / 1024:+.0f} KiB {d.count_diff:+d} blocks {d.traceback.format()[-1].strip()[:160]}"
                 for d in snap.compare_to(snap0, "lineno")[:25]]
        alive = [f"{name} {n - types0.get(name, 0):+d}" for name, n in (types - types0).most_common(25)]
        _say("MEMORY " + json.dumps({"label": label, "sessions": stats["sessions"] - sessions0, "rss_mb": round(rss_mb() - rss0, 1),
                                     "traced_mb": round(sum(d.size_diff for d in snap.compare_to(snap0, "filename")) / 2**20, 2),
                                     "python_grown": grown, "objects_grown": alive}))

    def new_session() -> None:
        if args.memory_diff and "start" not in memory and stats["sessions"] > len(scenarios):
            memory_mark("start")
        scenario = next(order)
        window.show_browser()
        warning = window.open_scenario(scenario, rng.randrange(1_000_000))
        warning.accept()
        stats["sessions"] += 1
        state["turns_in_session"] = 0

    def typed_turn(view, scenario) -> None:
        scripts = [line for p in scenario.playthroughs for line in p.script] or list(GENERIC_TYPED)
        roll = rng.random()
        if roll < 0.08 and view.action_buttons:
            name = rng.choice([a for a in view.action_buttons if a not in ("draw_weapon", "physical_control")] or list(view.action_buttons))
            view.action_buttons[name].click()
        elif roll < 0.12 and view.referral.count():
            view.referral.setCurrentIndex(rng.randrange(view.referral.count()))
            view.offer.click()
        elif roll < 0.22 and view.menu.count():
            view.menu.setCurrentRow(rng.randrange(view.menu.count()))
            view.choose_button.click()
        else:
            line = rng.choice([s for s in scripts if not s.startswith("/")] or list(GENERIC_TYPED))
            if rng.random() < 0.15:
                line = rng.choice(GENERIC_TYPED)
            view.text.setText(line)
            view.send.click()
        stats["typed"] += 1

    def finish_spoken() -> None:
        player = state["player"]
        if player is not None and player.poll() is None and time.monotonic() - state["pressed_at"] < 15:
            QTimer.singleShot(100, finish_spoken)
            return
        if player is not None and player.poll() is None:
            player.kill()
        state["player"] = None
        QTimer.singleShot(300, lambda: window.speech and window.speech.release())
        QTimer.singleShot(turn_gap_ms + 2500, step)  # recognition takes a moment: the next turn waits for it

    def spoken_turn() -> None:
        speech = window.speech
        speech.press()
        state["pressed_at"] = time.monotonic()
        state["player"] = subprocess.Popen(["paplay", "-d", "vmic_in", str(rng.choice(wavs))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stats["spoken_tried"] += 1
        QTimer.singleShot(200, finish_spoken)

    def count_heard() -> None:
        view = window.session_view
        if view is not None:
            heard = sum(1 for e in view.transcript.transcript.entries if e.kind == "trainee" and str(e.source).startswith("speech"))
            stats.setdefault("_heard_by_view", {})[id(view)] = heard
            stats["spoken_heard"] = sum(stats["_heard_by_view"].values())

    def step() -> None:
        try:
            if time.monotonic() - started >= duration:
                finish()
                return
            count_heard()
            runner, view = window.runner, window.session_view
            if runner is None or view is None or window.stack.currentWidget() not in (view, window.debrief):
                new_session()
            elif runner.ended:  # the runner's mirror: the session itself runs on the runner's worker thread
                if window.stack.currentWidget() is view:
                    ending = runner.ending or "ended early"
                    stats["endings"][ending] = stats["endings"].get(ending, 0) + 1
                    if view.debrief_button.isVisible():
                        view.debrief_button.click()
                    else:
                        window.show_debrief()
                else:
                    new_session()
            elif state["turns_in_session"] >= args.turns_per_session:
                runner.end()
            elif view.pending is not None:  # "Did you say …?": the trainee sends it, as heard
                view.confirm_send.click()
                stats["spoken_confirmed"] += 1
            else:
                state["turns_in_session"] += 1
                stats["turns"] += 1
                speech = window.speech
                if speech is not None and speech.ready and stats["turns"] % args.spoken_every == 0 and not runner.paused:
                    spoken_turn()
                    return
                typed_turn(view, runner.scenario)
        except Exception as exc:  # a failing step is a finding, not the end of the soak
            import traceback

            stats["errors"].append(f"{type(exc).__name__}: {exc}")
            traceback.print_exc()
        QTimer.singleShot(turn_gap_ms, step)

    def redraw() -> None:
        view = window.session_view
        if view is not None and view.isVisible():
            view.portrait.update()

    def finish() -> None:
        if args.memory_diff and "start" in memory:
            memory_mark("end")
        sample()
        _say("DONE " + json.dumps({**{k: v for k, v in stats.items() if not k.startswith("_")}, "rss_mb": round(rss_mb(), 1)}))
        window.runner and window.runner.end()
        window.close()
        app.quit()

    timers = []
    for interval, fn in ((HEARTBEAT_MS, heartbeat), (args.sample_seconds * 1000, sample), (40 if args.fast else 200, redraw)):
        t = QTimer()
        t.setInterval(int(interval))
        t.timeout.connect(fn)
        t.start()
        timers.append(t)
    QTimer.singleShot(500, step)
    code = app.exec()
    shutil.rmtree(work, ignore_errors=True)
    return code


# -------------------------------------------------------------------------------------------------- parent
GROWTH_PER_CLASS_LIMIT_PCT = 25.0  # RSS that keeps growing: a trend that would add this much over a 45-minute class period


def rss_trend(samples: list[dict]) -> dict:
    """How RSS is moving over the second half of the run: a robust slope, and whether it "keeps growing".

    The slope is Theil-Sen's (the median of the slopes between every two samples), so one spike or one
    sample taken mid-collection does not decide it, and the first half (start-up, models loading, caches
    filling) is left out — or, when the run is long enough, everything until each scenario has been played
    once (a scenario's first session loads its models). It keeps growing when that slope would add ``GROWTH_PER_CLASS_LIMIT_PCT`` % or more
    to the second half's median RSS over a 45-minute class period.
    """
    warm = [s for s in samples if s.get("scenarios") and s.get("sessions", 0) > s["scenarios"]]  # every scenario played once
    half = warm if len(warm) >= max(3, len(samples) // 3) else samples[len(samples) // 2:]
    if len(half) < 3:
        return {"rss_slope_mb_per_min": None, "rss_per_class_pct": None, "rss_keeps_growing": False}
    slopes = sorted((b["rss_mb"] - a["rss_mb"]) / ((b["t"] - a["t"]) / 60) for i, a in enumerate(half) for b in half[i + 1:] if b["t"] > a["t"])
    slope = statistics.median(slopes) if slopes else 0.0
    level = statistics.median(s["rss_mb"] for s in half)
    per_class = 100.0 * slope * 45 / level if level else 0.0
    # The same trend per session played: what a leak of a session's objects looks like, whatever the pace. A fast
    # soak plays a session every few seconds, so its per-minute slope projected over 45 minutes would be a class
    # period of hundreds of sessions; per session it compares with a real class (a few sessions a trainee).
    by_session = sorted((b["rss_mb"] - a["rss_mb"]) / (b["sessions"] - a["sessions"]) for i, a in enumerate(half) for b in half[i + 1:]
                        if b.get("sessions", 0) > a.get("sessions", 0))
    per_session = statistics.median(by_session) if by_session else None
    return {"rss_slope_mb_per_min": round(slope, 2), "rss_per_class_pct": round(per_class, 1),
            "rss_mb_per_session": None if per_session is None else round(per_session, 2),
            "rss_keeps_growing": per_class >= GROWTH_PER_CLASS_LIMIT_PCT}


def summarise(samples: list[dict], done: dict | None, returncode: int, stderr_tail: str, warmup_s: float) -> dict:
    """Crash, RSS growth (settled start → end) and the longest stall, from the child's samples."""
    settled = [s for s in samples if s["t"] >= warmup_s] or samples
    head = settled[: max(1, len(settled) // 10)]
    tail = settled[-max(1, len(settled) // 10):]
    start_rss = statistics.median(s["rss_mb"] for s in head) if head else 0.0
    end_rss = statistics.median(s["rss_mb"] for s in tail) if tail else 0.0
    growth = 100.0 * (end_rss - start_rss) / start_rss if start_rss else 0.0
    last = done or (samples[-1] if samples else {})
    return {
        "crashed": returncode != 0 or done is None,
        "returncode": returncode,
        "minutes": round((samples[-1]["t"] if samples else 0) / 60, 1),
        "rss_start_mb": round(start_rss, 1),
        "rss_end_mb": round(end_rss, 1),
        "rss_peak_mb": max((s["rss_mb"] for s in samples), default=0.0),
        "rss_growth_pct": round(growth, 1),
        **rss_trend(samples),
        "max_stall_ms": last.get("max_stall_ms"),
        "stalls_over_100ms": last.get("stalls_over_100ms"),
        "turns": last.get("turns"), "typed": last.get("typed"), "spoken_tried": last.get("spoken_tried"),
        "spoken_heard": last.get("spoken_heard"), "spoken_confirmed": last.get("spoken_confirmed"), "sessions": last.get("sessions"), "endings": last.get("endings"),
        "errors": (done or {}).get("errors", []),
        "stderr_tail": stderr_tail if returncode != 0 or done is None else "",
    }


def classify_stalls(stalls: list[dict], until_s: float = float("inf")) -> dict:
    """The traced stalls split by what the GUI thread was doing while the tracer watched (``--trace-stalls``).

    ``cpu_starved``: it spent at least half of the watched time runnable but waiting for a CPU — the machine was
    busy (other programs, the app's own helper processes), not the GUI thread's work; on a shared two-core machine
    these come and go with the load. ``app``: the rest — the GUI thread working, or waiting for the interpreter lock
    or another lock — which is what the app can change. ``longest_app_stall_ms`` is on the same footing as
    ``max_stall_ms`` (the heartbeat's interval taken off). Both kinds still count in ``max_stall_ms``.
    """
    # As max_stall_ms: start-up, and closing the window at the end (it waits for the recording), are not a running session.
    stalls = [st for st in stalls if STARTUP_S <= st.get("t", STARTUP_S) <= until_s]
    starved = [st for st in stalls if st.get("watched_ms") and st.get("gui_runqueue_ms", 0) >= 0.5 * st["watched_ms"]]
    app = [st for st in stalls if st not in starved]
    return {"traced_stalls": len(stalls), "traced_cpu_starved": len(starved), "traced_app": len(app),
            "longest_app_stall_ms": max((st["blocked_ms"] - HEARTBEAT_MS for st in app), default=None)}


def run(minutes: float, fast: bool, engine: str = "builtin", spoken_every: int = 5, turns_per_session: int = 30,
        sample_seconds: float = 10.0, seed: int = 1, progress: bool = True, trace_stalls: float = 0,
        switch_interval_ms: float | None = None, memory_diff: bool = False) -> dict:
    """Start the sound server, run the child under Xvfb, and summarise what it reported."""
    sys.path.insert(0, str(ROOT / "tests"))
    from audio_env import start_virtual_microphone, stop

    for tool in ("xvfb-run", "espeak-ng", "paplay"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed for the soak (tools/system-deps.sh installs it)")
    runtime = start_virtual_microphone()[0]
    for cmd in (["load-module", "module-null-sink", "sink_name=speakers"], ["set-default-sink", "speakers"]):
        subprocess.run(["pactl", *cmd], check=True, capture_output=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}
    env.pop("DISPLAY", None)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, str(Path(__file__).resolve()), "--child",
           "--minutes", str(minutes), "--engine", engine, "--spoken-every", str(spoken_every), "--turns-per-session",
           str(turns_per_session), "--sample-seconds", str(sample_seconds), "--seed", str(seed), "--trace-stalls", str(trace_stalls)] \
        + (["--switch-interval-ms", str(switch_interval_ms)] if switch_interval_ms is not None else []) \
        + (["--fast"] if fast else []) + (["--memory-diff"] if memory_diff else [])
    err = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 -- read after the child exits, closed with the function
    samples: list[dict] = []
    stalls: list[dict] = []
    memory_report: list[dict] = []
    done = None
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=ROOT)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("SAMPLE "):
                sample = _parse(line, "SAMPLE ")
                if sample is None:
                    continue
                samples.append(sample)
                if progress:
                    s = samples[-1]
                    print(f"{s['t'] / 60:5.1f} min  RSS {s['rss_mb']:6.1f} MB  turns {s['turns']:4d}  spoken {s['spoken_heard']}/{s['spoken_tried']}  "
                          f"sessions {s['sessions']:3d}  longest stall {s['max_stall_ms']:.0f} ms  speech {s['speech']}", flush=True)
            elif line.startswith("STALL "):
                stall = _parse(line, "STALL ")
                if stall is None:  # a stack cut at the write limit
                    continue
                stalls.append(stall)
                if progress:
                    print(f"  stall {stall['blocked_ms']} ms (watched {stall.get('watched_ms')} ms: GUI thread on a CPU {stall.get('gui_cpu_ms')} ms, "
                          f"waiting for a CPU {stall.get('gui_runqueue_ms')} ms) in: " + " | ".join(stall["stack"][-4:]), flush=True)
                    for name, frames in (stall.get("other_threads") or {}).items():
                        print(f"      meanwhile {name}: " + " | ".join(frames[-2:]), flush=True)
            elif line.startswith("MEMORY "):
                mem = _parse(line, "MEMORY ")
                if mem is not None:
                    memory_report.append(mem)
                    if progress:
                        print(f"  memory over {mem['sessions']} sessions: RSS {mem['rss_mb']:+} MB, Python-traced {mem['traced_mb']:+} MB", flush=True)
                        for row in mem["python_grown"][:15]:
                            print("      " + row, flush=True)
                        print("      objects: " + ", ".join(mem["objects_grown"][:20]), flush=True)
            elif line.startswith("DONE "):
                done = _parse(line, "DONE ")
        proc.wait(timeout=120)
    finally:
        stop(runtime)
    err.seek(0)
    tail = err.read()[-3000:]
    result = summarise(samples, done, proc.returncode, tail, warmup_s=min(120.0, minutes * 60 / 4))
    result["samples"] = [{"t": s["t"], "rss_mb": s["rss_mb"], "rss_helpers_mb": s.get("rss_helpers_mb", 0.0)} for s in samples]
    result["stalls"] = stalls
    result["memory"] = memory_report
    result.update(classify_stalls(stalls, until_s=minutes * 60))
    worst = max(stalls, key=lambda st: st.get("blocked_ms", 0), default=None)
    result["longest_traced_stall"] = {"blocked_ms": worst["blocked_ms"], "stack": worst["stack"][-3:],
                                      "other_threads": worst.get("other_threads", {})} if worst else None
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=45.0)
    p.add_argument("--fast", action="store_true", help="fast turns and redraws (the short version in make test)")
    p.add_argument("--engine", default="builtin", help="the speech engine setting (builtin, auto, ...)")
    p.add_argument("--spoken-every", type=int, default=5, help="every Nth turn is spoken into the virtual microphone")
    p.add_argument("--turns-per-session", type=int, default=30, help="end a session that has not ended by itself after this many turns")
    p.add_argument("--sample-seconds", type=float, default=10.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-stall-ms", type=float, default=None, help="also fail when the longest GUI stall exceeds this")
    p.add_argument("--trace-stalls", type=float, default=0, metavar="MS",
                   help="print the GUI thread's stack (STALL lines) whenever it is blocked longer than MS")
    p.add_argument("--switch-interval-ms", type=float, default=None, help="the interpreter's thread switch interval (default: the app's)")
    p.add_argument("--memory-diff", action="store_true",
                   help="trace Python allocations and live objects by type; print their growth from warm-up to the end (slower)")
    p.add_argument("--out", type=Path, help="write the full report (with every RSS sample) as JSON here")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    result = run(args.minutes, args.fast, args.engine, args.spoken_every, args.turns_per_session, args.sample_seconds, args.seed,
                 trace_stalls=args.trace_stalls, switch_interval_ms=args.switch_interval_ms, memory_diff=args.memory_diff)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k not in ("samples", "stalls", "memory")}, indent=1))
    failed = result["crashed"] or result["rss_growth_pct"] >= 10 or (args.max_stall_ms is not None and (result["max_stall_ms"] or 0) > args.max_stall_ms)
    print(("SOAK FAILED" if failed else "SOAK OK") + f": crashed={result['crashed']} RSS growth {result['rss_growth_pct']} % "
          f"(second half: {result['rss_slope_mb_per_min']} MB/min, {result['rss_per_class_pct']} % a class period) "
          f"longest stall {result['max_stall_ms']} ms (timings on a shared, loaded machine are noisy)"
          + (f"; traced: {result['traced_stalls']}, {result['traced_cpu_starved']} starved of a CPU, longest of the rest "
             f"{result['longest_app_stall_ms']} ms" if args.trace_stalls else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
