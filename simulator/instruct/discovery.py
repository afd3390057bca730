"""Finding the hub on the LAN with zeroconf (mDNS/DNS-SD), as printers are found.

Why zeroconf: a classroom has no DNS server a trainee can edit, and typing an
address is where joins fail; the hub announces ``_deescalate._tcp`` with its
port and certificate fingerprint, and a station lists the hubs it hears. The
announcement carries no secret: a station still needs the join code, and the
fingerprint it hears is checked again in the signed handshake.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any

SERVICE = "_deescalate._tcp.local."


@dataclass(frozen=True)
class Found:
    name: str
    host: str
    port: int
    fingerprint: str


def service_info(name: str, host: str, port: int, fingerprint: str) -> Any:
    from zeroconf import ServiceInfo

    return ServiceInfo(SERVICE, f"{name}.{SERVICE}", addresses=[socket.inet_aton(host)], port=port,
                       properties={"fp": fingerprint, "v": "1"}, server=f"{socket.gethostname()}.local.")


class Announcer:
    """Announces one hub while it runs (``start``/``stop`` from the hub's loop)."""

    def __init__(self, name: str, host: str, port: int, fingerprint: str) -> None:
        self.info = service_info(name, host, port, fingerprint)
        self.zc: Any = None

    async def start(self) -> None:
        from zeroconf import IPVersion
        from zeroconf.asyncio import AsyncZeroconf

        self.zc = AsyncZeroconf(ip_version=IPVersion.V4Only)
        await self.zc.async_register_service(self.info)

    async def stop(self) -> None:
        if self.zc is not None:
            await self.zc.async_unregister_service(self.info)
            await self.zc.async_close()


def discover(seconds: float = 3.0) -> list[Found]:
    """The hubs announcing themselves on the LAN within ``seconds``."""
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    found: dict[str, Found] = {}
    zc = Zeroconf()

    class Listener(ServiceListener):
        def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            info = zc.get_service_info(type_, name, timeout=1000)
            if info is None or not info.addresses:
                return
            fp = (info.properties or {}).get(b"fp", b"") or b""
            found[name] = Found(name.removesuffix("." + SERVICE), socket.inet_ntoa(info.addresses[0]), int(info.port or 0), fp.decode(errors="replace"))

        def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            self.add_service(zc, type_, name)

        def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            found.pop(name, None)

    try:
        ServiceBrowser(zc, SERVICE, Listener())
        time.sleep(seconds)
    finally:
        zc.close()
    return sorted(found.values(), key=lambda f: f.name)
