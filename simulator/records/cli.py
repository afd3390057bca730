"""``deescalate sessions|replay|report|class-report``: the recorded history on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.diagnostics import UserError


def _dir(args: argparse.Namespace) -> Path:
    from simulator.records.recorder import default_sessions_dir

    return Path(args.sessions_dir) if args.sessions_dir is not None else default_sessions_dir()


def _with_dir(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--sessions-dir", metavar="DIR", type=Path, default=None, help="the sessions folder (default: the user's data folder)")
    return p


def add_parsers(sub: Any) -> None:
    se = sub.add_parser("sessions", help="recorded sessions: list, show, export, import, note")
    ss = se.add_subparsers(dest="sessions_command", required=True)
    ls = _with_dir(ss.add_parser("list", help="the recorded sessions, oldest first"))
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    ls.add_argument("--scenario", metavar="ID", help="only this scenario's sessions")
    ls.set_defaults(func=_cmd_list)
    sh = _with_dir(ss.add_parser("show", help="one session: who, what, ending, scores, teaching points"))
    sh.add_argument("session", metavar="SESSION", help="a session id or folder")
    sh.add_argument("--json", action="store_true", help="print JSON")
    sh.set_defaults(func=_cmd_show)
    ex = _with_dir(ss.add_parser("export", help="write one session as a .zip archive (with a sha256 manifest)"))
    ex.add_argument("session", metavar="SESSION", help="a session id or folder")
    ex.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="the .zip to write")
    ex.set_defaults(func=_cmd_export)
    im = _with_dir(ss.add_parser("import", help="add a session archive to the sessions folder (checked first)"))
    im.add_argument("archive", metavar="FILE", type=Path)
    im.set_defaults(func=_cmd_import)
    no = _with_dir(ss.add_parser("note", help="pin an instructor's note to a turn (kept beside the log, never in it)"))
    no.add_argument("session", metavar="SESSION")
    no.add_argument("text")
    no.add_argument("--turn", type=int, default=0, help="the turn it is about (0: the whole session)")
    no.add_argument("--author", default="")
    no.set_defaults(func=_cmd_note)

    rp = _with_dir(sub.add_parser("replay", help="re-run a recorded session and check it gives the same result"))
    rp.add_argument("session", metavar="SESSION", help="a session id or folder")
    rp.add_argument("--json", action="store_true", help="print the result as JSON (the `play --json` shape)")
    rp.add_argument("--strict", action="store_true", help="refuse when the scenario has changed since the session")
    rp.set_defaults(func=_cmd_replay)

    re = _with_dir(sub.add_parser("report", help="write a session's report (.html or .pdf)"))
    re.add_argument("session", metavar="SESSION", help="a session id or folder")
    re.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="report.html or report.pdf")
    re.set_defaults(func=_cmd_report)

    cr = _with_dir(sub.add_parser("class-report", help="a report over a folder of sessions (.html)"))
    cr.add_argument("folder", metavar="DIR", nargs="?", type=Path, help="a folder of sessions (default: the sessions folder)")
    cr.add_argument("-o", "--output", metavar="FILE", type=Path, required=True)
    cr.set_defaults(func=_cmd_class_report)


def _cmd_list(args: argparse.Namespace) -> int:
    from simulator.records.store import SessionIndex

    index = SessionIndex(_dir(args))
    problems = index.sync()
    if index.note:
        print(f"deescalate: note: {index.note}", file=sys.stderr)
    rows = index.rows(trainee=args.trainee, scenario=args.scenario)
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(f"no sessions in {index.sessions_dir}")
    for r in rows:
        if r.problem:
            print(f"{r.id}  DAMAGED (skipped by reports): {r.problem}")
            continue
        outcome = (r.outcome or ("unfinished" if not r.finished else "no ending")).replace("_", " ")
        mark = " *" if r.scores_differ else ""
        print(f"{r.id}  {r.started_at:20}  {(r.trainee or '—')[:18]:18}  {r.scenario[:24]:24}  {outcome[:22]:22}  overall {r.scores.get('overall', '—')}{mark}")
    if any(r.scores_differ for r in rows):
        print("* scores computed from the session's events differ from those in its session.json (edited, or scored by another version)")
    damaged = [p for p in problems if p != index.note]
    if damaged:
        print(f"deescalate: {len(damaged)} damaged session(s) listed as DAMAGED", file=sys.stderr)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from simulator.records.store import read_events, read_meta, read_notes, resolve, scored

    folder = resolve(args.session, _dir(args))
    meta = read_meta(folder)
    events = read_events(folder)
    notes = read_notes(folder)
    s = scored(events)
    if args.json:
        print(json.dumps({**meta, "folder": str(folder), "events": len(events), "scores": s.to_dict(), "notes": notes}, ensure_ascii=False, indent=1))
        return 0
    print(f"{meta.get('title')} ({meta['scenario']})  session {meta['id']}")
    print(f"  trainee {meta.get('trainee') or '—'}, started {meta.get('started_at')}, seed {meta.get('seed')}, {len(events)} events"
          + ("" if meta.get("finished") else " (unfinished: the recording stopped early)"))
    print(f"  ending: {meta.get('ending') or '—'} ({meta.get('outcome') or 'no outcome'})")
    print("  scores: " + ", ".join(f"{k} {v}" for k, v in s.as_dict().items()))
    recorded = meta.get("scores")
    if meta.get("finished") and isinstance(recorded, dict) and any(recorded.get(k) != v for k, v in s.as_dict().items()):
        print("  (session.json recorded other scores: " + ", ".join(f"{k} {recorded.get(k)}" for k in s.as_dict()) + " — these are the events')")
    for tp in s.teaching_points:
        print(f"  turn {tp.turn}: {tp.text}")
    for n in notes:
        print(f"  note (turn {n.get('turn', 0)}): {n['text']}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from simulator.records.archive import export_session
    from simulator.records.store import resolve

    out = export_session(resolve(args.session, _dir(args)), args.output)
    print(f"wrote {out}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from simulator.records.archive import import_session

    folder = import_session(args.archive, _dir(args))
    print(f"imported session {folder.name} into {folder.parent}")
    return 0


def _cmd_note(args: argparse.Namespace) -> int:
    from simulator.records.store import add_note, resolve

    add_note(resolve(args.session, _dir(args)), args.text, args.turn, args.author)
    return 0


def _cmd_replay(args: argparse.Namespace) -> int:
    from simulator.records.compare import compare
    from simulator.records.replay import replay
    from simulator.records.store import read_events, read_notes, resolve, scored
    from simulator.script import result

    folder = resolve(args.session, _dir(args))
    recorded = read_events(folder)
    read_notes(folder)  # a damaged session is refused whole, as every reader refuses it
    done = replay(folder, strict=args.strict)
    for w in done.warnings:
        print(f"deescalate: warning: {w}", file=sys.stderr)
    out = result(done.session)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        from simulator.projections import result_lines

        print("\n".join(result_lines(out, [tp.to_dict() for tp in scored(done.session.events).teaching_points])))
    verdict = compare(recorded, done.session.events, finished=bool(done.meta.get("finished")))
    if verdict.note:
        print(f"deescalate: {verdict.note}", file=sys.stderr)
    if not verdict.same:
        print(f"deescalate: the replay differs from the recording at {verdict.difference}", file=sys.stderr)
        return 1
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from simulator.records.report import write_report
    from simulator.records.store import resolve

    if args.output.suffix.lower() not in (".html", ".htm", ".pdf"):
        raise UserError(f"-o {args.output}: give a .html or .pdf file name")
    out = write_report(resolve(args.session, _dir(args)), args.output)
    print(f"wrote {out}")
    return 0


def _cmd_class_report(args: argparse.Namespace) -> int:
    from simulator.records.class_report import write_class_report

    data = write_class_report(args.folder or _dir(args), args.output)
    print(f"wrote {args.output} ({data.sessions} sessions)")
    return 0
