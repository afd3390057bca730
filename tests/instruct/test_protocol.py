"""The envelope rules on their own: a genuine message opens once; a forged, replayed, reflected or oversized one does not."""

from __future__ import annotations

import json

import pytest

from simulator.instruct import protocol as pr

KEY = pr.derive_key("ABCD-EFGH-JKLM", "class1")


def pair() -> tuple[pr.Channel, pr.Channel]:
    return (pr.Channel(KEY, "n1n2", outgoing="s2h", incoming="h2s"), pr.Channel(KEY, "n1n2", outgoing="h2s", incoming="s2h"))


def test_join_codes_are_fresh_typable_and_normalised() -> None:
    codes = {pr.new_join_code() for _ in range(50)}
    assert len(codes) == 50
    code = codes.pop()
    assert len(code) == 14 and code.count("-") == 2 and all(c in pr.CODE_ALPHABET for c in code.replace("-", ""))
    assert pr.derive_key(code.lower().replace("-", " "), "c") == pr.derive_key(code, "c")
    assert pr.derive_key(code, "c") != pr.derive_key(code, "d")  # each class its own key


def test_a_genuine_message_opens_once_in_order() -> None:
    station, hub = pair()
    first, second = station.seal({"t": "ping", "n": 1}), station.seal({"t": "ping", "n": 2})
    assert hub.open(first) == {"t": "ping", "n": 1}
    assert hub.open(second)["n"] == 2
    with pytest.raises(pr.ProtocolError, match="replayed"):
        hub.open(first)


def test_forged_altered_reflected_and_foreign_messages_are_refused() -> None:
    station, hub = pair()
    sealed = json.loads(station.seal({"t": "events", "x": 1}))
    altered = json.dumps({**sealed, "b": {"t": "events", "x": 2}})
    with pytest.raises(pr.ProtocolError, match="bad MAC"):
        hub.open(altered)
    with pytest.raises(pr.ProtocolError, match="bad MAC"):  # the hub's own message sent back to it
        hub.open(pr.Channel(KEY, "n1n2", outgoing="h2s", incoming="s2h").seal({"t": "ack"}))
    other_key = pr.Channel(pr.derive_key("ZZZZ-ZZZZ-ZZZZ", "class1"), "n1n2", "s2h", "h2s")
    with pytest.raises(pr.ProtocolError, match="bad MAC"):
        hub.open(other_key.seal({"t": "ping"}))
    other_connection = pr.Channel(KEY, "n3n4", "s2h", "h2s")
    with pytest.raises(pr.ProtocolError, match="bad MAC"):  # captured on another connection: its nonces differ
        other_connection.open(json.dumps(sealed))
    assert hub.open(json.dumps(sealed)) == {"t": "events", "x": 1}  # refusals did not move the sequence


def test_gaps_oversize_and_garbage_are_refused() -> None:
    station, hub = pair()
    station.seal({"t": "lost"})
    with pytest.raises(pr.ProtocolError, match="out-of-sequence"):
        hub.open(station.seal({"t": "ping"}))
    with pytest.raises(pr.ProtocolError, match="bytes"):
        hub.open("x" * (pr.MAX_MESSAGE_BYTES + 1))
    for raw in ("not json", "[1, 2]", '{"s": "1", "b": {}, "m": "x"}', '{"s": 1, "b": {"x": NaN}, "m": "x"}', "[" * 100000):
        with pytest.raises(pr.ProtocolError):
            hub.open(raw)


def test_rate_limit_refuses_a_flood_and_refills() -> None:
    now = [0.0]
    limit = pr.RateLimit(rate=10, burst=5, clock=lambda: now[0])
    assert [limit.allow() for _ in range(7)] == [True] * 5 + [False] * 2
    now[0] += 0.5
    assert sum(limit.allow() for _ in range(10)) == 5


@pytest.mark.parametrize(("text", "expected"), [
    ("ABCD-EFGH-JKLM@10.0.0.5", ("ABCD-EFGH-JKLM", "10.0.0.5", pr.DEFAULT_PORT)),
    ("abcd-efgh-jklm@lab-pc:9000", ("abcd-efgh-jklm", "lab-pc", 9000)),
    ("ABCDEFGHJKLM@[fe80::1]:8000", ("ABCDEFGHJKLM", "fe80::1", 8000)),
])
def test_join_strings(text: str, expected: tuple[str, str, int]) -> None:
    assert pr.parse_join(text) == expected


@pytest.mark.parametrize("text", ["10.0.0.5", "ABCD@10.0.0.5", "ABCD-EFGH-JKL0@host", "ABCD-EFGH-JKLM@host:99999", "ABCD-EFGH-JKLM@"])
def test_bad_join_strings_say_what_is_wrong(text: str) -> None:
    with pytest.raises(ValueError, match=r"join code|port|address"):
        pr.parse_join(text)
