"""The labelled data set and the shipped model: well-formed, split cleanly, and in step with each other."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter

import pytest

from devtools.bench_understanding import evaluate
from devtools.train_understanding import DATA, load_split, training_splits
from simulator.understanding.model import MODEL_PATH, ModelReader
from simulator.vocabulary import TECHNIQUES, primary_of


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


@pytest.fixture(scope="module")
def train_rows():
    return [r for name in training_splits() for r in load_split(name)]


@pytest.fixture(scope="module")
def dev_rows():
    return load_split("dev")


def test_the_data_set_is_large_and_balanced(train_rows, dev_rows):
    """At least 1,200 utterances, at least 40 per technique, about half in recogniser style."""
    rows = train_rows + dev_rows
    assert len(rows) >= 1200
    counts = Counter(r["primary"] for r in rows)
    assert set(counts) == set(TECHNIQUES) and min(counts.values()) >= 40
    recogniser = sum(r["style"] == "recognizer" for r in rows) / len(rows)
    assert 0.45 <= recogniser <= 0.55


def test_every_label_follows_the_primary_convention(train_rows, dev_rows):
    """Each row lists valid ids, its primary first, and the primary is the convention's choice."""
    for r in train_rows + dev_rows:
        assert set(r["techniques"]) <= set(TECHNIQUES), r
        assert r["techniques"][0] == r["primary"] == primary_of(r["techniques"]), r


def test_train_and_dev_never_mix(train_rows, dev_rows):
    """No dev utterance (ignoring case and punctuation) is in any training file."""
    train = {_key(r["text"]) for r in train_rows}
    assert not [r["text"] for r in dev_rows if _key(r["text"]) in train]


def test_the_shipped_model_was_trained_on_the_current_data():
    """Editing the data without rebuilding the model is caught: `deescalate train understanding`."""
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    digest = hashlib.sha256(b"".join((DATA / f"{n}.jsonl").read_bytes() for n in training_splits())).hexdigest()
    assert model["trained_on"]["sha256"] == digest
    assert model["labels"] == list(TECHNIQUES)


def test_dev_accuracy_floor(dev_rows):
    """The trained reader on the dev split: primary accuracy ≥ 0.92 and polarity ≥ 0.98 (measured 0.947 / 0.987)."""
    result = evaluate(dev_rows, ModelReader().read)
    assert result["accuracy"] >= 0.92
    assert result["polarity_accuracy"] >= 0.98


def test_the_model_is_read_value_by_value_to_exactly_what_json_reads():
    """The shipped model parsed in steps is the same object as one json.loads, and a broken file is a ValueError
    (shown as ModelMissing with the path), never a half-read model."""
    import gzip
    import json

    from simulator.understanding.model import MODEL_PATH, parse_in_steps

    text = gzip.decompress(MODEL_PATH.read_bytes()).decode("utf-8")
    assert parse_in_steps(text) == json.loads(text)
    for broken in ('{"weights": {"a": [1, 2]', '{"weights" [1]}', "[1, 2]", '{"a": 1} trailing'):
        with pytest.raises(ValueError):
            parse_in_steps(broken)


def test_reading_the_model_lets_another_thread_run_meanwhile():
    """One json.loads of the model held the interpreter lock for 0.2-0.6 s, and the app's GUI thread waited for it
    at the first session. Parsed value by value, a thread beside it keeps getting the lock: it runs many times
    during the parse, not once before and once after."""
    import gzip
    import threading
    import time

    from simulator.understanding.model import MODEL_PATH, parse_in_steps

    text = gzip.decompress(MODEL_PATH.read_bytes()).decode("utf-8")
    ran: list[float] = []
    parsing = threading.Event()
    done = threading.Event()

    def beside() -> None:
        while not done.is_set():
            if parsing.is_set():
                ran.append(time.perf_counter())
            time.sleep(0.001)

    worker = threading.Thread(target=beside)
    worker.start()
    try:
        parsing.set()
        parse_in_steps(text)
    finally:
        done.set()
        worker.join()
    assert len(ran) >= 10, f"the other thread ran {len(ran)} times while the model was parsed"
