"""Against a real hub over TLS: nothing without the code joins, forged/replayed/oversized/garbage messages are refused and logged."""

from __future__ import annotations

import asyncio
import json
import secrets
import ssl
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from simulator.instruct import protocol as pr
from simulator.instruct.hub import Hub
from simulator.instruct.station import Station
from simulator.instruct.tlscert import client_context
from simulator.scenario.model import Scenario

from .conftest import Trainee, wait_for


async def handshake(hub: Hub, code: str, http: aiohttp.ClientSession, fp: str | None = None) -> tuple[Any, pr.Channel | None, dict[str, Any]]:
    """A hand-made station: the real handshake (or a wrong one), so the test can then send what it likes."""
    ws = await http.ws_connect(f"wss://127.0.0.1:{hub.port}/station", ssl=client_context())
    challenge = json.loads(await ws.receive_str())
    der = ws.get_extra_info("ssl_object").getpeercert(binary_form=True)
    seen = fp or pr.fingerprint(der)
    key = pr.derive_key(code, challenge["class"])
    nonce = secrets.token_hex(16)
    await ws.send_json({"t": "hello", "v": 1, "station": "raw", "nonce": nonce, "fp": seen,
                        "mac": pr.hello_mac(key, challenge["class"], challenge["nonce"], nonce, "raw", seen)})
    msg = await ws.receive()
    if msg.type != aiohttp.WSMsgType.TEXT or json.loads(msg.data).get("t") != "welcome":
        return ws, None, {"closed": ws.close_code, "msg": msg.data}
    channel = pr.Channel(key, challenge["nonce"] + nonce, "s2h", "h2s")
    have = channel.open(await ws.receive_str())
    return ws, channel, have


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 20))


def refusals(hub: Hub, text: str) -> list[str]:
    return [why for _, _, why in hub.refusals if text in why]


def test_a_station_with_the_wrong_code_is_refused_and_logged(hub: Hub, scenario: Scenario, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    wrong = "2222-3333-4444" if hub.code != "2222-3333-4444" else "5555-6666-7777"
    t = Trainee(scenario, f"{wrong}@127.0.0.1:{hub.port}", tmp_path, "Mallory")
    try:
        wait_for(lambda: refusals(hub, "wrong join code"), what="the refusal")
        t.turn()
        assert not t.station.connected.is_set() and "raw" not in hub.stations and t.station.id not in hub.stations
        assert t.session.turn == 1  # the trainee trains anyway
        assert "wrong join code" in caplog.text
    finally:
        t.close()


def test_a_machine_in_the_middle_with_another_certificate_is_refused(hub: Hub) -> None:
    async def go() -> dict[str, Any]:
        async with aiohttp.ClientSession() as http:
            ws, channel, info = await handshake(hub, hub.code, http, fp="AA:" * 31 + "AA")
            await ws.close()
            assert channel is None
            return info
    run(go())
    assert refusals(hub, "another certificate")


def test_forged_replayed_malformed_and_oversized_messages_are_refused(hub: Hub) -> None:
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            ws, channel, _ = await handshake(hub, hub.code, http)
            assert channel is not None
            info = {"trainee": "raw", "scenario": "minimal", "title": "t", "cues": [], "ranges": {}}
            event = {"seq": 0, "t": 0.0, "turn": 0, "type": "session_started", "data": {"phase": "contact", "variables": {"agitation": 70}}}
            genuine = channel.seal({"t": "events", "session": "s1", "info": info, "events": [event]})
            await ws.send_str(genuine)
            ack = channel.open(await ws.receive_str())
            assert ack == {"t": "ack", "session": "s1", "seq": 0}
            await ws.send_str(genuine)  # replayed as it was
            env = json.loads(channel.seal({"t": "events", "session": "s1", "events": [{**event, "seq": 1, "type": "person_said"}]}))
            env["b"]["events"][0]["data"] = {"text": "forged words"}
            await ws.send_str(json.dumps(env))  # altered after sealing
            await ws.send_str("{not json")
            await ws.send_bytes(b"\x00\x01")
            channel.sent -= 1  # the altered one was refused: its seq is free again
            await ws.send_str(channel.seal({"t": "events", "session": "s1", "events": [{"seq": "x"}]}))  # signed but malformed
            await ws.send_str("x" * (pr.MAX_MESSAGE_BYTES + 10))
            msg = await ws.receive()
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR)
            await ws.close()
    run(go())
    wait_for(lambda: refusals(hub, "oversized"), what="the oversized refusal")
    assert refusals(hub, "replayed message")
    assert refusals(hub, "bad MAC")
    assert refusals(hub, "not JSON")
    assert refusals(hub, "BINARY")
    assert refusals(hub, "malformed event")
    view = hub.stations["raw"]
    assert [e["type"] for e in view.events] == ["session_started"]  # nothing forged reached the console
    assert not any("forged words" in json.dumps(e) for e in view.events)


