"""The wire protocol between the instructor's hub and the stations: join codes, keys, signed envelopes.

Why this shape: the join code on the classroom screen is the per-class secret.
The hub and a station never send it; each derives the same 32-byte key from it
with scrypt (so a captured handshake cannot be brute-forced back to the code
cheaply), and every message after the plain challenge carries an HMAC-SHA256
over the direction, the connection's two nonces, a sequence number and the
body. So:

- a station without the code cannot produce a valid hello (refused, logged);
- a forged or altered message fails its MAC (refused, logged);
- a replayed message fails the sequence check on the same connection, and the
  MAC on any other connection (the nonces differ) (refused, logged);
- the station's hello signs the TLS certificate fingerprint it saw, and the
  hub's welcome signs it back: a machine in the middle with its own
  certificate cannot pass either check, so the self-signed certificate is
  pinned by the join code itself (the station also shows the fingerprint).

Sizes and rates are bounded here too, so both ends refuse the same things.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

PROTOCOL = 1
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a projector and typed by hand
CODE_GROUPS = 3  # three groups of four: 60 bits, typed as ABCD-EFGH-JKLM
MAX_MESSAGE_BYTES = 256 * 1024  # one batch of events; a whole long session is a few hundred kB, sent in many batches
MAX_CONSOLE_MESSAGE_BYTES = 16 * 1024  # a control from the console: a hint or a note at most a few kB
MAX_TEXT_CHARS = 2000  # a hint or a note
MAX_EVENTS_PER_MESSAGE = 500
STATION_RATE = 40.0  # messages a second a station may send on average (a turn is one or two batches)
STATION_BURST = 200.0  # ... and in a burst (a rejoin resends what the hub missed)
CONSOLE_RATE = 10.0  # controls a second from one console
CONSOLE_BURST = 30.0
HANDSHAKE_FAILURES_PER_MINUTE = 10  # wrong codes from one address before it is refused for a minute
SALT = b"deescalate-instruct-v1"


class ProtocolError(Exception):
    """A message that is refused: why, in words for the hub's log."""


def new_join_code() -> str:
    """A fresh per-class secret, as the instructor reads it out: ``ABCD-EFGH-JKLM``."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS))


def normalize_code(code: str) -> str:
    """What was typed, as the key is derived from it: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def derive_key(code: str, class_id: str) -> bytes:
    """The class key: scrypt of the join code, salted with the class id (each class its own key).

    scrypt is slow on purpose (a quarter of a second); one derivation per class and process is kept,
    and threads asking at once wait for the first instead of each deriving it again."""
    with _KEY_LOCK:
        return _derive(normalize_code(code), class_id)


_KEY_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def _derive(code: str, class_id: str) -> bytes:
    return hashlib.scrypt(normalize_code(code).encode(), salt=SALT + class_id.encode(), n=2**14, r=8, p=1, dklen=32)


def canonical(value: Any) -> bytes:
    """One byte string per JSON value (sorted keys, no spaces), so both ends MAC the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def mac(key: bytes, *parts: Any) -> str:
    return hmac.new(key, canonical(list(parts)), hashlib.sha256).hexdigest()


def fingerprint(der: bytes) -> str:
    """A certificate's SHA-256 fingerprint as people compare it: ``AB:CD:...``."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def parse_json(raw: str | bytes, limit: int) -> dict[str, Any]:
    """A message as a mapping, or ProtocolError (too long, not JSON, not a mapping)."""
    if len(raw) > limit:
        raise ProtocolError(f"message of {len(raw)} bytes (at most {limit})")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"not JSON ({str(exc)[:60]})") from None
    if not isinstance(value, dict):
        raise ProtocolError(f"a {type(value).__name__}, not a message")
    return value


def hello_mac(key: bytes, class_id: str, hub_nonce: str, station_nonce: str, station: str, fp: str) -> str:
    return mac(key, "hello", PROTOCOL, class_id, hub_nonce, station_nonce, station, fp)


def welcome_mac(key: bytes, class_id: str, hub_nonce: str, station_nonce: str, station: str, fp: str) -> str:
    return mac(key, "welcome", PROTOCOL, class_id, hub_nonce, station_nonce, station, fp)


@dataclass
class Channel:
    """One authenticated connection's signing and checking: ``seal`` what we send, ``open`` what we receive.

    ``outgoing``/``incoming`` name the directions ("s2h", "h2s") so a message cannot be reflected
    back to its sender; sequence numbers start at 1 and must go up by exactly one (TCP keeps order,
    so a gap or a repeat is a replay or a drop, never a reordering).
    """

    key: bytes
    connection: str  # hub nonce + station nonce: every MAC is bound to this one connection
    outgoing: str
    incoming: str
    sent: int = 0
    received: int = 0
    refused: list[str] = field(default_factory=list)

    def seal(self, body: dict[str, Any]) -> str:
        self.sent += 1
        return json.dumps({"s": self.sent, "b": body, "m": mac(self.key, self.outgoing, self.connection, self.sent, body)},
                          separators=(",", ":"), ensure_ascii=False)

    def open(self, raw: str | bytes, limit: int = MAX_MESSAGE_BYTES) -> dict[str, Any]:
        """The body of a genuine next message, or ProtocolError saying why it is refused."""
        env = parse_json(raw, limit)
        seq, body, tag = env.get("s"), env.get("b"), env.get("m")
        if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(body, dict) or not isinstance(tag, str):
            raise ProtocolError("not an envelope (s, b, m)")
        try:
            expected = mac(self.key, self.incoming, self.connection, seq, body)
        except ValueError as exc:  # NaN and the like: nothing a genuine peer sends
            raise ProtocolError(f"unsignable body ({exc})") from None
        if not hmac.compare_digest(expected.encode(), tag.encode()):  # bytes: a non-ASCII tag is just wrong, not an error
            raise ProtocolError(f"forged or damaged message (bad MAC, seq {seq})")
        if seq <= self.received:
            raise ProtocolError(f"replayed message (seq {seq}, last {self.received})")
        if seq != self.received + 1:
            raise ProtocolError(f"out-of-sequence message (seq {seq}, expected {self.received + 1})")
        self.received = seq
        return body


class RateLimit:
    """A token bucket: ``rate`` a second on average, ``burst`` at once. ``allow()`` spends one token."""

    def __init__(self, rate: float, burst: float, clock: Any = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.last = clock()

    def allow(self, cost: float = 1.0) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True


def parse_join(value: str) -> tuple[str, str, int]:
    """``CODE@HOST[:PORT]`` as typed after ``--join``: (code, host, port); ValueError saying what is wrong."""
    code, at, address = value.strip().rpartition("@")
    if not at or not code or not address:
        raise ValueError(f"'{value}': give the join code and the hub's address as CODE@HOST or CODE@HOST:PORT")
    if len(normalize_code(code)) != 4 * CODE_GROUPS or any(ch not in CODE_ALPHABET for ch in normalize_code(code)):
        raise ValueError(f"'{code}' is not a join code (the hub prints one like ABCD-EFGH-JKLM)")
    host, port = address, DEFAULT_PORT
    if address.startswith("["):  # [IPv6]:port
        host, _, rest = address[1:].partition("]")
        if rest.startswith(":"):
            port = _port(rest[1:])
    elif address.count(":") == 1:
        host, _, p = address.partition(":")
        port = _port(p)
    return code, host, port


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"'{text}' is not a port number")
    return int(text)


DEFAULT_PORT = 8765
