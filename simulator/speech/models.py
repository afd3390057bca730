"""Vosk model management: find, check, install (online or from a local file) and remove.

Vosk's own errors are unhelpful — a missing or half-extracted folder gives a
bare "Failed to create a model" — so every folder is checked here first, and
every problem comes back as a sentence that says what to do. Archives are
checked against a SHA-256 and extracted without letting any entry escape the
target folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.paths import user_data_dir

STANDARD_MODEL = "vosk-model-small-en-us-0.15"
STANDARD_URL = f"https://alphacephei.com/vosk/models/{STANDARD_MODEL}.zip"
STANDARD_SHA256 = "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"
STANDARD_SIZE = 41_205_931


class ModelError(RuntimeError):
    """A model that cannot be found, checked, installed or removed; the message says what to do."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    size_mb: float
    where: str  # which search place it was found in
    problem: str = ""  # empty when the folder is a usable model


def models_dir() -> Path:
    return user_data_dir() / "models"


def search_places() -> list[tuple[str, Path]]:
    """Where models are looked for, in order: VOSK_MODEL_PATH, the app's data folder, ~/.cache/vosk."""
    places = []
    env = os.environ.get("VOSK_MODEL_PATH")
    if env:
        places.append(("VOSK_MODEL_PATH", Path(env).expanduser()))
    places.append(("data folder", models_dir()))
    places.append(("~/.cache/vosk", Path.home() / ".cache" / "vosk"))
    return places


def check_model_dir(path: Path) -> str:
    """Empty if ``path`` looks like a complete Vosk model, else what is wrong and how to fix it."""
    if not path.exists():
        return f"{path} does not exist"
    if not path.is_dir():
        return f"{path} is a file, not a model folder (unzip it, or use `deescalate models install --from {path}`)"
    if not (path / "am" / "final.mdl").is_file():
        inner = [p for p in path.iterdir() if p.is_dir() and (p / "am" / "final.mdl").is_file()]
        if inner:
            return f"{path} holds a model one level down, in {inner[0].name}/: point at that folder"
        return f"{path} has no am/final.mdl: not a Vosk model, or not fully extracted"
    if not (path / "conf" / "mfcc.conf").is_file() and not (path / "conf" / "model.conf").is_file():
        return f"{path} has no conf/mfcc.conf or conf/model.conf: the model is incomplete"
    graph = path / "graph"
    if not (graph / "HCLG.fst").is_file() and not ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()):
        return f"{path} has no decoding graph (graph/HCLG.fst, or graph/HCLr.fst and Gr.fst): the model is incomplete"
    return ""


def supports_grammar(path: Path) -> bool:
    """Only models with a dynamic graph (HCLr + Gr) accept a phrase list at run time."""
    return (path / "graph" / "HCLr.fst").is_file() and (path / "graph" / "Gr.fst").is_file()


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def list_models() -> list[ModelInfo]:
    found: list[ModelInfo] = []
    seen: set[Path] = set()
    for where, place in search_places():
        if not place.is_dir():
            continue
        candidates = [place] if (place / "am").is_dir() else sorted(p for p in place.iterdir() if p.is_dir())
        for path in candidates:
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            found.append(ModelInfo(path.name, path, round(_size_mb(path), 1), where, check_model_dir(path)))
    return found


def find_model(name: str | None = None) -> Path | None:
    """The first usable model (by name if given), or None."""
    for info in list_models():
        if not info.problem and (name is None or info.name == name):
            return info.path
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_extract(archive: Path, target: Path) -> Path:
    """Extract a model zip into ``target``; refuse entries that would land outside it or are links."""
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise ModelError(f"{archive} is not a zip file (or is damaged): download it again") from None
    with zf:
        root = target.resolve()
        for info in zf.infolist():
            dest = (target / info.filename).resolve()
            if not dest.is_relative_to(root):
                raise ModelError(f"{archive}: entry '{info.filename}' would be written outside the models folder; refusing this archive")
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise ModelError(f"{archive}: entry '{info.filename}' is a symbolic link; refusing this archive")
        zf.extractall(target)
        tops = {Path(i.filename).parts[0] for i in zf.infolist() if i.filename.strip("/")}
    models = [target / t for t in tops if (target / t / "am" / "final.mdl").is_file()]
    if (target / "am" / "final.mdl").is_file():
        return target
    if len(models) != 1:
        raise ModelError(f"{archive} does not contain exactly one Vosk model folder")
    return models[0]


def install_from(source: Path, expected_sha256: str | None = None) -> Path:
    """Install a model from a local zip or folder into the data folder; returns its folder."""
    if not source.exists():
        raise ModelError(f"{source}: no such file or folder")
    destination_root = models_dir()
    destination_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        problem = check_model_dir(source)
        if problem:
            raise ModelError(problem)
        dest = destination_root / source.name
        if dest.exists():
            raise ModelError(f"{dest} already exists: `deescalate models remove {source.name}` first")
        shutil.copytree(source, dest)
        return dest
    if expected_sha256 and sha256_of(source) != expected_sha256:
        raise ModelError(f"{source}: checksum does not match the published one; the download is damaged or not the standard model")
    with tempfile.TemporaryDirectory(dir=destination_root) as tmp:
        model = safe_extract(source, Path(tmp))
        problem = check_model_dir(model)
        if problem:
            raise ModelError(problem)
        name = model.name if model != Path(tmp) else source.stem
        dest = destination_root / name
        if dest.exists():
            raise ModelError(f"{dest} already exists: `deescalate models remove {name}` first")
        shutil.move(str(model), dest)
    return dest


def download(url: str, dest: Path, expected_size: int | None, progress: Callable[[int, int | None], None]) -> None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response, dest.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or expected_size
            done = 0
            while True:
                block = response.read(1 << 16)
                if not block:
                    break
                out.write(block)
                done += len(block)
                progress(done, total)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ModelError(
            f"cannot download {url} ({getattr(exc, 'reason', exc)}). Offline? Download {STANDARD_MODEL}.zip on another machine "
            f"and run `deescalate models install --from PATH/{STANDARD_MODEL}.zip`"
        ) from None


def install_standard(progress: Callable[[int, int | None], None] | None = None) -> Path:
    """Download the standard small English model, check its SHA-256, and install it."""
    existing = find_model(STANDARD_MODEL)
    if existing:
        return existing
    models_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir()) as tmp:
        archive = Path(tmp) / f"{STANDARD_MODEL}.zip"
        download(STANDARD_URL, archive, STANDARD_SIZE, progress or progress_bar)
        return install_from(archive, STANDARD_SHA256)


def remove(name: str) -> Path:
    """Remove an installed model from the data folder (never from other places)."""
    path = models_dir() / name
    if not path.is_dir() or name in ("", ".", "..") or "/" in name or "\\" in name:
        installed = ", ".join(sorted(p.name for p in models_dir().glob("*") if p.is_dir())) or "none"
        raise ModelError(f"no installed model '{name}' in {models_dir()} (installed: {installed})")
    shutil.rmtree(path)
    return path


def progress_bar(done: int, total: int | None) -> None:
    if total:
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done / 1e6:5.1f}/{total / 1e6:.1f} MB")
    else:
        sys.stderr.write(f"\r{done / 1e6:5.1f} MB")
    if total and done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
