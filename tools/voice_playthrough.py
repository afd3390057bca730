"""Play one whole scenario by voice in the real app window, to an ending, with the accurate engine (Moonshine).

    .venv/bin/python tools/voice_playthrough.py                       # dementia_lost, push-to-talk, screenshots
    .venv/bin/python tools/voice_playthrough.py --scenario bridge_suicidal --out run.json

Why: the unit and widget tests each check one listener transition or one spoken turn; nothing else shows that a
trainee can actually get through a session by speaking — every turn recognised well enough to be read, the
person answering, the actions and referral clicked on the real widgets, an ending, a debrief. This does exactly
that, the way a trainee would: a private PulseAudio with a virtual microphone (tests/audio_env.py) and a separate
"speakers" sink for the person's voice, the real main window under Xvfb, Settings set to the Moonshine engine
and push-to-talk, and for each officer line of ``tests/fixtures/skilled/<scenario>.txt`` espeak-ng speech played
into the microphone while the real "Hold to talk" button is held down with QTest. Lines starting with ``/`` are
performed on the real widgets (action buttons, the referral combobox and its Offer button; ``/wait N`` lets N
real seconds pass). It logs said / heard / confidence per turn with the WER over the run, the listener's states,
and saves screenshots (``QWidget.grab``) to ``docs/screenshots/voice_1.png`` … and the debrief.

The parent starts the sound server and runs itself again (``--child``) under ``xvfb-run``; the child prints one
``TURN``/``EVENT`` JSON line as it goes and a final ``DONE`` line, which the parent turns into a table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"


def _emit(kind: str, data: dict[str, Any]) -> None:
    os.write(1, (kind + " " + json.dumps(data) + "\n").encode())


def script_lines(scenario: str) -> list[str]:
    """The skilled playthrough's lines: '#' comments (whole-line or trailing) dropped."""
    lines = []
    for raw in (ROOT / "tests" / "fixtures" / "skilled" / f"{scenario}.txt").read_text().splitlines():
        line = raw.split("  #")[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def synthesise(text: str, wav: Path) -> float:
    """espeak-ng at 16 kHz mono with a little silence around it; returns its length in seconds."""
    raw = wav.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(wav), "pad", "0.4", "0.4"], check=True)
    out = subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


# --------------------------------------------------------------------------------------------------- child

