"""``deescalate instruct``: start the instructor hub, print its address, join code, fingerprint and console address."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import sys
from pathlib import Path
from typing import Any

from simulator.diagnostics import UserError


def add_parsers(sub: Any) -> None:
    ins = sub.add_parser("instruct", help="start the instructor's hub: trainee stations join it, the console shows them live")
    add_arguments(ins)
    ins.set_defaults(func=cmd_instruct)
    fi = sub.add_parser("find-hub", help="list instructor hubs announcing themselves on the LAN (mDNS)")
    fi.add_argument("--seconds", type=float, default=3.0, help="how long to listen (default 3)")
    fi.set_defaults(func=cmd_find)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="the interface to listen on (default 127.0.0.1, this machine only; give the classroom LAN address to admit stations)")
    p.add_argument("--port", type=int, default=8765, help="the port (default 8765; 0: any free port)")
    p.add_argument("--code", default=None, help="reuse a join code (default: a fresh one for this class)")
    p.add_argument("--name", default="instructor", help="your name, recorded with every control you use")
    p.add_argument("--state-dir", type=Path, default=None, help="where the hub keeps its TLS certificate (default: the user's data folder)")
    p.add_argument("--no-mdns", action="store_true", help="do not announce the hub on the LAN")


def cmd_instruct(args: argparse.Namespace) -> int:
    from simulator.instruct import protocol as pr

    if args.code is not None and len(pr.normalize_code(args.code)) != 4 * pr.CODE_GROUPS:
        raise UserError(f"--code {args.code}: a join code has {4 * pr.CODE_GROUPS} letters and digits, like ABCD-EFGH-JKLM")
    try:
        ipaddress.ip_address(args.host)
    except ValueError:
        raise UserError(f"--host {args.host}: give the address of one of this machine's interfaces, e.g. 192.168.1.20") from None
    return asyncio.run(_serve(args))


async def _serve(args: argparse.Namespace) -> int:
    from simulator.instruct.hub import Hub

    hub = Hub(host=args.host, port=args.port, code=args.code, state_dir=args.state_dir, instructor=args.name)
    try:
        await hub.start()
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc}) — is another hub running? try --port 0") from None
    announcer = None
    loopback = ipaddress.ip_address(args.host).is_loopback
    if not args.no_mdns and not loopback and ipaddress.ip_address(args.host).version == 4 and not ipaddress.ip_address(args.host).is_unspecified:
        from simulator.instruct.discovery import Announcer

        announcer = Announcer(f"deescalate hub {hub.code[:4]}", args.host, hub.port, hub.fingerprint)
        try:
            await announcer.start()
        except OSError as exc:
            print(f"(not announced on the LAN: {exc})", file=sys.stderr)
            announcer = None
    print(f"Instructor hub listening on {args.host}:{hub.port}" + (" (this machine only: use --host to admit the classroom)" if loopback else ""))
    print(f"  join code:    {hub.code}")
    print(f"  stations:     deescalate play SCENARIO --join {hub.join}")
    print(f"  certificate:  {hub.fingerprint}")
    print(f"  console:      {hub.console_url()}")
    print("  (keep the console address to yourself: it lets its holder watch and steer every station)")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        pass
    finally:
        if announcer is not None:
            await announcer.stop()
        await hub.stop()
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from simulator.instruct.discovery import discover

    hubs = discover(args.seconds)
    if not hubs:
        print("no instructor hub heard on the LAN (ask the instructor for the address and code)")
        return 1
    for h in hubs:
        print(f"{h.name}: {h.host}:{h.port}  certificate {h.fingerprint}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from simulator.logs import configure

    p = argparse.ArgumentParser(prog="python -m simulator.instruct", description="The instructor's hub.")
    add_arguments(p)
    args = p.parse_args(argv)
    configure(verbose=False)
    try:
        return cmd_instruct(args)
    except UserError as exc:
        print(f"deescalate: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
