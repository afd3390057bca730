"""``deescalate bench instruct``: 30 stations each take a turn every 2 s for 2 minutes, on loopback.

The hub is a separate process (``python -m simulator.instruct``), as on the
instructor's laptop, so its CPU and memory are its own (read from /proc). The
stations are real: a live session of a shipped scenario each, recorded (to a
RAM disk where there is one), joined over TLS with the signed protocol. A
console client logs in like the page does and times every event from the
moment the station's session emitted it (its wall time ``w``) to the moment the
console received it: that is the latency an instructor sees. Messages lost: the
events the sessions emitted that never reached the console (target 0).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

LINES = ("Hi, I'm officer Lee. I'm here to help. What's going on?", "You sound exhausted.", "There's no rush. I'm not going anywhere.",
         "Can you tell me what happened today?", "It sounds like it's been building up for a long time.", "Are you thinking about killing yourself?",
         "That makes sense, with everything you told me.", "What would help right now?", "Would you be willing to talk to the crisis line with me?",
         "I hear you. You've been carrying a lot.")


def _proc_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _proc_memory_mb(pid: int) -> tuple[float | None, float | None]:
    try:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        return None, None


def _start_hub(state: Path) -> tuple[subprocess.Popen[str], str, str]:
    """The hub as its own process; returns it, the join string and the console token."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "simulator.instruct", "--port", "0", "--state-dir", str(state), "--name", "bench"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    join = token = ""
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (join and token):
        line = proc.stdout.readline()
        if not line:
            break
        if "--join" in line:
            join = line.split("--join", 1)[1].strip()
        if "console:" in line:
            token = line.rsplit("#", 1)[1].strip()
    if not (join and token):
        proc.kill()
        raise RuntimeError("the hub did not start (run `python -m simulator.instruct --port 0` to see why)")
    return proc, join, token


class _Console:
    """A console client on its own thread: logs in, then times every event it is sent."""

    def __init__(self, join: str, token: str) -> None:
        from simulator.instruct.protocol import parse_join

        _, self.host, self.port = parse_join(join)
        self.token = token
        self.latencies: list[float] = []
        self.to_hub: list[float] = []  # the station's emit to the hub's receipt (the hub stamps ``now``; one machine, one clock)
        self.from_hub: list[float] = []
        self.seen: set[tuple[str, str, int]] = set()
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        import aiohttp

        from simulator.instruct.tlscert import client_context

        async with aiohttp.ClientSession() as http, http.ws_connect(f"wss://{self.host}:{self.port}/console", ssl=client_context(),
                                                                     max_msg_size=4 * 1024 * 1024) as ws:
            await ws.send_json({"t": "auth", "token": self.token})
            self.ready.set()
            while not self.stop.is_set():
                try:
                    msg = await ws.receive(timeout=0.5)
                except TimeoutError:
                    continue
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                now = time.time()
                body = json.loads(msg.data)
                if body.get("t") != "update":
                    continue
                st = body["station"]
                hub_now = float(body.get("now", now))
                for e in body.get("events", []):
                    self.latencies.append(now - float(e["w"]))
                    self.to_hub.append(hub_now - float(e["w"]))
                    self.from_hub.append(now - hub_now)
                    self.seen.add((st["station"], st["session"], int(e["seq"])))


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[int(q * (len(ordered) - 1))] * 1000, 1)


def _worker(join: str, first: int, count: int, seconds: float, interval: float, total: int, work: Path) -> dict[str, Any]:
    """``count`` stations in this process (a lab machine each, really): live sessions, recorded, a turn every ``interval`` s."""
    from simulator.catalog import catalog
    from simulator.clock import MonotonicClock
    from simulator.instruct.station import Station
    from simulator.records.recorder import Recorder
    from simulator.session import Session
    from simulator.understanding import default_reader

    scenarios = [e.scenario for e in catalog() if e.scenario is not None]
    if not scenarios:
        raise RuntimeError("no shipped scenario loads")
    reader = default_reader()
    emitted: dict[str, int] = {}

    class One:
        def __init__(self, i: int) -> None:
            self.i, self.n = i, 0
            self.station = Station(join, name=f"Trainee {i:02d}").start()

        def new_session(self) -> None:
            self.session = Session(scenarios[self.i % len(scenarios)], seed=self.i + self.n, clock=MonotonicClock(), reader=reader,
                                   trainee=f"Trainee {self.i:02d}")
            self.recorder = Recorder(self.session, work / "sessions")
            self.station.attach(self.session, self.recorder.folder)
            assert self.station._current is not None
            key = f"{self.station.id}|{self.station._current.uid}"
            emitted[key] = 0

            def count(_: Any) -> None:
                emitted[key] += 1
            self.session.subscribe(count)
            self.session.start()

        def turn(self) -> None:
            self.station.poll()
            if self.session.finished:
                self.recorder.finish()
                self.new_session()
            self.session.tick()
            self.session.say(LINES[(self.i + self.n) % len(LINES)])
            self.n += 1

    ones = [One(i) for i in range(first, first + count)]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(o.station.connected.is_set() for o in ones):
        time.sleep(0.05)
    print("ready", flush=True)  # joined: the bench starts every process's clock at once
    sys.stdin.readline()
    for o in ones:
        o.new_session()
    start = time.monotonic()
    turns = late = 0
    turn_times: list[float] = []
    rounds = 0
    while time.monotonic() - start < seconds:
        for o in ones:  # each station at its own offset in the interval, as a classroom's turns are spread
            due = start + rounds * interval + o.i * interval / total
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            elif wait < -interval:
                late += 1
            began = time.perf_counter()
            o.turn()
            turn_times.append(time.perf_counter() - began)
            turns += 1
        rounds += 1
    for o in ones:
        o.station.flush(10)
    print("done", flush=True)  # the run is over: the hub's CPU is read now, before this process winds down
    for o in ones:
        o.station.stop()
        o.recorder.finish()
    return {"emitted": emitted, "turns": turns, "late": late, "turn_times": turn_times,
            "connected": sum(o.station.joins > 0 for o in ones)}