def child(args: argparse.Namespace) -> int:
    """Runs under xvfb-run: the real window, spoken to line by line."""
    import faulthandler
    import random

    faulthandler.enable()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    from simulator.catalog import catalog, find
    from ui.app import share_the_interpreter
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    share_the_interpreter()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="voice-play-"))
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.update({"sessions_dir": str(work / "sessions"), "speech_engine": args.engine, "listen_mode": "push_to_talk",
                     "voice_on": True, "read_narration": False, "preflight_seen": True, "trainee": "Voice playthrough"})
    window: Any = MainWindow(catalog(), settings, speech=True, rng=random.Random(args.seed))  # its speech, view, runner appear later
    window.ask_before_leaving = False
    window.resize(1366, 740)
    window.show()

    def wait_until(predicate: Any, seconds: float, step_ms: int = 50) -> bool:
        """Let the event loop run (QTest.qWait) until ``predicate()`` or ``seconds`` have passed."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            QTest.qWait(step_ms)
        return bool(predicate())

    def shot(n: int, what: str) -> None:
        path = SHOTS / f"voice_{n}.png"
        window.grab().save(str(path))
        _emit("EVENT", {"t": round(time.monotonic() - started, 1), "screenshot": str(path.relative_to(ROOT)), "what": what})

    scenario = find(args.scenario)
    lines = script_lines(args.scenario)
    spoken = [ln for ln in lines if not ln.startswith("/")]
    wavs: dict[str, tuple[Path, float]] = {}
    for i, line in enumerate(spoken):
        wav = work / f"say{i:02d}.wav"
        wavs[line] = (wav, synthesise(line, wav))

    # The browser → content warning → session, as a trainee starts it.
    warning = window.open_scenario(scenario, args.seed)
    wait_until(lambda: warning.isVisible(), 5)
    warning.accept()
    if not wait_until(lambda: window.speech is not None and window.speech.state in ("ready", "unavailable"), 180):
        _emit("DONE", {"error": "speech never became ready"})
        return 1
    speech, view, runner = window.speech, window.session_view, window.runner
    assert speech is not None and view is not None and runner is not None
    states: list[tuple[float, str, str]] = [(round(time.monotonic() - started, 1), speech.state, speech.message)]
    speech.status.connect(lambda state, message: states.append((round(time.monotonic() - started, 1), state, message)))
    heard: list[tuple[str, float | None]] = []
    speech.heard.connect(lambda text, confidence, *_: heard.append((str(text), confidence if isinstance(confidence, float) else None)))
    _emit("EVENT", {"t": round(time.monotonic() - started, 1), "speech": speech.state, "engine": speech.engine_name,
                    "message": speech.message})
    if speech.state != "ready" or speech.engine_name != "moonshine":
        _emit("DONE", {"error": f"not the accurate engine: {speech.engine_name} {speech.state}: {speech.message}"})
        return 1
    entries = view.transcript.transcript.entries

    def quiet() -> bool:
        """The person has finished speaking and the session has nothing left to deliver."""
        return not speech.muted and not runner.busy and (window.voice is None or window.voice._speaker is None
                                                          or window.voice._speaker.wait_idle(0))

    wait_until(quiet, 60)  # the opening lines
    turns: list[dict[str, Any]] = []
    stalls: list[str] = []
    spoken_count = 0
    for line in lines:
        if runner.ended:
            break
        if time.monotonic() - started > args.max_minutes * 60:
            stalls.append("ran out of time before the script ended")
            break
        wait_until(quiet, 60)
        t0 = time.monotonic()
        if line.startswith("/wait"):
            seconds = float(line.split()[1])
            QTest.qWait(int(seconds * 1000))
            _emit("EVENT", {"t": round(t0 - started, 1), "did": line})
            continue
        if line.startswith("/refer"):
            resource = line.split()[1]
            index = view.referral.findData(resource)
            if index < 0:
                stalls.append(f"{line}: no such referral in the combobox")
                continue
            view.referral.setCurrentIndex(index)
            QTest.mouseClick(view.offer, Qt.MouseButton.LeftButton)
            _emit("EVENT", {"t": round(t0 - started, 1), "did": line, "combobox": view.referral.currentText()})
            wait_until(lambda: runner.ended, 8)
            continue
        if line.startswith("/"):
            action = line[1:].split()[0]
            button = view.action_buttons.get(action)
            if button is None:
                stalls.append(f"{line}: no such action button")
                continue
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            _emit("EVENT", {"t": round(t0 - started, 1), "did": line, "button": button.text()})
            wait_until(lambda: False, 1.0)
            continue

        # A spoken turn: hold the real button, speak into the microphone, let go.
        spoken_count += 1
        wav, length = wavs[line]
        before_heard, before_entries = len(heard), len(entries)
        QTest.mousePress(view.talk, Qt.MouseButton.LeftButton)
        pressed = speech.pressed
        wait_until(lambda: False, 0.15)
        player = subprocess.Popen(["paplay", "-d", "vmic_in", str(wav)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if spoken_count == args.shot_listening:
            wait_until(lambda: False, min(1.5, length / 2))
            shot(2, "holding push-to-talk, mid-utterance")
        wait_until(lambda p=player: p.poll() is not None, length + 10)
        wait_until(lambda: False, 0.4)  # the sound server's latency: the last syllable is on its way
        QTest.mouseRelease(view.talk, Qt.MouseButton.LeftButton)
        released = time.monotonic()
        got = wait_until(lambda n=before_heard: len(heard) > n, 30)
        recognised = time.monotonic() - released
        confirmed = False
        if got and view.confirm_box.isVisible():  # "Did you say …?": the trainee says yes on the real button
            confirmed = True
            QTest.mouseClick(view.confirm_send, Qt.MouseButton.LeftButton)

        def trainee_at(start: int = before_entries) -> int | None:
            return next((i for i in range(start, len(entries)) if entries[i].kind == "trainee"), None)

        def answered() -> bool:
            at = trainee_at()
            return at is not None and any(e.kind == "person" for e in entries[at + 1:])

        replied = got and wait_until(lambda: answered() or runner.ended, 30)
        at = trainee_at()
        unprompted = [e.text for e in entries[before_entries:at] if e.kind == "person"]  # while recognising: silence, not a reply
        reply = " / ".join(e.text for e in entries[at + 1:] if e.kind == "person") if at is not None else ""
        text, confidence = heard[before_heard] if got else ("", None)
        trainee = entries[at] if at is not None else None
        chips = view.transcript.transcript.chips_of(trainee.turn) if trainee is not None else []
        turn = {"n": spoken_count, "said": line, "heard": text, "confidence": confidence, "pressed": pressed,
                "confirm_asked": confirmed, "recognised_s": round(recognised, 2), "replied": bool(replied),
                "reply": reply[:160], "said_before_reply": unprompted, "chips": list(chips)[:4], "t": round(t0 - started, 1)}
        if not got:
            stalls.append(f"turn {spoken_count}: nothing heard within 30 s of release")
        elif not replied:
            stalls.append(f"turn {spoken_count}: heard, but no reply within 30 s")
        turns.append(turn)
        _emit("TURN", turn)
        if spoken_count == 1:
            wait_until(quiet, 30)
            shot(1, "after the first spoken exchange")
        if spoken_count == args.shot_late:
            wait_until(quiet, 30)
            shot(3, "late in the session")

    if not runner.ended:
        wait_until(lambda: runner.ended, 30)  # an ending may take the person a moment
    ending = runner.ending if runner.ended else None
    wait_until(quiet, 30)
    shot(4, f"the ending: {ending}")
    if not runner.ended:
        QTest.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: runner.ended, 10)
    wait_until(lambda: view.debrief_button.isVisible(), 10)
    if view.debrief_button.isVisible():
        QTest.mouseClick(view.debrief_button, Qt.MouseButton.LeftButton)
    else:
        window.show_debrief()
    wait_until(lambda: window.debrief is not None and window.stack.currentWidget() is window.debrief, 10)
    scores: dict[str, Any] = {}
    if window.debrief is not None:
        wait_until(lambda: False, 1.0)
        shot(5, "the debrief")
        s = window.debrief.scores
        scores = {**s.as_dict(), "band": s.band.name}
    _emit("DONE", {"ending": ending, "scores": scores, "turns": len(turns), "states": states, "stalls": stalls,
                   "minutes": round((time.monotonic() - started) / 60, 1)})
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


# -------------------------------------------------------------------------------------------------- parent

def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the sound server, run the child under Xvfb, collect what it reported."""
    sys.path.insert(0, str(ROOT / "tests"))
    from audio_env import start_virtual_microphone, stop  # type: ignore[import-not-found]  # tests/ is not a package

    for tool in ("xvfb-run", "espeak-ng", "paplay", "sox", "soxi"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (tools/system-deps.sh installs it)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    runtime = start_virtual_microphone()[0]
    for cmd in (["load-module", "module-null-sink", "sink_name=speakers"], ["set-default-sink", "speakers"]):
        subprocess.run(["pactl", *cmd], check=True, capture_output=True)  # the person's voice: not into the microphone
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}
    env.pop("DISPLAY", None)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, str(Path(__file__).resolve()), "--child",
           "--scenario", args.scenario, "--seed", str(args.seed), "--engine", args.engine, "--max-minutes", str(args.max_minutes),
           "--shot-listening", str(args.shot_listening), "--shot-late", str(args.shot_late)]
    turns: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    done: dict[str, Any] | None = None
    err = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 -- read after the child exits
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=ROOT)
        assert proc.stdout is not None
        for line in proc.stdout:
            kind, _, body = line.partition(" ")
            if kind not in ("TURN", "EVENT", "DONE"):
                continue
            try:
                data = json.loads(body)
            except ValueError:
                continue
            if kind == "TURN":
                turns.append(data)
                print(f"{data['n']:2d} {data['confidence'] or 0:4.2f} said: {data['said']}\n        heard: {data['heard']}"
                      f"  (recognised in {data['recognised_s']} s{', confirm asked' if data['confirm_asked'] else ''})\n"
                      f"        reply: {data['reply'][:100]}", flush=True)
            elif kind == "EVENT":
                events.append(data)
                print("   ", json.dumps(data), flush=True)
            else:
                done = data
        proc.wait(timeout=120)
    finally:
        stop(runtime)
    err.seek(0)
    from simulator.speech.wer import edits, wer

    pairs = [(t["said"], t["heard"]) for t in turns]
    for t in turns:
        t["edits"], t["words"] = edits(t["said"], t["heard"])
    return {"returncode": proc.returncode, "done": done, "turns": turns, "events": events,
            "wer": round(wer(pairs), 3) if pairs else None, "wer_strict": round(wer(pairs, contractions_differ=True), 3) if pairs else None,
            "stderr_tail": err.read()[-3000:] if proc.returncode != 0 or done is None else ""}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--scenario", default="dementia_lost", help="a scenario with a skilled playthrough in tests/fixtures/skilled")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--engine", default="moonshine", help="the speech engine setting (moonshine, auto)")
    p.add_argument("--max-minutes", type=float, default=13.0, help="stop speaking lines after this long")
    p.add_argument("--shot-listening", type=int, default=4, help="screenshot 2 while holding push-to-talk on this spoken turn")
    p.add_argument("--shot-late", type=int, default=12, help="screenshot 3 after this spoken turn")
    p.add_argument("--out", type=Path, help="write the whole report as JSON here")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    result = run(args)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    done = result["done"] or {}
    print(json.dumps({"ending": done.get("ending"), "scores": done.get("scores"), "wer": result["wer"],
                      "wer_strict": result["wer_strict"], "stalls": done.get("stalls"), "states": done.get("states"),
                      "minutes": done.get("minutes"), "error": done.get("error"), "returncode": result["returncode"]}, indent=1))
    if result["stderr_tail"]:
        print(result["stderr_tail"], file=sys.stderr)
    return 0 if done.get("ending") else 1


if __name__ == "__main__":
    sys.exit(main())
