"""Give the memory a dropped speech model freed back to the system (glibc keeps it in its arenas otherwise).

A recogniser is built for each scenario (its vocabulary is the scenario's) and the cache keeps the last few
(ui/speech_input.py); one dropped frees hundreds of MB of ONNX Runtime and decoder allocations, made from
several threads and so spread over several glibc arenas. glibc returns the top of an arena to the system, not
the holes inside it, so the freed memory stays counted in the app's RSS and the next model's allocations only
partly reuse it: RSS crept up session after session although nothing was alive (the soak's growth).
``malloc_trim(0)`` walks every arena and hands back whole free pages. It runs on a thread of its own
(ctypes lets go of the interpreter lock for the call), so the GUI never waits for the walk.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

from simulator import spare_threads

_TRIM: Callable[[int], int] | None = None
_LOADED = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _TRIM, _LOADED
    if not _LOADED:
        _LOADED = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                trim = libc.malloc_trim  # glibc only (musl has none): AttributeError elsewhere
            except (OSError, AttributeError):
                return None
            trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
            _TRIM = trim
    return _TRIM


def return_freed_memory(wait: bool = False) -> bool:
    """Hand freed heap pages back to the system, on a background thread (``wait``: here, for tests). False where
    the C library has no ``malloc_trim`` (not glibc): nothing to do there."""
    trim = _malloc_trim()
    if trim is None:
        return False
    if wait:
        trim(0)
    else:
        spare_threads.start(lambda: trim(0), "malloc-trim")
    return True
