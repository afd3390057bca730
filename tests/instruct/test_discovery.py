"""zeroconf on this machine: an announced hub is heard by a station looking for one, with its port and fingerprint."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from simulator.instruct.discovery import Announcer, discover


def test_an_announced_hub_is_found_and_gone_after_it_stops() -> None:
    name = f"deescalate hub test-{secrets.token_hex(3)}"

    async def go() -> tuple[list[object], list[object]]:
        a = Announcer(name, "127.0.0.1", 8799, "AB:CD:EF")
        try:
            await a.start()
        except OSError as exc:  # no multicast on this machine at all
            pytest.skip(f"no mDNS here: {exc}")
        loop = asyncio.get_running_loop()
        try:
            heard = await loop.run_in_executor(None, discover, 1.5)
        finally:
            await a.stop()
        after = await loop.run_in_executor(None, discover, 0.8)
        return heard, after

    heard, after = asyncio.run(go())
    mine = [f for f in heard if getattr(f, "name", "") == name]
    assert [(f.host, f.port, f.fingerprint) for f in mine] == [("127.0.0.1", 8799, "AB:CD:EF")]  # type: ignore[attr-defined]
    assert not [f for f in after if getattr(f, "name", "") == name]