def test_a_flood_is_rate_limited(hub: Hub) -> None:
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            ws, channel, _ = await handshake(hub, hub.code, http)
            assert channel is not None
            for _ in range(int(pr.STATION_BURST) + 50):
                await ws.send_str(channel.seal({"t": "ping"}))
            await ws.close()
    run(go())
    wait_for(lambda: refusals(hub, "rate limit"), what="the rate limit")


def test_repeated_wrong_codes_lock_the_address_out_for_a_minute(hub: Hub) -> None:
    async def go() -> list[Any]:
        codes = []
        async with aiohttp.ClientSession() as http:
            for _ in range(pr.HANDSHAKE_FAILURES_PER_MINUTE):
                ws, channel, info = await handshake(hub, "9999-9999-9999", http)
                assert channel is None
                codes.append(info["closed"])
                await ws.close()
            ws = await http.ws_connect(f"wss://127.0.0.1:{hub.port}/station", ssl=client_context())
            msg = await ws.receive()
            codes.append(ws.close_code or msg.data)
            await ws.close()
        return codes
    codes = run(go())
    assert codes[-1] == 4029 and refusals(hub, "too many failed joins")
    locked = Station(f"{hub.code}@127.0.0.1:{hub.port}").start()  # even the right code waits out the minute, and keeps trying
    try:
        wait_for(lambda: locked.refused is not None and "wait a minute" in locked.refused, what="the lockout seen by a station")
        assert locked._thread is not None and locked._thread.is_alive() and not locked.connected.is_set()
    finally:
        locked.stop()


def test_the_console_needs_its_token_and_the_join_code_is_not_it(hub: Hub) -> None:
    async def login(token: str) -> tuple[str, Any]:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"wss://127.0.0.1:{hub.port}/console", ssl=client_context())
            await ws.send_json({"t": "auth", "token": token})
            msg = await ws.receive()
            await ws.close()
            return msg.type.name, (json.loads(msg.data)["t"] if msg.type == aiohttp.WSMsgType.TEXT else ws.close_code)
    assert run(login(hub.console_token)) == ("TEXT", "snapshot")
    assert run(login(hub.code))[1] == 4003
    assert run(login(""))[1] == 4003
    assert refusals(hub, "wrong console token")


def test_plain_http_is_not_served(hub: Hub) -> None:
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.ClientError):
                await http.get(f"http://127.0.0.1:{hub.port}/", timeout=aiohttp.ClientTimeout(total=5))
    run(go())


def test_the_station_shows_the_hubs_fingerprint(hub: Hub, scenario: Scenario, tmp_path: Path) -> None:
    t = Trainee(scenario, hub.join, tmp_path, "Ana")
    try:
        assert t.station.connected.wait(10)
        assert t.station.fingerprint == hub.fingerprint
        der = ssl.PEM_cert_to_DER_cert((hub.state_dir / "hub-cert.pem").read_text())
        assert pr.fingerprint(der) == hub.fingerprint
    finally:
        t.close()




