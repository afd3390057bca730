"""Rebuild the understanding model from the labelled training split.

    python -m devtools.train_understanding      # writes data/model.json.gz

Training needs numpy (a development dependency); reading does not. The dev
split is never used here: it only measures (``deescalate bench understanding``).
Each training utterance is also seen in recogniser shape (lower case, no
punctuation) and with recogniser-like damage, so the model does not learn to
lean on punctuation or on perfectly heard words.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

from simulator.understanding.corrupt import corrupt
from simulator.understanding.features import features
from simulator.understanding.model import MODEL_PATH
from simulator.understanding.rules import RuleReader
from simulator.vocabulary import TECHNIQUES, polarity

POLARITIES = ("supportive", "escalating", "neutral")

DATA = Path(__file__).resolve().parents[1] / "simulator" / "understanding" / "data"
MIN_COUNT = 2
ITERATIONS = 400
L2 = 3e-4
LEARNING_RATE = 0.05
PRUNE = 0.02
# The v2 rows are composed from templates (compose_v2.py): many near-duplicates, so each counts for less than a
# hand-written row, which keeps their repeated words from pulling general turns their way.
V2_WEIGHT = 1.0


def load_split(name: str) -> list[dict]:
    path = DATA / f"{name}.jsonl"
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    return rows


def augmented(rows: list[dict], seed: int = 7) -> list[tuple[str, str, list[str], float]]:
    """Each row as written, in recogniser shape, and damaged; with its sample weight (templated v2 rows count less)."""
    rng = random.Random(seed)
    out = []
    for r in rows:
        weight = V2_WEIGHT if "v2" in r.get("tags", ()) else 1.0
        out.append((r["text"], r["primary"], r["techniques"], weight))
        if r["style"] == "typed":
            out.append((corrupt(r["text"], rng, rate=0.0), r["primary"], r["techniques"], weight))
        out.append((corrupt(r["text"], rng, rate=0.2), r["primary"], r["techniques"], weight))
    return out


def train(rows: list[dict]) -> dict:
    import numpy as np

    rules = RuleReader()
    samples = augmented(rows)
    print(f"  features of {len(samples)} samples...", file=sys.stderr, flush=True)
    feats = [features(text, [h for h in rules.read(text).techniques if h.id != "other"]) for text, _, _, _ in samples]
    counts: dict[str, int] = {}
    for f in feats:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    vocab = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}
    labels = list(TECHNIQUES)
    index = {t: i for i, t in enumerate(labels)}
    polarity_of = np.array([POLARITIES.index(polarity(t)) for t in labels])
    n, d, k = len(samples), len(vocab), len(labels)
    heads = 2 * k + len(POLARITIES)
    indptr, indices, data = [0], [], []
    for f in feats:
        for name, value in f.items():
            if name in vocab:
                indices.append(vocab[name])
                data.append(value)
        indptr.append(len(indices))
    indices_a = np.array(indices)
    data_a = np.array(data, dtype=np.float32)
    row_starts = np.array(indptr[:-1])
    rows_of = np.repeat(np.arange(n), np.diff(indptr))
    by_column = np.argsort(indices_a, kind="stable")  # nonzeros grouped by feature, for the gradient
    columns_sorted = indices_a[by_column]
    column_starts = np.flatnonzero(np.r_[True, columns_sorted[1:] != columns_sorted[:-1]])
    present_columns = columns_sorted[column_starts]
    y_primary = np.zeros((n, k), dtype=np.float32)
    y_multi = np.zeros((n, k), dtype=np.float32)
    y_polarity = np.zeros((n, len(POLARITIES)), dtype=np.float32)
    sample_weight = np.array([s[3] for s in samples], dtype=np.float32)
    for i, (_, primary, techniques, _) in enumerate(samples):
        y_primary[i, index[primary]] = 1
        y_polarity[i, polarity_of[index[primary]]] = 1
        for t in techniques:
            y_multi[i, index[t]] = 1

    # One head at a time with bincount: the same sums as a sparse matrix product, without an nnz-by-heads temporary
    # (which made training take the better part of an hour on a shared two-core machine).
    del by_column, columns_sorted, column_starts, present_columns, row_starts
    y_all = np.concatenate([y_primary, y_multi, y_polarity], axis=1).T.copy()  # heads x n
    scale = np.r_[np.ones(k), np.full(k, 0.5), np.ones(len(POLARITIES))].astype(np.float32)
    w_t = np.zeros((heads, d), dtype=np.float32)
    b = np.zeros(heads, dtype=np.float32)
    m_w, v_w = np.zeros_like(w_t), np.zeros_like(w_t)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    for step in range(1, ITERATIONS + 1):
        scores = np.empty((heads, n), dtype=np.float32)
        for h in range(heads):
            scores[h] = np.bincount(rows_of, weights=data_a * w_t[h, indices_a], minlength=n)
        scores += b[:, None]
        p = _softmax_rows(np, scores[:k])
        q = 1 / (1 + np.exp(-np.clip(scores[k : 2 * k], -30, 30)))
        r = _softmax_rows(np, scores[2 * k :])
        err = (np.concatenate([p, q, r], axis=0) - y_all) * scale[:, None] * sample_weight[None, :] / n
        grad_w = L2 * w_t
        for h in range(heads):
            grad_w[h] += np.bincount(indices_a, weights=data_a * err[h, rows_of], minlength=d).astype(np.float32)
        grad_b = err.sum(axis=1)
        for g, m, v, param in ((grad_w, m_w, v_w, w_t), (grad_b, m_b, v_b, b)):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            param -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        if step % 50 == 0:
            print(f"  step {step}/{ITERATIONS}", file=sys.stderr, flush=True)
    w = w_t.T
    names = sorted(vocab, key=vocab.get)
    weights = {}
    for name in names:
        row = w[vocab[name]]
        if np.abs(row).max() >= PRUNE:  # tiny weights change no decision but cost load time
            weights[name] = [round(float(x), 3) if abs(x) >= PRUNE else 0 for x in row]
    digest = hashlib.sha256(b"".join((DATA / f"{n}.jsonl").read_bytes() for n in training_splits())).hexdigest()
    return {"version": 2, "labels": labels, "polarities": list(POLARITIES), "bias": [round(float(x), 4) for x in b], "weights": weights,
            "trained_on": {"files": [f"{n}.jsonl" for n in training_splits()], "sha256": digest, "utterances": len(rows)},
            "settings": {"v2_weight": V2_WEIGHT, "min_count": MIN_COUNT, "iterations": ITERATIONS, "l2": L2, "learning_rate": LEARNING_RATE, "prune": PRUNE}}


def _softmax_rows(np, x):
    """Softmax over the classes of a classes-by-samples block."""
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def training_splits() -> list[str]:
    """Every training file (train*.jsonl), written by different authors; never dev."""
    return sorted(p.stem for p in DATA.glob("train*.jsonl"))


def training_rows() -> list[dict]:
    return [row for name in training_splits() for row in load_split(name)]


def main() -> int:
    rows = training_rows()
    model = train(rows)
    with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, separators=(",", ":"))
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB, {len(model['weights'])} features, {len(rows)} utterances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
