"""A trainee station's link to the instructor's hub: an observer of the session that never blocks it.

The session calls observers synchronously on its own thread, so the station's
observer only copies the event into an outbox and wakes a background thread;
that thread runs an asyncio loop with one aiohttp WebSocket to the hub, sends
what the hub has not acknowledged, and queues the controls it receives. The
session's owner (the terminal player before each line, the app's timer, a
script's loop) calls ``poll()`` on the session's thread to apply them, so a
turn is never interleaved with a control.

Losing the hub changes nothing for the trainee: the session goes on and the
recorder keeps writing; the station reconnects by itself (backing off up to a
couple of seconds) and resends every event the hub had not acknowledged, so
the console catches up with nothing lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from simulator.events import SessionEvent
from simulator.instruct import protocol as pr
from simulator.instruct.controls import ControlError, apply_control, cues_for, number_ranges
from simulator.instruct.tlscert import client_context
from simulator.session import Session

log = logging.getLogger(__name__)

BATCH = 200  # events per message at most (a rejoin resends in batches)


class _Outbox:
    """One session's events in wire form, and how far the hub has acknowledged them."""

    def __init__(self, uid: str, info: dict[str, Any]) -> None:
        self.uid, self.info = uid, info
        self.events: list[dict[str, Any]] = []
        self.acked = -1  # the hub has every event up to this seq
        self.sent = -1  # sent on this connection up to this seq
        self.info_sent = False


