"""Spare threads: a job starts on a thread that was already waiting, so the caller (the GUI) never waits for one."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable

from simulator.spare_threads import SPARE_NAME, SpareThreads


def _eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.005)
    return False


def _primed(keep: int = 3) -> SpareThreads:
    spares = SpareThreads(keep=keep)
    spares.prime()
    assert _eventually(lambda: spares.idle() == keep)
    return spares


def test_a_job_runs_on_another_thread_under_its_own_name_and_can_be_joined() -> None:
    spares = _primed()
    seen: list[tuple[str, int]] = []
    job = spares.start(lambda: seen.append((threading.current_thread().name, threading.get_ident())), "session-x")
    job.join(5)
    assert not job.is_alive()
    assert seen == [("session-x", seen[0][1])]
    assert seen[0][1] != threading.get_ident()


def test_once_primed_the_caller_never_starts_a_thread_and_the_spares_are_topped_up() -> None:
    spares = _primed(keep=3)
    release = threading.Event()
    jobs = [spares.start(release.wait, f"job-{n}") for n in range(3)]
    assert spares.spawned_by_caller == 0
    assert all(job.is_alive() for job in jobs)
    assert _eventually(lambda: spares.idle() == 3)  # the spawner replaced the three taken, off the caller's thread
    release.set()
    for job in jobs:
        job.join(5)
    assert not any(job.is_alive() for job in jobs)


def test_more_jobs_at_once_than_spares_all_run() -> None:
    spares = SpareThreads(keep=1)  # never primed: the first jobs find nobody waiting
    release = threading.Event()
    started: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        with lock:
            started.append(f"job-{n}")
        release.wait()

    jobs = [spares.start(functools.partial(work, n), f"job-{n}") for n in range(6)]
    assert _eventually(lambda: len(started) == 6)
    release.set()
    for job in jobs:
        job.join(5)
    assert sorted(started) == [f"job-{n}" for n in range(6)]


def test_a_thread_goes_back_to_waiting_when_its_job_ends() -> None:
    spares = _primed(keep=2)
    for n in range(20):
        spares.start(lambda: None, f"job-{n}").join(5)
    assert spares.spawned <= 2 + 2  # the spares, and at most a top-up racing a job's return; not one per job


def test_a_job_that_raises_leaves_its_thread_serving_under_the_spare_name() -> None:
    spares = _primed(keep=1)

    def fail() -> None:
        raise RuntimeError("a bug in a job")

    spares.start(fail, "failing").join(5)
    names: list[str] = []
    spares.start(lambda: names.append(threading.current_thread().name), "next").join(5)
    assert names == ["next"]
    assert _eventually(lambda: spares.idle() >= 1)
    assert {t.name for t in threading.enumerate() if t.name in ("failing", "next")} == set()
    assert any(t.name == SPARE_NAME for t in threading.enumerate())


def test_a_finished_job_keeps_nothing_of_its_owner_alive() -> None:
    """A closed listener or speech input must be freed while its thread goes on serving other jobs."""
    import gc
    import weakref

    class Owner:
        def work(self) -> None:
            pass

    for spares in (SpareThreads(keep=1), _primed(keep=1)):  # a thread the caller started, and a spare
        owner = Owner()
        gone = weakref.ref(owner)
        job = spares.start(owner.work, "owner")
        job.join(5)
        del owner
        gc.collect()
        assert gone() is None