def run(seconds: float = 120.0, stations: int = 30, interval: float = 2.0, processes: int = 5) -> dict[str, Any]:
    """The bench; stations run ``stations / processes`` to a process (separate machines in a lab; here, no shared GIL)."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix="bench-instruct-", dir=base))
    hub, join, token = _start_hub(work / "hub")
    console = _Console(join, token)
    console.thread.start()
    console.ready.wait(10)
    workers: list[tuple[subprocess.Popen[str], Path]] = []
    try:
        per = [stations // processes + (1 if k < stations % processes else 0) for k in range(processes)]
        first = 0
        for k, count in enumerate(per):
            if not count:
                continue
            out = work / f"worker-{k}.json"
            code = (f"import json, sys; from pathlib import Path; from devtools.bench_instruct import _worker; "
                    f"json.dump(_worker({join!r}, {first}, {count}, {seconds}, {interval}, {stations}, Path({str(work)!r})), "
                    f"open({str(out)!r}, 'w'))")
            workers.append((subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             text=True), out))
            first += count
        for proc, _ in workers:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a station process did not start: " + (proc.stderr.read()[-2000:] if proc.stderr else ""))
        console.latencies.clear(), console.to_hub.clear(), console.from_hub.clear()
        cpu0, t0 = _proc_cpu_seconds(hub.pid), time.monotonic()
        for proc, _ in workers:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc, _ in workers:
            assert proc.stdout is not None
            proc.stdout.readline()  # "done" (or "" if it died: then its exit code says so below)
        cpu1, t1 = _proc_cpu_seconds(hub.pid), time.monotonic()
        failures = []
        for proc, _ in workers:
            _, err = proc.communicate(timeout=120)
            if proc.returncode != 0:
                failures.append(err[-2000:])
        if failures:
            raise RuntimeError("a station process failed:\n" + failures[0])
        time.sleep(0.5)  # the last updates to the console
        rss, peak = _proc_memory_mb(hub.pid)
        results = [json.loads(out.read_text()) for _, out in workers]
        emitted = {tuple(k.split("|")): v for r in results for k, v in r["emitted"].items()}
        seen = sum(1 for (sid, uid, _) in console.seen if (sid, uid) in emitted)
        turn_times = [t for r in results for t in r["turn_times"]]
        lat = console.latencies
        result = {
            "stations": stations, "processes": len(workers), "seconds": round(t1 - t0, 1), "turns": sum(r["turns"] for r in results),
            "late_turns": sum(r["late"] for r in results), "events_to_console": len(lat),
            "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None, "p99_ms": _percentile(lat, 0.99), "max_ms": _percentile(lat, 1.0),
            "station_to_hub_p99_ms": _percentile(console.to_hub, 0.99), "hub_to_console_p99_ms": _percentile(console.from_hub, 0.99),
            "hub_cpu_percent": round(100 * (cpu1 - cpu0) / (t1 - t0), 1) if cpu0 is not None and cpu1 is not None else None,
            "hub_rss_mb": round(rss, 1) if rss else None, "hub_peak_rss_mb": round(peak, 1) if peak else None,
            "lost": sum(emitted.values()) - seen,
            "turn_p50_ms": round(statistics.median(turn_times) * 1000, 1) if turn_times else None, "turn_p99_ms": _percentile(turn_times, 0.99),
        }
    finally:
        for proc, _ in workers:
            if proc.poll() is None:
                proc.kill()
        console.stop.set()
        hub.terminate()
        try:
            hub.wait(10)
        except subprocess.TimeoutExpired:
            hub.kill()
        console.thread.join(5)
        shutil.rmtree(work, ignore_errors=True)
    print(f"instruct: {result['stations']} stations in {result['processes']} processes, a turn each every {interval:g} s "
          f"for {result['seconds']:g} s ({result['turns']} turns)")
    print(f"  event -> console: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms "
          f"over {result['events_to_console']} events (target p99 <= 200 ms)")
    print(f"    of which station -> hub p99 {result['station_to_hub_p99_ms']} ms, hub -> console p99 {result['hub_to_console_p99_ms']} ms")
    print(f"  hub: CPU {result['hub_cpu_percent']}% of one core, memory {result['hub_rss_mb']} MB (peak {result['hub_peak_rss_mb']} MB)")
    print(f"  messages lost: {result['lost']} (target 0); turns more than one interval late: {result['late_turns']}")
    print(f"  (a station's turn itself, session and recorder: p50 {result['turn_p50_ms']} ms, p99 {result['turn_p99_ms']} ms)")
    return result


if __name__ == "__main__":
    run(float(sys.argv[1]) if len(sys.argv) > 1 else 120.0)