def test_a_fake_hub_without_the_code_is_refused_by_the_station(tmp_path: Path) -> None:
    """A machine answering at the hub's address with its own certificate but no code: the station never treats it as the hub."""
    from aiohttp import web

    from simulator.instruct.hub import HubThread
    from simulator.instruct.tlscert import server_context

    ctx, _ = server_context(tmp_path / "fake", ["127.0.0.1"])
    hellos: list[dict[str, Any]] = []

    async def station(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"t": "challenge", "v": 1, "class": "fake", "nonce": secrets.token_hex(16)})
        hellos.append(json.loads((await ws.receive()).data))
        await ws.send_json({"t": "welcome", "mac": "0" * 64})  # it cannot compute the real one
        await ws.send_str(pr.Channel(pr.derive_key("ZZZZ-ZZZZ-ZZZZ", "fake"), "x", "h2s", "s2h").seal({"t": "have", "sessions": {}}))
        await ws.receive()
        return ws

    holder = HubThread(port=0, state_dir=tmp_path / "unused")  # only for its loop thread
    holder.start()
    try:
        async def serve() -> int:
            app = web.Application()
            app.add_routes([web.get("/station", station)])
            runner = web.AppRunner(app)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx)
            await site.start()
            return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        port = holder.call(serve)
        st = Station(f"ABCD-EFGH-JKLM@127.0.0.1:{port}").start()
        try:
            wait_for(lambda: hellos, what="the station's hello")
            import time

            time.sleep(0.5)
            assert not st.connected.is_set() and st.joins == 0
            assert st._thread is not None and st._thread.is_alive()  # it keeps looking for the real hub
            assert "ABCD" not in json.dumps(hellos)  # the code itself is never sent
        finally:
            st.stop()
    finally:
        holder.stop()


def test_fuzzed_messages_are_all_refused_and_the_hub_goes_on(hub: Hub) -> None:
    """Seeded mutations of one genuine message (bit flips, cuts, splices, junk JSON): none gets in; the next genuine one does."""
    import random

    rng = random.Random(16)

    async def go() -> tuple[int, dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            ws, channel, _ = await handshake(hub, hub.code, http)
            assert channel is not None
            info = {"trainee": "fuzz", "scenario": "minimal", "title": "t", "cues": [], "ranges": {}}
            body = {"t": "events", "session": "f1", "info": info,
                    "events": [{"seq": 0, "t": 0.0, "turn": 0, "type": "session_started", "data": {"phase": "contact", "variables": {"agitation": 1}}}]}
            genuine = channel.seal(body)
            channel.sent -= 1  # it is not sent yet: the fuzz goes first
            sent = 0
            for _ in range(120):
                raw = bytearray(genuine.encode())
                how = rng.randrange(4)
                if how == 0:
                    for _ in range(rng.randint(1, 4)):
                        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
                elif how == 1:
                    raw = raw[: rng.randrange(len(raw))]
                elif how == 2:
                    cut = rng.randrange(len(raw))
                    raw = raw[cut:] + raw[:cut]
                else:
                    raw = bytearray(json.dumps(rng.choice([[], {}, {"s": 1}, {"s": 1, "b": [], "m": ""}, "x" * 50, 1e308, None])).encode())
                if raw == bytearray(genuine.encode()):
                    continue
                await ws.send_str(raw.decode("utf-8", errors="replace"))
                sent += 1
                if sent % 15 == 0:  # the hub drops a connection after 20 refusals: come back as a real station would
                    await ws.close()
                    ws, channel, _ = await handshake(hub, hub.code, http)
                    assert channel is not None
                    genuine = channel.seal(body)
                    channel.sent -= 1
            await ws.send_str(channel.seal(body))
            ack = channel.open(await ws.receive_str(timeout=5))
            await ws.close()
            return sent, ack
    sent, ack = run(go())
    assert sent > 100 and ack == {"t": "ack", "session": "f1", "seq": 0}
    view = hub.stations["raw"]
    assert list(view.events) == [{"seq": 0, "t": 0.0, "turn": 0, "type": "session_started", "data": {"phase": "contact", "variables": {"agitation": 1}}}]
    assert view.info["trainee"] == "fuzz" and len(refusals(hub, "station raw")) >= sent - 10  # nearly all logged (a cut may end a frame)
