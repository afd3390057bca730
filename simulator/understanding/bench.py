"""``deescalate bench understanding``: how well and how fast turns are read, on the dev split only."""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from typing import Any

from simulator.understanding.corrupt import corrupt
from simulator.vocabulary import TECHNIQUES, polarity


def evaluate(rows: list[dict[str, Any]], read) -> dict[str, Any]:
    """Accuracy, macro-F1, per-technique precision/recall, polarity accuracy, confusions, timing."""
    predicted, times = [], []
    for row in rows:
        start = time.perf_counter()
        reading = read(row["text"])
        times.append(time.perf_counter() - start)
        predicted.append(reading.primary)
    gold = [r["primary"] for r in rows]
    correct = sum(p == g for p, g in zip(predicted, gold, strict=True))
    per: dict[str, dict[str, float]] = {}
    for t in TECHNIQUES:
        tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p == g == t)
        fp = sum(1 for p, g in zip(predicted, gold, strict=True) if p == t != g)
        fn = sum(1 for p, g in zip(predicted, gold, strict=True) if g == t != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[t] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    confusions = Counter((g, p) for p, g in zip(predicted, gold, strict=True) if p != g)
    times.sort()
    return {
        "n": len(rows),
        "accuracy": correct / len(rows),
        "macro_f1": statistics.fmean(v["f1"] for v in per.values() if v["support"]),
        "polarity_accuracy": sum(polarity(p) == polarity(g) for p, g in zip(predicted, gold, strict=True)) / len(rows),
        "per_technique": per,
        "confused": confusions.most_common(10),
        "p50_ms": 1000 * times[len(times) // 2],
        "p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.99))],
    }


def run(print_=print) -> dict[str, Any]:
    from simulator.understanding import model as model_module
    from simulator.understanding.train import load_split

    model_module._load.cache_clear()
    start = time.perf_counter()
    reader = model_module.ModelReader()
    load_s = time.perf_counter() - start
    rows = load_split("dev")
    clean = evaluate(rows, reader.read)
    rng = random.Random(2024)
    noisy_rows = [{**r, "text": corrupt(r["text"], rng, rate=0.15)} for r in rows]
    noisy = evaluate(noisy_rows, reader.read)
    recog = [r for r in rows if r["style"] == "recognizer"]
    typed = [r for r in rows if r["style"] == "typed"]
    by_style = {"typed": evaluate(typed, reader.read)["accuracy"], "recognizer": evaluate(recog, reader.read)["accuracy"]}
    print_(f"understanding benchmark — dev split ({clean['n']} utterances, never trained on)")
    print_(f"  load time:                {load_s * 1000:.0f} ms")
    print_(f"  primary accuracy:         {clean['accuracy']:.3f}   (typed {by_style['typed']:.3f}, recogniser style {by_style['recognizer']:.3f})")
    print_(f"  macro-F1:                 {clean['macro_f1']:.3f}")
    print_(f"  polarity accuracy:        {clean['polarity_accuracy']:.3f}")
    print_(f"  time per utterance:       p50 {clean['p50_ms']:.2f} ms, p99 {clean['p99_ms']:.2f} ms")
    print_(f"  after recogniser-like corruption (15% of words dropped/misheard/merged): accuracy {noisy['accuracy']:.3f}, polarity {noisy['polarity_accuracy']:.3f}")
    print_("  per technique:            precision  recall  support")
    for t, v in clean["per_technique"].items():
        print_(f"    {t:22} {v['precision']:9.2f} {v['recall']:7.2f} {v['support']:8d}")
    print_("  most confused (gold -> read as, count):")
    for (g, p), c in clean["confused"]:
        print_(f"    {g} -> {p}: {c}")
    return {"load_ms": load_s * 1000, "clean": clean, "noisy": noisy, "by_style": by_style}
