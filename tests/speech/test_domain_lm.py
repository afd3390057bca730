"""The officer language model: a scenario's lines laid over one shared corpus model give the same model as
building both together, without a copy of the corpus per recogniser."""

from __future__ import annotations

import random

import pytest

from simulator.catalog import find
from simulator.speech.corpus import corpus_sentences, phrase_sentences
from simulator.speech.domain_lm import DomainLM, corpus_lm, officer_lm

CORPUS = ["can you tell me what happened", "i am here to help you", "can you tell me your name", "take your time"]
EXTRA = ["can you tell me about karen", "i am here to listen", "karen called us tonight"]


def _trigrams(sentences: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for s in sentences:
        w = ["<s>", "<s>", *s.split(), "</s>"]
        out += [(w[i - 2], w[i - 1], w[i]) for i in range(2, len(w))]
    return out


def _probes(sentences: list[str], rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    seen = _trigrams(sentences)
    words = sorted({w for t in seen for w in t})
    unseen = [(rng.choice(words), rng.choice(words), rng.choice(words)) for _ in range(n)]
    return rng.sample(seen, min(n, len(seen))) + unseen + [("never", "heard", "of")]


def test_a_layer_over_a_base_is_the_model_of_both_together():
    whole, layered = DomainLM(CORPUS + EXTRA), DomainLM(EXTRA, base=DomainLM(CORPUS))
    for a, b, c in _probes(CORPUS + EXTRA, random.Random(1), 200):
        assert layered.prob(a, b, c) == pytest.approx(whole.prob(a, b, c), rel=1e-12), (a, b, c)
    assert layered.word_count("karen") == whole.word_count("karen") == 2 and layered.word_count("can") == 3
    assert layered.score("can you tell me about karen".split()) == pytest.approx(whole.score("can you tell me about karen".split()))


def test_on_the_real_corpus_a_scenarios_model_equals_the_one_built_whole(tmp_path):
    phrases = [c.text for ph in find("bridge_suicidal").phases.values() for c in ph.choices]
    layered = officer_lm(phrases, cache=tmp_path)
    whole = DomainLM(corpus_sentences(phrases))
    rng = random.Random(2)
    for a, b, c in _probes(phrase_sentences(phrases), rng, 300) + rng.sample(_trigrams(corpus_sentences()), 300):
        assert layered.prob(a, b, c) == pytest.approx(whole.prob(a, b, c), rel=1e-9), (a, b, c)


def test_every_scenarios_model_shares_the_one_corpus_model(tmp_path):
    models = [officer_lm([c.text for ph in find(sid).phases.values() for c in ph.choices], cache=tmp_path)
              for sid in ("bridge_suicidal", "dementia_lost", "veteran_ptsd")]
    assert all(m.base is corpus_lm(tmp_path) for m in models)
    assert all(len(m.c3) < len(m.base.c3) / 10 for m in models)  # a layer is the scenario's lines, not the corpus again
    assert officer_lm([], cache=tmp_path) is corpus_lm(tmp_path)


def test_the_corpus_model_is_read_back_from_its_cache_file(tmp_path):
    from simulator.speech import domain_lm

    domain_lm._CORPUS_LMS.clear()  # as at a process's start
    first = corpus_lm(tmp_path)
    assert list(tmp_path.glob("*.pickle"))
    domain_lm._CORPUS_LMS.clear()  # a new process
    again = corpus_lm(tmp_path)
    assert again is not first and again.c3 == first.c3 and again.total == first.total


def test_a_layer_goes_over_a_whole_model_only():
    with pytest.raises(ValueError, match="whole model"):
        DomainLM(EXTRA, base=DomainLM(EXTRA, base=DomainLM(CORPUS)))


def test_the_cache_file_is_read_in_small_pieces_so_no_single_load_holds_the_interpreter(tmp_path):
    """One pickle of the whole model was one C call of ~230 ms under the interpreter lock: the window froze."""
    import pickle

    from simulator.speech import domain_lm

    domain_lm._CORPUS_LMS.clear()
    corpus_lm(tmp_path)
    (path,) = tmp_path.glob("*.pickle")
    sizes = []
    with path.open("rb") as fh:
        assert pickle.load(fh)["format"] == "officer-lm pieces"
        while (piece := pickle.load(fh)) is not None:
            sizes.append(len(piece[1]))
    assert len(sizes) > 20 and max(sizes) <= domain_lm.CHUNK


def test_a_damaged_cache_file_is_rebuilt_not_a_crash(tmp_path):
    from simulator.speech import domain_lm

    domain_lm._CORPUS_LMS.clear()
    good = corpus_lm(tmp_path)
    (path,) = tmp_path.glob("*.pickle")
    path.write_bytes(path.read_bytes()[:5000])  # cut short, as by a full disk
    domain_lm._CORPUS_LMS.clear()
    again = corpus_lm(tmp_path)
    assert again.c3 == good.c3 and len(path.read_bytes()) > 5000


def test_a_new_corpus_model_replaces_the_old_versions_cache_files(tmp_path):
    from simulator.speech import domain_lm

    stale = tmp_path / "0123456789abcdef.pickle"
    stale.write_bytes(b"an earlier corpus")
    domain_lm._CORPUS_LMS.clear()
    corpus_lm(tmp_path)
    assert not stale.exists() and len(list(tmp_path.glob("*.pickle"))) == 1
