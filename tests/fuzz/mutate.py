"""A small seeded mutator: the kinds of damage a tester, a bad editor or a forger makes to text, YAML and JSON files.

Every mutation is a pure function of a ``random.Random``, so a seed gives back
the same input; the fuzz tests keep any input that crashes the program as a
regression fixture under ``tests/fixtures/fuzz/``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

NASTY_SCALARS = [
    "!!float abc", "!!int 0x", "!!timestamp nope", "!!binary ???", "!!python/object/apply:os.system ['true']", "!!set {a: 1}",
    "1e400", "-1e400", ".inf", ".nan", "9" * 5000, "1" + "0" * 400, "0x" + "f" * 300, "2026-13-45", "2026-01-01", "12:30:00",
    "~", "null", "yes", "no", "on", "[]", "{}", "''", '"\\uD800"', '"\\x00"', "&a x", "*a", "<<: {}", "? complex", "|", ">-",
    "'unterminated", '"unterminated', "[1, 2", "{a: [}", "@reserved", "`tick", "%YAML 1.1", "---", "...",
]
NASTY_CHARS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ud800", "\uffff", "\t", "\r", "\u202e", "é", "Ł", "😀"]
NASTY_JSON = [1e308, -0.0, 2**63, 2**64 + 1, 10**30, -(10**30), True, False, None, "", "x" * 25_000, [], {}, [[[[]]]], {"a": {"b": {}}},
              "<script>alert(1)</script>", "../../etc/passwd", "\u0000", "index.sqlite", 0.1, -1, 3.5, "1e400"]


def _deep(n: int, open_: str = "[", close: str = "]") -> str:
    return open_ * n + close * n


def mutate_text(rng: random.Random, text: str) -> bytes:
    """One to three damages to a text file, returned as bytes (some damages are encodings)."""
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_TEXT_MUTATIONS)(rng, text)
    if rng.random() < 0.12:
        return _encode(rng, text)
    return text.encode("utf-8", "surrogatepass")


def _encode(rng: random.Random, text: str) -> bytes:
    codec = rng.choice(["utf-16-le", "utf-16-be", "utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig"])
    return text.encode(codec, "replace")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _flip(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + chr(rng.randrange(0, 0x3000)) + text[i + 1:]


def _insert_char(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(NASTY_CHARS) * rng.randint(1, 3) + text[i:]


def _delete_range(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.randint(1, 200):]


def _duplicate_range(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    j = min(len(text), i + rng.randint(1, 400))
    return text[:j] + text[i:j] + text[j:]


def _swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    if len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _replace_value(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    if not candidates:
        return text
    i = rng.choice(candidates)
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {rng.choice(NASTY_SCALARS)}"
    return "\n".join(lines)


def _reindent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i] = " " * rng.choice([0, 1, 3, 7, 40]) + lines[i].lstrip()
    return "\n".join(lines)


def _nest(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    depth = rng.choice([30, 70, 200, 600, 3000])
    if rng.random() < 0.5:
        lines.insert(i, f"deep_{i}: {_deep(depth)}")
    else:
        lines.insert(i, "\n".join("  " * k + f"k{k}:" for k in range(min(depth, 400))))
    return "\n".join(lines)


def _blow_up(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, "long_" + str(i) + ": " + "x" * rng.choice([10_000, 200_000]))
    return "\n".join(lines)


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _alias(rng: random.Random, text: str) -> str:
    return "a: &a [x, y]\nb: [*a, *a, *a]\n" + text if rng.random() < 0.5 else text.replace(": ", ": &x ", 1) + "\nz: *x\n"


_TEXT_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    _flip, _insert_char, _delete_range, _duplicate_range, _swap_lines, _replace_value, _replace_value, _replace_value, _reindent,
    _nest, _blow_up, _truncate, _alias,
]


# -- JSON: damage that keeps the file valid JSON (the forger's kind) as well as damage that does not ----------------

def mutate_json_value(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """``value`` with one field somewhere changed to a wrong-typed or out-of-range value, removed, or nested deep."""
    if isinstance(value, dict) and value and (depth < 4 and rng.random() < 0.7):
        key = rng.choice(list(value))
        out = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del out[key]
        elif roll < 0.25:
            out[rng.choice(["extra", "seq", "t", "turn", "type", "data", "id"])] = rng.choice(NASTY_JSON)
        else:
            out[key] = mutate_json_value(rng, value[key], depth + 1)
        return out
    if isinstance(value, list) and value and (depth < 4 and rng.random() < 0.7):
        out_list = list(value)
        i = rng.randrange(len(out_list))
        out_list[i] = mutate_json_value(rng, out_list[i], depth + 1)
        return out_list
    if rng.random() < 0.1:
        v: Any = "x"
        for _ in range(rng.choice([20, 100, 900])):
            v = [v]
        return v
    return rng.choice(NASTY_JSON)


def mutate_jsonl(rng: random.Random, raw: bytes) -> bytes:
    """A damaged event log: a wrong-typed field in one event, lines dropped, repeated, swapped, torn or garbled."""
    lines = raw.split(b"\n")
    body = [line for line in lines if line.strip()]
    if not body:
        return raw + b"{"
    roll = rng.random()
    i = rng.randrange(len(body))
    if roll < 0.55:
        try:
            row = json.loads(body[i])
            body[i] = json.dumps(mutate_json_value(rng, row), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        except ValueError:
            pass
    elif roll < 0.65:
        del body[i]
    elif roll < 0.72:
        body.insert(i, body[i])
    elif roll < 0.78:
        j = rng.randrange(len(body))
        body[i], body[j] = body[j], body[i]
    elif roll < 0.86:
        body[i] = body[i][: rng.randrange(len(body[i]) + 1)]
    elif roll < 0.93:
        body[i] = mutate_text(rng, body[i].decode("utf-8", "replace"))
    else:
        body[i] = body[i].replace(b'"seq": ', b'"seq": 1e400, "x": ', 1)
    out = b"\n".join(body)
    return out + (b"\n" if rng.random() < 0.85 else b"")


def mutate_json_file(rng: random.Random, raw: bytes) -> bytes:
    if rng.random() < 0.75:
        try:
            return json.dumps(mutate_json_value(rng, json.loads(raw)), ensure_ascii=False).encode("utf-8", "surrogatepass")
        except ValueError:
            pass
    return mutate_text(rng, raw.decode("utf-8", "replace"))


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    """Raw damage to a binary file (a zip): flipped, dropped and repeated bytes, truncation."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        if not data:
            break
        roll = rng.random()
        i = rng.randrange(len(data))
        if roll < 0.6:
            data[i] = rng.randrange(256)
        elif roll < 0.75:
            del data[i:i + rng.randint(1, 64)]
        elif roll < 0.9:
            data[i:i] = data[i:i + rng.randint(1, 64)]
        else:
            del data[i:]
    return bytes(data)
