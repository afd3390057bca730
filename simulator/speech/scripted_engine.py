"""A scripted recogniser for fast tests: it "hears" the next line of a script.

Part of the design (DESIGN.md): tests of the app's flow should not wait for a
real model. It still behaves like a stream — partial words while audio comes
in, the whole line at the end — so the app code under test is the real one.
"""

from __future__ import annotations

from collections import deque

from simulator.speech.recognition import EngineInfo, Transcript, Word


class ScriptedRecognizer:
    info = EngineInfo("scripted", ("en",), 16000, True, False, "replays a script (tests only)")

    def __init__(self, lines: list[str]) -> None:
        self._lines = deque(lines)

    def stream(self) -> _ScriptedStream:
        return _ScriptedStream(self._lines.popleft() if self._lines else "")


class _ScriptedStream:
    def __init__(self, line: str) -> None:
        self._words = line.split()
        self._fed = 0.0
        self._shown = 0

    def accept(self, pcm: bytes) -> str | None:
        self._fed += len(pcm) / 2 / 16000
        shown = min(len(self._words), int(self._fed / 0.3))
        if shown != self._shown:
            self._shown = shown
            return " ".join(self._words[:shown])
        return None

    def finish(self) -> Transcript:
        step = self._fed / max(1, len(self._words))
        words = tuple(Word(w, 1.0, i * step, (i + 1) * step) for i, w in enumerate(self._words))
        return Transcript(" ".join(self._words), words)
