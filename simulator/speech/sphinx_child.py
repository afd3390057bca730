"""The built-in recogniser's child process (``python -m simulator.speech.sphinx_child``): the decoders and the loop
that answers the parent (``sphinx_process.SphinxProcess``) over its stdin and stdout.

Apart from ``sphinx_process`` so that the parent's side never imports the engine it runs at arm's length: the
engine uses the parent's side, the child uses both.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from simulator.speech.recognition import EngineUnavailable
from simulator.speech.sphinx_engine import InProcessSphinx, SphinxStream
from simulator.speech.sphinx_process import _receive, _send


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The child's whole life: read its settings, load the decoders, say ``ready`` (or why not), answer until EOF."""
    class _Conn:
        def send(self, message: Any) -> None:
            _send(out, message)

        def recv(self) -> Any:
            return _receive(inp)

    conn = _Conn()
    try:
        extra_phrases, cache, warps = conn.recv()
    except (EOFError, OSError):
        return

    try:
        engine = InProcessSphinx(extra_phrases, cache, warps)
    except EngineUnavailable as exc:
        conn.send(("unavailable", str(exc)))
        return
    except Exception as exc:  # anything else that stops it loading is told to the parent as plainly
        conn.send(("unavailable", f"pocketsphinx could not start ({type(exc).__name__}: {exc})"))
        return
    conn.send(("ready", engine.vocabulary_size))
    stream: SphinxStream | None = None
    while True:
        try:
            op, payload = conn.recv()
        except (EOFError, OSError):  # the parent closed the pipe or is gone
            return
        if op == "close":
            return
        try:
            reply: Any = None
            if op == "start":
                stream = engine.stream()
            elif op == "accept":
                if stream is None:
                    raise RuntimeError("audio with no utterance started")
                reply = stream.accept(payload)
            elif op == "finish":
                if stream is None:
                    raise RuntimeError("finish with no utterance started")
                reply, stream = stream.finish(), None
            elif op == "clip":
                reply = engine.transcribe_clip(payload)
            else:
                raise ValueError(f"unknown request {op!r}")
        except Exception as exc:  # an engine error is the caller's to handle, as it was in one process
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
            continue
        conn.send(("ok", reply))


def main() -> None:
    """The child: the protocol on the original stdout; anything the C library prints goes to stderr instead."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
