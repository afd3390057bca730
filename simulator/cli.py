"""The ``deescalate`` command: list, validate, play, classify.

Every user error (a missing file, a broken scenario, an unknown id) is a
message on stderr that says where and what to fix, and a non-zero exit; never
a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.diagnostics import InvalidFile, UserError

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

log = logging.getLogger(__name__)

# Feature modules that add their own subcommands: each has add_parsers(subparsers).
# ``devtools.cli`` (bench, train) is found by name, like the others: the core never imports the developer tools.
COMMAND_MODULES = ("simulator.speech.voice_cli", "simulator.speech.cli", "simulator.records.cli", "simulator.instruct.cli", "devtools.cli")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from simulator.logs import configure

    configure(verbose=args.verbose)  # stderr only: the command line's output stays clean for pipes
    if args.command is None:
        return _default(args)
    try:
        return int(args.func(args) or 0)
    except InvalidFile as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except _UserError as exc:
        log.debug("user error", exc_info=True)
        print(f"deescalate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a read-only folder, a path that is not there: say which and why, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"deescalate: {where}{exc.strerror or exc} — check the path, the free space and the folder's permissions", file=sys.stderr)
        return 2


_UserError = UserError


def _parser() -> argparse.ArgumentParser:
    from simulator.logs import version

    p = argparse.ArgumentParser(prog="deescalate", description="Crisis-intervention trainer: practise talking a person in crisis down.")
    p.add_argument("--version", action="version", version=f"deescalate {version()}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens (to stderr), for a problem report")
    sub = p.add_subparsers(dest="command")

    ls = sub.add_parser("list", help="list the scenarios")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=_cmd_list)

    va = sub.add_parser("validate", help="check scenario and voice files (and run their playthroughs)")
    va.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    va.add_argument("--no-playthroughs", action="store_true", help="skip running embedded playthroughs")
    va.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    va.set_defaults(func=_cmd_validate)

    pl = sub.add_parser("play", help="play a scenario in the terminal, or a script")
    pl.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario id or a file path (none: pick one from a list)")
    pl.add_argument("--seed", type=int, default=None, help="random seed (default: random; scripts: 0)")
    pl.add_argument("--script", metavar="FILE", help="play a transcript: one turn a line ('-' for stdin)")
    pl.add_argument("--json", action="store_true", help="print the result as JSON (with --script)")
    pl.add_argument("--trainee", metavar="NAME", default="", help="the trainee's name, kept with the recorded session")
    pl.add_argument("--sessions-dir", metavar="DIR", type=Path, default=None, help="where sessions are recorded (default: the user's data folder)")
    pl.add_argument("--join", metavar="CODE@HOST[:PORT]", default=None,
                    help="join the instructor's hub (the code and address `deescalate instruct` prints)")
    pl.set_defaults(func=_cmd_play)

    cl = sub.add_parser("classify", help="read text as communication techniques")
    cl.add_argument("text", nargs="*", help="the utterance")
    cl.add_argument("--jsonl", action="store_true", help="read one utterance a line from stdin, write JSON lines")
    cl.set_defaults(func=_cmd_classify)

    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):  # only the module itself (or its package) missing is fine
                raise
            continue
        module.add_parsers(sub)
    return p


APP_ENTRY_POINT = "deescalate-app"  # the desktop app's console script (ui.app:main), found by name: the core never imports ui


def _default(args: argparse.Namespace) -> int:
    """No subcommand: the desktop app when it is installed, else the terminal player."""
    from importlib.metadata import entry_points

    found = entry_points(group="console_scripts", name=APP_ENTRY_POINT)
    if found:
        return int(next(iter(found)).load()([]) or 0)
    return _choose_and_play()


def _choose_and_play() -> int:
    """The terminal player with a scenario chooser (``deescalate play`` with no scenario)."""
    from simulator.catalog import catalog

    entries = [e for e in catalog() if e.scenario]
    if not entries:
        print("deescalate: no playable scenarios found", file=sys.stderr)
        return 1
    print("Scenarios:")
    for i, e in enumerate(entries, start=1):
        s = e.scenario
        assert s is not None
        print(f"  {i}. {s.title} — {s.person.presentation} ({s.difficulty}, ~{s.estimated_minutes} min)")
    while True:
        try:
            answer = input(f"Pick 1–{len(entries)} (q to quit): ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if answer.lower() in ("q", "quit"):
            return 0
        if answer.isdigit() and 1 <= int(answer) <= len(entries):
            break
    chosen = entries[int(answer) - 1].scenario
    assert chosen is not None
    return _interactive(chosen, None)


def _cmd_list(args: argparse.Namespace) -> int:
    from simulator.catalog import catalog

    entries = catalog()
    if args.json:
        out = []
        for e in entries:
            if e.scenario:
                out.append({**e.scenario.summary_dict(), "path": str(e.path)})
            else:
                out.append({"id": e.path.stem, "title": None, "path": str(e.path), "errors": [str(d) for d in e.diagnostics if d.severity == "error"]})
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        if e.scenario:
            s = e.scenario
            print(f"{s.id:28} {s.title} — {s.person.presentation} ({s.difficulty}, ~{s.estimated_minutes} min)")
        else:
            print(f"{e.path.stem:28} (broken: run `deescalate validate {e.path}`)")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from simulator.validate import expand, validate_file

    files, diags = expand(args.paths)
    if not files and not diags:
        raise _UserError("no .yaml files found in " + " ".join(args.paths))
    for f in files:
        diags += validate_file(f, playthroughs=not args.no_playthroughs)
    errors = [d for d in diags if d.severity == "error"]
    warnings = [d for d in diags if d.severity == "warning"]
    if args.json:
        print(json.dumps({"files": [str(f) for f in files], "errors": [d.to_dict() for d in errors], "warnings": [d.to_dict() for d in warnings]}, indent=2))
    else:
        for d in errors + warnings:
            print(d)
        print(f"{len(files)} file(s): {len(errors)} error(s), {len(warnings)} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _cmd_play(args: argparse.Namespace) -> int:
    from simulator.catalog import ScenarioNotFound, find

    if args.join is not None:
        if args.script is not None:
            raise _UserError("--join is for an interactive session, not --script")
        from simulator.instruct.protocol import parse_join

        try:
            parse_join(args.join)
        except ValueError as exc:
            raise _UserError(str(exc)) from None
    if args.scenario is None:
        if args.script is not None or args.json:
            raise _UserError("--script and --json need a SCENARIO")
        return _choose_and_play()
    try:
        scenario = find(args.scenario)
    except ScenarioNotFound as exc:
        raise _UserError(str(exc)) from None
    if args.script is None:
        if args.json:
            raise _UserError("--json needs --script FILE (an interactive session prints as it goes)")
        return _interactive(scenario, args.seed, args.trainee, args.sessions_dir, args.join)
    from simulator.script import ScriptError, parse_script, play_steps, result

    if args.script == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.script).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _UserError(f"no script file at {args.script}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _UserError(f"cannot read the script {args.script}: {exc}") from None
    try:
        steps = parse_script(text, args.script)
    except ScriptError as exc:
        raise _UserError(str(exc)) from None
    seed = 0 if args.seed is None else args.seed
    from simulator.clock import ManualClock
    from simulator.records.recorder import Recorder
    from simulator.session import Session

    session = Session(scenario, seed=seed, clock=ManualClock(), trainee=args.trainee)
    recorder = Recorder(session, args.sessions_dir)  # always on: every session is kept
    play_steps(session, steps)
    recorder.finish()
    if recorder.failure:
        from simulator.records.recorder import rescue

        print(f"deescalate: warning: {rescue(recorder)}", file=sys.stderr)
    else:
        print(f"(recorded as session {recorder.id} in {recorder.folder})", file=sys.stderr)
    out = result(session)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        from simulator.scoring import score

        _print_transcript(out, [tp.to_dict() for tp in score(session.events).teaching_points])
    return 0


def _print_transcript(out: dict[str, Any], teaching_points: list[dict[str, Any]]) -> None:
    from simulator.projections import result_lines

    for line in result_lines(out, teaching_points):
        print(line)


def _interactive(scenario: Scenario, seed: int | None, trainee: str = "", sessions_dir: Path | None = None,
                 join: str | None = None) -> int:
    import random

    from simulator.player import TerminalPlayer

    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    from simulator.records.recorder import Recorder

    print(f"(seed {seed})")
    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not UTF-8 become U+FFFD instead of losing the turn
        sys.stdin.reconfigure(errors="replace")
    player = TerminalPlayer(scenario, seed, input, sys.stdout)
    player.session.trainee = trainee
    recorder = Recorder(player.session, sessions_dir)  # always on: every event is on disk as it happens
    print(f"(recording session {recorder.id})", flush=True)
    station = None
    if join:
        from simulator.instruct.station import join_terminal

        station = join_terminal(join, player, recorder.folder)
    try:
        player.run()
    finally:
        if station is not None:
            station.flush(2.0)
            station.stop()
        recorder.finish()
        if recorder.failure:
            from simulator.records.recorder import rescue

            print(f"deescalate: warning: {rescue(recorder)}", file=sys.stderr)
    return 0


def _cmd_classify(args: argparse.Namespace) -> int:
    from simulator.understanding import default_reader

    reader = default_reader()
    if args.jsonl:
        for line in sys.stdin:
            text = line.rstrip("\n")
            if not text.strip():
                continue
            print(json.dumps(reader.read(text).to_dict(), ensure_ascii=False), flush=True)
        return 0
    if not args.text:
        raise _UserError('give the text to classify, e.g. deescalate classify "you sound exhausted", or use --jsonl')
    reading = reader.read(" ".join(args.text))
    print(f"primary: {reading.primary} ({reading.polarity})")
    for h in reading.techniques:
        why = f"  because of \"{h.evidence}\"" if h.evidence else ""
        print(f"  {h.id:15} {h.confidence:.2f}{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
