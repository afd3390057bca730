"""The instructor's hub: one aiohttp server for the console page and the stations, on the interface chosen.

Why aiohttp: one well-kept asyncio library serves the static console page, the
console's WebSocket and the stations' WebSockets over TLS, with message-size
limits and heartbeats built in, and no build step or second process.

Stations connect to ``/station`` and authenticate with the class key (see
``protocol``); the console page connects to ``/console`` and authenticates with
the console token (a second secret, printed only in the console's address, so a
trainee who knows the join code can join but cannot watch or steer anyone).
Every refused thing (a wrong code, a forged, replayed, oversized or malformed
message, a flood) is logged and kept in ``Hub.refusals``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from simulator.instruct import protocol as pr
from simulator.instruct.controls import KINDS, MAX_TEXT
from simulator.instruct.tlscert import server_context

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
SERIES_POINTS = 120  # the sparkline's last points per variable
KEPT_EVENTS = 3000  # per station session: a long session's whole transcript
INPUT_TYPES = {"trainee_said", "choice_made", "action_taken", "referral_offered", "waited"}
HANDSHAKE_SECONDS = 5.0
MAX_REFUSALS_PER_CONNECTION = 20  # then the connection is dropped
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # one session handed in at the end of class (its audio included)


@dataclass
class StationView:
    """What the hub knows of one station: the latest session's state, series, alerts and events."""

    station: str
    address: str = ""
    connected: bool = False
    session: str = ""
    info: dict[str, Any] = field(default_factory=dict)
    phase: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    series: dict[str, deque[float]] = field(default_factory=dict)
    turn: int = 0
    elapsed: float = 0.0
    last_input: float = 0.0  # hub wall time of the last trainee input
    ended: str = ""  # the outcome, or "closed"
    paused: bool = False
    weapon_drawn: bool = False
    suicide_cue_open: bool = False  # a suicide cue was shown and harm has not been asked about since
    last_seq: int = -1
    lost: int = 0
    events: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=KEPT_EVENTS))
    link: Any = None  # the live connection (``_StationLink``), if any
    past: dict[str, int] = field(default_factory=dict)  # earlier sessions of this station: the last seq the hub has of each

    def new_session(self, session: str) -> None:
        """The station began another session: the grid shows it from its start (the last one's seq is kept for a rejoin)."""
        if self.session:
            self.past[self.session] = self.last_seq
        fresh = StationView(self.station)
        for name in ("info", "phase", "variables", "series", "turn", "elapsed", "last_input", "ended", "paused", "weapon_drawn",
                     "suicide_cue_open", "last_seq", "lost", "events"):
            setattr(self, name, getattr(fresh, name))
        self.session = session

    def summary(self) -> dict[str, Any]:
        return {"station": self.station, "connected": self.connected, "session": self.session,
                "trainee": self.info.get("trainee", ""), "scenario": self.info.get("scenario", ""), "title": self.info.get("title", ""),
                "cues": self.info.get("cues", []), "ranges": self.info.get("ranges", {}), "phase": self.phase,
                "variables": self.variables, "series": {k: list(v) for k, v in self.series.items()}, "turn": self.turn,
                "elapsed": round(self.elapsed, 1), "last_input": self.last_input, "ended": self.ended, "paused": self.paused,
                "alerts": {"weapon_drawn": self.weapon_drawn, "suicide_cue_open": self.suicide_cue_open}, "fingerprint_ok": True}

    def take(self, event: dict[str, Any], now: float) -> None:
        """Fold one event into the view (the console's grid reads these fields)."""
        self.events.append(event)
        kind, data = event.get("type"), event.get("data") or {}
        self.turn = int(event.get("turn", self.turn) or 0)
        self.elapsed = float(event.get("t", self.elapsed) or 0.0)
        if kind == "session_started":
            self.phase = str(data.get("phase", ""))
            self._vars(data.get("variables", {}))
            self.info.setdefault("ranges", data.get("ranges", {}))
        elif kind == "state_changed":
            self._vars(data.get("variables", {}))
            weapon = (data.get("changes") or {}).get("weapon_drawn")
            if isinstance(weapon, list) and len(weapon) == 2:
                self.weapon_drawn = bool(weapon[1])
        elif kind == "phase_changed":
            self.phase = str(data.get("to", self.phase))
        elif kind == "person_said" and data.get("cue") == "suicide_risk":
            self.suicide_cue_open = True
        elif kind == "understood" and any(isinstance(h, dict) and h.get("id") == "ask_about_harm" for h in data.get("techniques", [])):
            self.suicide_cue_open = False
        elif kind == "session_ended":
            self.ended = str(data.get("outcome", "ended"))
        elif kind == "session_closed":
            self.ended = "closed"
        elif kind == "instructor" and data.get("kind") in ("pause", "resume"):
            self.paused = data.get("kind") == "pause"
        if kind in INPUT_TYPES:
            self.last_input = now

    def _vars(self, variables: Any) -> None:
        if not isinstance(variables, dict):
            return
        self.variables = {k: v for k, v in variables.items() if isinstance(v, int | float | bool)}
        for name in ("agitation", "trust"):
            value = self.variables.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.series.setdefault(name, deque(maxlen=SERIES_POINTS)).append(float(value))