class _HandIn:
    """One finished session's archive on its way to the hub."""

    CHUNK = 96 * 1024  # raw bytes a message: base64 makes it 128 kB, inside the hub's 256 kB limit

    def __init__(self, upload: str, data: bytes, sha256: str, folder: str) -> None:
        self.upload, self.data, self.sha256, self.folder = upload, data, sha256, folder
        self.count = max(1, -(-len(data) // self.CHUNK))
        self.connection = 0  # the connection (``Station.joins``) it was last sent on; sent again on a new one

    def chunks(self) -> list[str]:
        import base64

        return [base64.b64encode(self.data[i * self.CHUNK:(i + 1) * self.CHUNK]).decode() for i in range(self.count)]


class Station:
    """Joins the hub at ``CODE@HOST[:PORT]``; ``attach(session)``, ``start()``, then ``poll()`` between turns."""

    def __init__(self, join: str, name: str = "", on_hint: Callable[[str], None] | None = None, reconnect_max: float = 2.0,
                 station_id: str | None = None) -> None:
        self.code, self.host, self.port = pr.parse_join(join)
        self.name = name
        self.id = station_id or secrets.token_hex(6)
        self.on_hint = on_hint
        self.reconnect_max = reconnect_max
        self.session: Session | None = None
        self.folder: Path | None = None  # the recorder's folder: notes are pinned there too
        self.paused = False
        self.hints: list[str] = []
        self.fingerprint: str | None = None  # the hub certificate's, once seen (the app shows it)
        self.connected = threading.Event()
        self.joins = 0  # successful handshakes (1 + rejoins)
        self.refused: str | None = None  # why the hub refused us, if it did
        self.applied: list[dict[str, Any]] = []
        self._controls: queue.SimpleQueue[tuple[str, dict[str, Any]]] = queue.SimpleQueue()
        self._outboxes: dict[str, _Outbox] = {}
        self._current: _Outbox | None = None
        self._lock = threading.Lock()
        self._keys: dict[str, bytes] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ws: Any = None
        self._extra: list[dict[str, Any]] = []  # control refusals to send
        self._attached: list[tuple[Session, Path | None]] = []
        self._hand_ins: dict[str, _HandIn] = {}
        self._collect = threading.Event()  # the instructor asked for the finished sessions (end of class)
        self.handed_in: list[str] = []  # session ids the hub has imported
        self.hand_in_refused: list[str] = []
        self._tls: Any = None

    # -- the session's side (its thread) -------------------------------------------------------
    def attach(self, session: Session, folder: Path | None = None) -> None:
        """Observe ``session`` (before ``start()``, or after: the events so far are sent too)."""
        uid = secrets.token_hex(8)
        info = {"trainee": session.trainee or self.name, "scenario": session.scenario.id, "title": session.scenario.title,
                "cues": [{"id": c.id, "label": c.label} for c in cues_for(session.scenario)],
                "ranges": {k: list(v) for k, v in number_ranges(session).items()}}
        box = _Outbox(uid, info)
        with self._lock:
            for old in [b for b in self._outboxes.values() if b.acked >= len(b.events) - 1]:
                del self._outboxes[old.uid]  # earlier sessions the hub has whole
            self._outboxes[uid] = box
            self._current = box
            self.session, self.folder, self.paused = session, folder, False
            self._attached.append((session, folder))
            for e in session.events:
                box.events.append(self._wire(e))
        session.subscribe(lambda event: self._on_event(event, box))  # bound to this session's outbox, whatever comes next
        self._kick()

    def _wire(self, event: SessionEvent) -> dict[str, Any]:
        row = event.to_dict()
        row["w"] = time.time()  # wall time it happened: the console's latency is measured from here
        return row

    def _on_event(self, event: SessionEvent, box: _Outbox) -> None:
        # Never blocks, never raises: a copy into the outbox and a wake-up for the network thread.
        row = self._wire(event)
        with self._lock:
            box.events.append(row)
        self._kick()

    def _kick(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(wake.set)

    def hand_in(self, folder: Path) -> str:
        """Send a recorded session to the hub (its archive, integrity-checked there); returns the upload id.

        The hub imports it into the instructor's sessions folder, ready for ``class-report``; until it says so
        the upload is kept and sent again after a rejoin.
        """
        import hashlib
        import tempfile

        from simulator.records.archive import export_session

        with tempfile.TemporaryDirectory() as tmp:
            data = export_session(folder, Path(tmp) / "session.zip").read_bytes()
        upload = secrets.token_hex(6)
        with self._lock:
            self._hand_ins[upload] = _HandIn(upload, data, hashlib.sha256(data).hexdigest(), folder.name)
        self._kick()
        return upload

    def poll(self) -> list[dict[str, Any]]:
        """Apply the controls that arrived, on the session's thread; returns the ``instructor`` payloads applied."""
        if self._collect.is_set():
            self._collect.clear()
            sent = {h.folder for h in self._hand_ins.values()} | set(self.handed_in)
            for session, folder in self._attached:
                if folder is not None and session.finished and folder.name not in sent:
                    try:
                        self.hand_in(folder)
                    except Exception as exc:  # a damaged folder is not passed on; training goes on
                        log.warning("session %s not handed in: %s", folder.name, exc)
        done = []
        while True:
            try:
                uid, control = self._controls.get_nowait()
            except queue.Empty:
                break
            box, session = self._current, self.session
            if session is None or box is None or box.uid != uid:
                continue  # meant for a session that is over
            try:
                data = apply_control(session, control)
            except ControlError as exc:
                self._send_soon({"t": "control_refused", "id": control.get("id", ""), "why": str(exc)})
                continue
            if data is None:
                continue
            kind = data["kind"]
            if kind in ("pause", "resume"):
                self.paused = kind == "pause"
            elif kind == "hint":
                self.hints.append(data["text"])
                if self.on_hint is not None:
                    self.on_hint(data["text"])
            elif kind == "note" and self.folder is not None:
                from simulator.records.store import RecordError, add_note

                try:
                    add_note(self.folder, data["text"], turn=session.turn, author=data["by"])
                except RecordError as exc:
                    log.warning("instructor note not pinned beside the log: %s", exc)
            done.append(dict(data))
        self.applied.extend(done)
        return done

    @property
    def pending(self) -> int:
        """Events the hub has not acknowledged yet (0 when the console is up to date)."""
        with self._lock:
            return sum(len(b.events) - 1 - b.acked for b in self._outboxes.values())

    # -- the network thread ---------------------------------------------------------------------
    def start(self) -> Station:
        self._thread = threading.Thread(target=self._run, name=f"station-{self.id}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._kick()
        if self._thread is not None:
            self._thread.join(timeout)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until the hub has acknowledged every event (tests, the end of a session)."""
        end = time.monotonic() + timeout
        while self.pending and time.monotonic() < end:
            time.sleep(0.01)
        return not self.pending

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            self._loop = None
            loop.close()

    async def _main(self) -> None:
        self._wake = asyncio.Event()
        delay = 0.1
        async with aiohttp.ClientSession() as http:
            while not self._stop.is_set():
                try:
                    await self._connect(http)
                    delay = 0.1
                except (aiohttp.ClientError, OSError, TimeoutError, pr.ProtocolError) as exc:
                    log.info("hub %s:%d not reachable (%s); training goes on, retrying", self.host, self.port, exc)
                except Exception as exc:  # anything else the hub's side does (a close mid-handshake): never the end of the station
                    log.warning("hub %s:%d: %s: %s; training goes on, retrying", self.host, self.port, type(exc).__name__, exc)
                finally:
                    self.connected.clear()
                    self._ws = None
                if self._stop.is_set():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake_or_stop(), delay)
                delay = min(self.reconnect_max, delay * 2)

    async def _wake_or_stop(self) -> None:
        while not self._stop.is_set():
            await asyncio.sleep(0.05)

    def _key(self, class_id: str) -> bytes:
        if class_id not in self._keys:
            self._keys[class_id] = pr.derive_key(self.code, class_id)
        return self._keys[class_id]

    async def _connect(self, http: aiohttp.ClientSession) -> None:
        url = f"wss://{self.host if ':' not in self.host else '[' + self.host + ']'}:{self.port}/station"
        if self._tls is None:
            self._tls = client_context()
        async with http.ws_connect(url, ssl=self._tls, max_msg_size=pr.MAX_MESSAGE_BYTES, heartbeat=15.0,
                                   timeout=aiohttp.ClientWSTimeout(ws_close=2.0), autoping=True) as ws:
            first = await ws.receive(timeout=5.0)
            if first.type != aiohttp.WSMsgType.TEXT:
                self.refused = f"the hub closed the connection ({ws.close_code}): too many wrong codes from here? wait a minute"
                raise pr.ProtocolError(self.refused)
            challenge = pr.parse_json(first.data, 4096)
            ssl_object = ws.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
            if not der:
                raise pr.ProtocolError("the hub sent no certificate")
            fp = pr.fingerprint(der)
            self.fingerprint = fp
            class_id, hub_nonce = str(challenge.get("class", "")), str(challenge.get("nonce", ""))
            key = await asyncio.get_running_loop().run_in_executor(None, self._key, class_id)
            station_nonce = secrets.token_hex(16)
            await ws.send_json({"t": "hello", "v": pr.PROTOCOL, "station": self.id, "nonce": station_nonce, "fp": fp,
                                "mac": pr.hello_mac(key, class_id, hub_nonce, station_nonce, self.id, fp)})
            msg = await ws.receive(timeout=5.0)
            if msg.type != aiohttp.WSMsgType.TEXT:
                self.refused = "the hub closed the connection: check the join code"
                raise pr.ProtocolError(self.refused)
            welcome = pr.parse_json(msg.data, 4096)
            if welcome.get("t") != "welcome":
                self.refused = str(welcome.get("why", "refused"))
                raise pr.ProtocolError(f"refused by the hub: {self.refused}")
            if not hmac.compare_digest(str(welcome.get("mac", "")).encode(), pr.welcome_mac(key, class_id, hub_nonce, station_nonce, self.id, fp).encode()):
                raise pr.ProtocolError("the hub could not prove it knows the join code (a machine in the middle?)")
            channel = pr.Channel(key, hub_nonce + station_nonce, outgoing="s2h", incoming="h2s")
            have = channel.open(await ws.receive_str(timeout=5.0))
            self.refused = None
            known = have.get("sessions") if isinstance(have.get("sessions"), dict) else {}
            with self._lock:
                for uid, box in self._outboxes.items():
                    got = known.get(uid)
                    # The hub has up to ``got`` (it never lost us) or nothing (it was restarted): send the rest.
                    box.sent = box.acked = got if isinstance(got, int) else -1
                    box.info_sent = False
                for box in [b for b in self._outboxes.values() if b is not self._current and b.acked >= len(b.events) - 1]:
                    del self._outboxes[box.uid]
            self._ws, self.joins = (ws, channel), self.joins + 1
            self.connected.set()
            sender = asyncio.create_task(self._sender(ws, channel))
            try:
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        break
                    try:
                        body = channel.open(msg.data)
                    except pr.ProtocolError as exc:
                        log.warning("refused a message from the hub: %s", exc)
                        continue
                    self._from_hub(body)
            finally:
                sender.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await sender

    def _from_hub(self, body: dict[str, Any]) -> None:
        kind = body.get("t")
        if kind == "ack":
            with self._lock:
                box = self._outboxes.get(str(body.get("session")))
                if box is not None and isinstance(body.get("seq"), int):
                    box.acked = max(box.acked, body["seq"])
                    if box is not self._current and box.acked >= len(box.events) - 1:
                        del self._outboxes[box.uid]  # a finished session the hub has whole
        elif kind == "control" and isinstance(body.get("control"), dict):
            self._controls.put((str(body.get("session")), body["control"]))
        elif kind == "collect":
            self._collect.set()
        elif kind in ("handed_in", "hand_in_refused"):
            with self._lock:
                done = self._hand_ins.pop(str(body.get("upload")), None)
            if done is not None and kind == "handed_in":
                self.handed_in.append(done.folder)
            elif done is not None:
                self.hand_in_refused.append(f"{done.folder}: {body.get('why', '')}")
                log.warning("the hub refused session %s: %s", done.folder, body.get("why"))

    def _send_soon(self, body: dict[str, Any]) -> None:
        with self._lock:
            self._extra.append(body)
        self._kick()

    async def _sender(self, ws: Any, channel: pr.Channel) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            if self._stop.is_set():
                await ws.close()
                return
            batches: list[dict[str, Any]] = []
            with self._lock:
                extra, self._extra = self._extra, []
                for box in self._outboxes.values():
                    while box.sent < len(box.events) - 1:
                        chunk = box.events[box.sent + 1: box.sent + 1 + BATCH]
                        body: dict[str, Any] = {"t": "events", "session": box.uid, "events": chunk}
                        if not box.info_sent:
                            body["info"] = box.info
                            box.info_sent = True
                        box.sent += len(chunk)
                        batches.append(body)
            for body in [*extra, *batches]:
                await ws.send_str(channel.seal(body))
            with self._lock:
                uploads = [h for h in self._hand_ins.values() if h.connection != self.joins]
            for h in uploads:
                h.connection = self.joins  # this connection's number: after a rejoin it is sent again
                for i, chunk in enumerate(h.chunks()):
                    await ws.send_str(channel.seal({"t": "hand_in", "upload": h.upload, "i": i, "n": h.count, "sha256": h.sha256,
                                                    "size": len(h.data), "data": chunk}))
                    await asyncio.sleep(1 / (pr.STATION_RATE / 2))  # well inside the hub's rate limit
            await self._wake.wait()



def join_terminal(join: str, player: Any, folder: Path | None, out: Any = None) -> Station:
    """Join the hub from the terminal player (``deescalate play --join``): controls apply around each typed line.

    The player reads a line, then hands it to the session; the station wraps its
    ``read`` so controls that arrived while the trainee was typing are applied
    first, a pause holds the next line until the instructor resumes, and a hint
    is printed as ``[instructor] ...`` (private: only this terminal shows it).
    """
    import sys

    stream = out or getattr(player, "out", None) or sys.stdout

    def show(text: str) -> None:
        stream.write(f"  [instructor] {text}\n")
        stream.flush()

    station = Station(join, name=player.session.trainee, on_hint=show)
    station.attach(player.session, folder)
    station.start()
    read = player.read

    def read_with_controls(prompt: str) -> str:
        station.poll()
        while True:
            line = read(prompt)
            station.poll()
            if not station.paused or player.session.finished:
                return str(line) if not player.session.finished else ""
            show("the instructor has paused the scene: that line was not taken — wait for the resume, then go on")
            while station.paused and not player.session.finished:
                time.sleep(0.2)
                station.poll()

    player.read = read_with_controls
    if station.connected.wait(3.0):
        stream.write(f"(joined the instructor's hub at {station.host}:{station.port}; its certificate {station.fingerprint})\n")
    else:
        stream.write(f"(the instructor's hub at {station.host}:{station.port} is not answering{': ' + station.refused if station.refused else ''};"
                     " training and recording go on, and the station keeps trying)\n")
    stream.flush()
    return station
