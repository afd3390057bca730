"""The built-in recogniser's own process: pocketsphinx decoding where it cannot starve the app's GUI thread.

pocketsphinx's Python binding holds the interpreter lock for the whole of every
``process_raw`` call, so decoding on the listener's thread kept the GUI thread
waiting for the lock: the soak measured stalls of up to 7.8 s. Here the decoders
(``sphinx_engine.InProcessSphinx``) run in a child interpreter of their own
(``python -m simulator.speech.sphinx_child``: a fresh process, no copy of the
parent's Qt state, and, unlike ``multiprocessing``'s spawn, no re-import of the
parent's main script, which breaks any script without a ``__main__`` guard). The
parent talks to it over the child's stdin and stdout, one request and one reply at
a time, each a length-prefixed pickle: ``start``, ``accept`` (PCM → partial text),
``finish`` (→ Transcript), ``clip`` (a whole recording → Transcript). A reader
thread in the parent turns the replies into a queue, so waiting for one has a
timeout on every platform and releases the parent's interpreter lock: the GUI runs
while the child decodes. The child exits when its stdin closes (the parent closed
it, or died).

A child that dies or stops answering is found by the call that needed it: that
call raises ``SpeechProcessDied`` (the utterance in progress is lost; the listener
reports the error and the app restarts it, see ui/speech_input.py) and a new child
is started at once, so the next utterance is decoded again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import IO, Any

from simulator.speech.recognition import EngineUnavailable, Transcript

# The first start may build the language model from the corpus (seconds on a slow laptop, longer under load).
READY_TIMEOUT_S = 300.0
# One request's reply: an accept decodes a chunk of tens of milliseconds, a finish the last 0.3 s. A loaded
# two-core machine has been seen taking a second; a child silent for this long is hung and is replaced.
REPLY_TIMEOUT_S = 30.0
_HEADER = struct.Struct(">I")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the simulator package


def _send(out: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _receive(inp: IO[bytes]) -> Any:
    """The next message, or raises EOFError when the other side has gone."""
    header = inp.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = inp.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # our own child, over its own pipes: trusted


class SpeechProcessDied(RuntimeError):
    """The decoding child died or hung; the utterance in progress is lost and a new child is on its way."""


def _stop(proc: subprocess.Popen[bytes], loaded: threading.Event) -> None:
    """Let a child go without waiting for it (this may run on the GUI thread, when a cached engine is dropped).

    Closing its stdin ends the loop of a child that has loaded. One still building its language model reads
    nothing until it is done (seconds, longer under load), so it is ended outright: a trainee who leaves
    sessions quickly would otherwise pile up loading children of some 100 MB each (the short soak saw seven).
    Its half-built model is not lost work worth keeping: the cache is written whole or not at all."""
    with contextlib.suppress(Exception):
        assert proc.stdin is not None
        proc.stdin.close()
    if not loaded.is_set():
        with contextlib.suppress(Exception):
            proc.terminate()


def _read_replies(proc: subprocess.Popen[bytes], replies: queue.Queue[Any]) -> None:
    """The parent's reader thread for one child: every reply into the queue, then None when the child is gone."""
    assert proc.stdout is not None
    try:
        while True:
            replies.put(_receive(proc.stdout))
    except (EOFError, OSError, pickle.UnpicklingError):
        replies.put(None)


class SphinxProcess:
    """One decoding child at a time, replaced when it dies. Thread-safe: one request at a time."""

    def __init__(self, extra_phrases: list[str] | None, cache: Path | None, warps: tuple[str, ...]) -> None:
        self._args = (extra_phrases, cache, warps)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[Any] = queue.Queue()
        self._ready = False
        self._loaded = threading.Event()  # the current child said ready (read by _stop, which holds no self)
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self.generation = 0  # which child: a stream begun on one child is lost when it dies
        self.restarts = 0
        self.last_death = ""
        self._start()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if p)}
        proc = subprocess.Popen([sys.executable, "-m", "simulator.speech.sphinx_child"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env)
        assert proc.stdin is not None
        replies: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=_read_replies, args=(proc, replies), name="builtin-speech-replies", daemon=True).start()
        with contextlib.suppress(OSError):  # it died at once: found when its reply does not come
            _send(proc.stdin, self._args)
        self._proc, self._replies, self._ready, self._loaded = proc, replies, False, threading.Event()
        self.generation += 1
        self._finalizer = weakref.finalize(self, _stop, proc, self._loaded)

    def _reply(self, timeout: float) -> Any:
        """The child's next reply; None when it has gone; raises queue.Empty when it said nothing for ``timeout``."""
        return self._replies.get(timeout=timeout)

    def wait_ready(self) -> int:
        """Wait for the current child to load; its vocabulary size, or EngineUnavailable with its reason."""
        with self._lock:
            return self._wait_ready()

    def _wait_ready(self) -> int:
        proc = self._proc
        assert proc is not None
        try:
            reply = self._reply(READY_TIMEOUT_S)
        except queue.Empty:
            proc.kill()
            self._discard()
            raise EngineUnavailable(f"the built-in recogniser did not load within {READY_TIMEOUT_S:.0f} s") from None
        if reply is None:
            code = proc.wait(5)
            self._discard()
            raise EngineUnavailable(f"the built-in recogniser's process exited while loading (exit code {code})")
        kind, value = reply
        if kind != "ready":
            self._discard()
            raise EngineUnavailable(str(value))
        self._ready = True
        self._loaded.set()
        return int(value)

    def _discard(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._proc, self._ready = None, False

    def _died(self, why: str) -> SpeechProcessDied:
        """Note the death, start the next child at once (it loads while the app reports), and say what happened."""
        proc = self._proc
        code = None
        if proc is not None:
            if why == "hung":
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = proc.wait(1.0)
        self.last_death = (f"the built-in recogniser's process {'stopped answering' if why == 'hung' else 'died'}"
                           + (f" (exit code {code})" if code is not None else ""))
        self._discard()
        self.restarts += 1
        self._start()
        return SpeechProcessDied(self.last_death)

    def call(self, op: str, payload: Any = None, generation: int | None = None) -> Any:
        """One request and its reply. Raises SpeechProcessDied (child gone), RuntimeError (the engine's own error)."""
        with self._lock:
            if self._proc is None:  # the last start failed to load: try again
                self._start()
            if generation is not None and generation != self.generation:
                raise SpeechProcessDied("the utterance was lost when the built-in recogniser's process was restarted")
            if not self._ready:
                self._wait_ready()
            proc = self._proc
            assert proc is not None and proc.stdin is not None
            try:
                _send(proc.stdin, (op, payload))
                reply = self._reply(REPLY_TIMEOUT_S)
            except OSError:
                raise self._died("died") from None
            except queue.Empty:
                raise self._died("hung") from None
            if reply is None:
                raise self._died("died")
            kind, value = reply
            if kind == "error":
                raise RuntimeError(value)
            return value

    def close(self) -> None:
        with self._lock:
            self._discard()


class SphinxProcessStream:
    """One utterance decoded in the child, with the in-process stream's interface (``accept``, ``finish``)."""

    def __init__(self, process: SphinxProcess) -> None:
        self._process = process
        process.call("start")
        self._generation = process.generation

    def accept(self, pcm: bytes) -> str | None:
        if not pcm:
            return None
        text: str | None = self._process.call("accept", pcm, self._generation)
        return text

    def finish(self) -> Transcript:
        heard: Transcript = self._process.call("finish", None, self._generation)
        return heard