class _StationLink:
    """One authenticated station connection: its channel and socket, for sending controls."""

    def __init__(self, ws: web.WebSocketResponse, channel: pr.Channel) -> None:
        self.ws, self.channel = ws, channel

    async def send(self, body: dict[str, Any]) -> None:
        await self.ws.send_str(self.channel.seal(body))


class Hub:
    """The instructor hub. ``await start()``, or ``HubThread`` to run it beside other code (tests, benches)."""

    def __init__(self, host: str = "127.0.0.1", port: int = pr.DEFAULT_PORT, code: str | None = None, state_dir: Path | None = None,
                 instructor: str = "instructor", console_token: str | None = None, sessions_dir: Path | None = None) -> None:
        self.host, self.port = host, port
        self.code = code or pr.new_join_code()
        self.class_id = secrets.token_hex(8)
        self.key = pr.derive_key(self.code, self.class_id)
        self.console_token = console_token or secrets.token_urlsafe(18)
        self.instructor = instructor
        from simulator.paths import user_data_dir

        self.state_dir = Path(state_dir) if state_dir is not None else user_data_dir() / "instruct"
        self.ssl, self.fingerprint = server_context(self.state_dir, [host, "localhost", "127.0.0.1"])
        self.stations: dict[str, StationView] = {}
        self.consoles: set[web.WebSocketResponse] = set()
        self.refusals: list[tuple[float, str, str]] = []
        from simulator.records.recorder import default_sessions_dir

        self.sessions_dir = Path(sessions_dir) if sessions_dir is not None else default_sessions_dir()  # the instructor's, for class-report
        self.collected: list[str] = []  # session ids handed in and imported
        self._uploads: dict[tuple[str, str], dict[str, Any]] = {}
        self.received = 0  # events taken
        self._failures: dict[str, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self.app = web.Application(client_max_size=pr.MAX_CONSOLE_MESSAGE_BYTES)
        self.app.add_routes([web.get("/", self._index), web.get("/console.js", self._static), web.get("/console.css", self._static),
                             web.get("/station", self._station), web.get("/console", self._console)])

    # -- lifecycle --------------------------------------------------------------------
    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=self.ssl)
        await site.start()
        if self.port == 0:
            server = site._server
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in list(self.consoles):
            await ws.close()
        for view in self.stations.values():
            if view.link is not None:
                await view.link.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def join(self) -> str:
        return f"{self.code}@{self.host}:{self.port}"

    def console_url(self, host: str | None = None) -> str:
        return f"https://{host or self.host}:{self.port}/#{self.console_token}"

    def refuse(self, address: str, why: str) -> None:
        self.refusals.append((time.time(), address, why))
        del self.refusals[:-1000]
        log.warning("refused from %s: %s", address, why)

    # -- pages ------------------------------------------------------------------------
    async def _index(self, request: web.Request) -> web.StreamResponse:
        return self._file("index.html", "text/html")

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.path.lstrip("/")
        return self._file(name, "text/javascript" if name.endswith(".js") else "text/css")

    def _file(self, name: str, kind: str) -> web.Response:
        headers = {"Content-Security-Policy": "default-src 'self'; connect-src 'self' wss:; img-src 'self' data:",
                   "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
        return web.Response(body=(STATIC / name).read_bytes(), content_type=kind, charset="utf-8", headers=headers)

    # -- stations -----------------------------------------------------------------------
    def _blocked(self, address: str) -> bool:
        recent = self._failures.setdefault(address, deque())
        while recent and recent[0] < time.monotonic() - 60:
            recent.popleft()
        return len(recent) >= pr.HANDSHAKE_FAILURES_PER_MINUTE

    async def _station(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "?"
        ws = web.WebSocketResponse(max_msg_size=pr.MAX_MESSAGE_BYTES, heartbeat=15.0)
        await ws.prepare(request)
        if self._blocked(address):
            self.refuse(address, "too many failed joins in the last minute")
            await ws.close(code=4029, message=b"too many failed joins")
            return ws
        hub_nonce = secrets.token_hex(16)
        await ws.send_json({"t": "challenge", "v": pr.PROTOCOL, "class": self.class_id, "nonce": hub_nonce})
        try:
            msg = await ws.receive(timeout=HANDSHAKE_SECONDS)
            hello = pr.parse_json(msg.data, 4096) if msg.type == WSMsgType.TEXT else {}
            station, station_nonce, fp = str(hello.get("station", ""))[:64], str(hello.get("nonce", ""))[:64], str(hello.get("fp", ""))
            expected = pr.hello_mac(self.key, self.class_id, hub_nonce, station_nonce, station, fp)
            if hello.get("t") != "hello" or not station or len(station_nonce) < 16:
                raise pr.ProtocolError("no hello")
            if not hmac.compare_digest(expected.encode(), str(hello.get("mac", "")).encode()):
                raise pr.ProtocolError("wrong join code (the hello's MAC does not verify)")
            if fp != self.fingerprint:
                raise pr.ProtocolError(f"the station saw another certificate ({fp[:23]}…): a machine in the middle?")
        except (pr.ProtocolError, TimeoutError) as exc:
            self._failures[address].append(time.monotonic())
            self.refuse(address, f"station handshake: {exc or 'timed out'}")
            with contextlib.suppress(Exception):
                await ws.send_json({"t": "refused", "why": "not admitted: check the join code"})
            await ws.close(code=4003, message=b"not admitted")
            return ws
        await ws.send_json({"t": "welcome", "mac": pr.welcome_mac(self.key, self.class_id, hub_nonce, station_nonce, station, fp)})
        channel = pr.Channel(self.key, hub_nonce + station_nonce, outgoing="h2s", incoming="s2h")
        link = _StationLink(ws, channel)
        view = self.stations.get(station)
        if view is None:
            view = self.stations[station] = StationView(station)
        if view.link is not None:  # the same station again (it lost us and came back): the old socket is stale
            with contextlib.suppress(Exception):
                await view.link.ws.close()
        view.link, view.connected, view.address = link, True, address
        await link.send({"t": "have", "sessions": {**view.past, **({view.session: view.last_seq} if view.session else {})}})
        await self._broadcast({"t": "update", "station": view.summary(), "events": []})
        limit = pr.RateLimit(pr.STATION_RATE, pr.STATION_BURST)
        refused = 0
        try:
            async for msg in ws:
                if msg.type == WSMsgType.ERROR:
                    self.refuse(address, f"station {station}: {_frame_error(ws.exception())}")
                    break
                if msg.type != WSMsgType.TEXT:
                    self.refuse(address, f"station {station}: a {msg.type.name} message (only text is spoken here)")
                    refused += 1
                    continue
                try:
                    if not limit.allow():
                        raise pr.ProtocolError("rate limit: too many messages")
                    body = channel.open(msg.data)
                    try:
                        await self._from_station(view, link, body)
                    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # signed, but nothing a station writes
                        raise pr.ProtocolError(f"malformed {str(body.get('t'))[:20]} message ({type(exc).__name__}: {str(exc)[:80]})") from None
                except pr.ProtocolError as exc:
                    refused += 1
                    self.refuse(address, f"station {station}: {exc}")
                    if refused >= MAX_REFUSALS_PER_CONNECTION:
                        await ws.close(code=4008, message=b"too many refused messages")
                        break
        finally:
            if view.link is link:
                view.link, view.connected = None, False
                await self._broadcast({"t": "update", "station": view.summary(), "events": []})
        return ws

    async def _from_station(self, view: StationView, link: _StationLink, body: dict[str, Any]) -> None:
        kind = body.get("t")
        if kind == "events":
            session, events = body.get("session"), body.get("events")
            if not isinstance(session, str) or not isinstance(events, list) or len(events) > pr.MAX_EVENTS_PER_MESSAGE:
                raise pr.ProtocolError("malformed events message")
            info = body.get("info")
            if session in view.past:  # the tail of an earlier session, resent after a rejoin: kept count of, not shown
                fresh_tail = [e for e in events if isinstance(e, dict) and isinstance(e.get("seq"), int) and e["seq"] > view.past[session]]
                if fresh_tail:
                    view.past[session] = max(e["seq"] for e in fresh_tail)
                    self.received += len(fresh_tail)
                await link.send({"t": "ack", "session": session, "seq": view.past[session]})
                return
            if session != view.session:
                if not isinstance(info, dict):
                    raise pr.ProtocolError("a new session without its info")
                view.new_session(session)
            if isinstance(info, dict):
                view.info = {k: info[k] for k in ("trainee", "scenario", "title", "cues", "ranges") if k in info}
            now = time.time()
            new = []
            for event in events:
                if not (isinstance(event, dict) and isinstance(event.get("seq"), int) and isinstance(event.get("type"), str)
                        and isinstance(event.get("data", {}), dict) and isinstance(event.get("turn", 0), int)
                        and isinstance(event.get("t", 0.0), int | float) and isinstance(event.get("w", 0.0), int | float)):
                    raise pr.ProtocolError("malformed event")
                seq = event["seq"]
                if seq <= view.last_seq:
                    continue  # resent after a rejoin: already here
                if seq > view.last_seq + 1:
                    view.lost += seq - view.last_seq - 1
                view.last_seq = seq
                view.take(event, now)
                new.append(event)
            self.received += len(new)
            await link.send({"t": "ack", "session": session, "seq": view.last_seq})
            if new:
                await self._broadcast({"t": "update", "station": view.summary(), "events": new, "now": now})
        elif kind == "hand_in":
            await self._hand_in(view, link, body)
        elif kind == "control_refused":
            await self._broadcast({"t": "error", "station": view.station, "why": str(body.get("why", ""))[:200], "id": str(body.get("id", ""))[:40]})
        elif kind == "ping":
            pass
        else:
            raise pr.ProtocolError(f"unknown message {str(kind)[:30]!r}")

    async def _hand_in(self, view: StationView, link: _StationLink, body: dict[str, Any]) -> None:
        """One chunk of a finished session's archive; the last one imports it (every check of ``records.archive``)."""
        import base64
        import hashlib
        import tempfile

        upload, i, n, data, digest, size = (body.get(k) for k in ("upload", "i", "n", "data", "sha256", "size"))
        if not (isinstance(upload, str) and isinstance(i, int) and isinstance(n, int) and isinstance(data, str) and isinstance(digest, str)
                and isinstance(size, int) and 0 <= i < n and 0 < size <= MAX_ARCHIVE_BYTES):
            raise pr.ProtocolError("malformed hand-in")
        key = (view.station, upload[:40])
        if i == 0:
            self._uploads[key] = {"chunks": [], "n": n, "sha256": digest, "size": size}
        state = self._uploads.get(key)
        if state is None or len(state["chunks"]) != i or state["n"] != n:
            self._uploads.pop(key, None)
            raise pr.ProtocolError(f"hand-in chunk {i} out of order")
        try:
            state["chunks"].append(base64.b64decode(data, validate=True))
        except ValueError:
            self._uploads.pop(key, None)
            raise pr.ProtocolError("hand-in chunk is not base64") from None
        if sum(len(c) for c in state["chunks"]) > state["size"]:
            self._uploads.pop(key, None)
            raise pr.ProtocolError("hand-in larger than announced")
        if i < n - 1:
            return
        del self._uploads[key]
        blob = b"".join(state["chunks"])
        if len(blob) != state["size"] or hashlib.sha256(blob).hexdigest() != state["sha256"]:
            self.refuse(view.address, f"station {view.station}: hand-in {upload} does not match its sha256")
            await link.send({"t": "hand_in_refused", "upload": upload, "why": "damaged on the way (sha256)"})
            return

        def unpack() -> str:
            from simulator.records.archive import import_session

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "hand-in.zip"
                path.write_bytes(blob)
                return import_session(path, self.sessions_dir).name

        from simulator.records.validate import RecordError

        try:
            sid = await asyncio.get_running_loop().run_in_executor(None, unpack)
        except RecordError as exc:
            if "already in" in str(exc):  # handed in before (a rejoin resent it): the instructor has it
                await link.send({"t": "handed_in", "upload": upload, "session": ""})
                return
            self.refuse(view.address, f"station {view.station}: hand-in refused: {exc}")
            await link.send({"t": "hand_in_refused", "upload": upload, "why": str(exc)[:300]})
            return
        self.collected.append(sid)
        log.info("collected session %s from station %s into %s", sid, view.station, self.sessions_dir)
        await link.send({"t": "handed_in", "upload": upload, "session": sid})
        await self._broadcast({"t": "collected", "station": view.station, "session": sid, "count": len(self.collected)})

    async def collect(self) -> int:
        """End of class: ask every connected station for its finished sessions; returns how many were asked."""
        asked = 0
        for view in self.stations.values():
            if view.link is not None:
                await view.link.send({"t": "collect"})
                asked += 1
        return asked

    # -- consoles -----------------------------------------------------------------------
    async def _broadcast(self, message: dict[str, Any]) -> None:
        if not self.consoles:
            return
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        for ws in list(self.consoles):
            try:
                await ws.send_str(text)
            except (ConnectionError, RuntimeError):
                self.consoles.discard(ws)

    async def _console(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "?"
        ws = web.WebSocketResponse(max_msg_size=pr.MAX_CONSOLE_MESSAGE_BYTES, heartbeat=15.0)
        await ws.prepare(request)
        if self._blocked(address):
            self.refuse(address, "too many failed console logins in the last minute")
            await ws.close(code=4029, message=b"too many failures")
            return ws
        try:
            msg = await ws.receive(timeout=HANDSHAKE_SECONDS)
            auth = pr.parse_json(msg.data, 1024) if msg.type == WSMsgType.TEXT else {}
            if auth.get("t") != "auth" or not hmac.compare_digest(str(auth.get("token", "")).encode(), self.console_token.encode()):
                raise pr.ProtocolError("wrong console token")
        except (pr.ProtocolError, TimeoutError) as exc:
            self._failures[address].append(time.monotonic())
            self.refuse(address, f"console: {exc or 'timed out'}")
            await ws.close(code=4003, message=b"not admitted")
            return ws
        await ws.send_json({"t": "snapshot", "now": time.time(), "stations": [v.summary() for v in self.stations.values()],
                            "join": self.join, "fingerprint": self.fingerprint})
        self.consoles.add(ws)
        limit = pr.RateLimit(pr.CONSOLE_RATE, pr.CONSOLE_BURST)
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.ERROR:
                        self.refuse(address, f"console: {_frame_error(ws.exception())}")
                        break
                    continue
                try:
                    if not limit.allow():
                        raise pr.ProtocolError("rate limit: too many controls")
                    body = pr.parse_json(msg.data, pr.MAX_CONSOLE_MESSAGE_BYTES)
                    try:
                        await self._from_console(ws, body)
                    except (TypeError, ValueError, KeyError, AttributeError) as exc:
                        raise pr.ProtocolError(f"malformed console message ({type(exc).__name__}: {str(exc)[:80]})") from None
                except pr.ProtocolError as exc:
                    self.refuse(address, f"console: {exc}")
                    await ws.send_json({"t": "error", "why": str(exc)})
        finally:
            self.consoles.discard(ws)
        return ws

    async def _from_console(self, ws: web.WebSocketResponse, body: dict[str, Any]) -> None:
        kind = body.get("t")
        view = self.stations.get(str(body.get("station", "")))
        if kind == "collect":
            asked = await self.collect()
            await ws.send_json({"t": "collecting", "stations": asked})
        elif kind == "open":
            if view is None:
                raise pr.ProtocolError("no such station")
            await ws.send_json({"t": "transcript", "station": view.station, "session": view.session, "events": list(view.events)})
        elif kind == "control":
            if view is None:
                raise pr.ProtocolError("no such station")
            control = self.control(body)
            if view.link is None or not view.session:
                raise pr.ProtocolError(f"station {view.station} is not connected now")
            await view.link.send({"t": "control", "session": view.session, "control": control})
            await ws.send_json({"t": "sent", "station": view.station, "id": control["id"]})
        else:
            raise pr.ProtocolError(f"unknown console message {str(kind)[:30]!r}")

    def control(self, body: dict[str, Any]) -> dict[str, Any]:
        """A console's control, checked for shape (the station checks it against its scenario) and given its id."""
        kind = body.get("kind")
        if kind not in KINDS:
            raise pr.ProtocolError(f"unknown control {str(kind)[:30]!r}")
        control: dict[str, Any] = {"kind": kind, "id": secrets.token_hex(6), "by": self.instructor}
        if kind in ("hint", "note"):
            text = body.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
                raise pr.ProtocolError(f"a {kind} needs text of at most {MAX_TEXT} characters")
            control["text"] = text
        elif kind == "cue":
            control["cue"] = str(body.get("cue", ""))[:64]
        elif kind == "nudge":
            changes = body.get("changes")
            if not isinstance(changes, dict) or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in changes.values()):
                raise pr.ProtocolError("a nudge needs {variable: number}")
            control["changes"] = {str(k)[:40]: float(v) for k, v in list(changes.items())[:10]}
        return control


def _frame_error(exc: BaseException | None) -> str:
    """A WebSocket frame aiohttp refused, in the words of the hub's log (the connection is closed)."""
    text = str(exc)
    return f"oversized message, connection closed ({text})" if "exceeds limit" in text else f"broken frame, connection closed ({text})"


class HubThread:
    """A hub on its own thread and event loop (tests, benches): ``start()`` returns once it listens."""

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.hub: Hub | None = None
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="instruct-hub", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.hub = Hub(**self.options)
            self.loop.run_until_complete(self.hub.start())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.hub.stop())
        self.loop.close()

    def start(self) -> Hub:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error
        assert self.hub is not None
        return self.hub

    def call(self, fn: Any, timeout: float = 10.0) -> Any:
        """Run ``fn()`` (a coroutine function or a plain one) on the hub's loop and return its result."""
        async def run() -> Any:
            value = fn()
            return await value if asyncio.iscoroutine(value) else value
        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)

    def stop(self) -> None:
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
