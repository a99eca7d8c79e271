"""Training a small model end to end and checking it is a proper distribution."""

import json

import numpy as np
import pytest

from toasoan.vietnamese import lm

SENTENCES = [
    "Tỉnh Thanh Hóa tổ chức hội nghị giao ban trực tuyến.",
    "Hội nghị giao ban trực tuyến của tỉnh Thanh Hóa diễn ra sáng nay.",
    "Người dân Thanh Hóa rất hiếu khách.",
    "Thủ tướng Chính phủ dự hội nghị.",
    "Thanh Hoá có 166 xã, phường.",
] * 4


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    d = tmp_path_factory.mktemp("lm")
    corpus = d / "c.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"title": s, "sapo": None, "body": s}, ensure_ascii=False)
            for s in SENTENCES
        )
    )
    stats = lm.train(
        [str(corpus)],
        d / "m.npz",
        order=3,
        min_vocab_count=1,
        min_counts=[1, 1, 1],
        workers=1,
        progress=False,
    )
    assert stats["tokens"] > 100 and stats["3-gram"] > 0
    return lm.NgramModel.load(d / "m.npz")


def test_normalizes_before_counting(model):
    """ "Thanh Hoá" and "Thanh Hóa" count as one syllable."""
    assert "hóa" in model.index and "hoá" not in model.index


def test_probabilities_sum_to_one(model):
    ctx = [model.id("thanh")]
    vocab = np.arange(len(model.vocab), dtype=np.int64)
    hist = np.tile(np.array([ctx[-1:] * 1], np.int64).reshape(1, -1), (len(vocab), 1))
    hist = np.concatenate([np.full((len(vocab), 1), model.id("tỉnh")), hist], axis=1)
    total = float((10 ** model.logprob(hist, vocab).astype(np.float64)).sum())
    # <s> is never predicted, and 8-bit quantization costs a little.
    assert 0.9 < total < 1.1


def test_seen_sequences_beat_scrambled(model):
    assert model.sequence_logprob("hội nghị giao ban".split()) > model.sequence_logprob(
        "giao hội ban nghị".split()
    )


def test_unreadable_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="cannot read language model"):
        lm.NgramModel.load(bad)


def test_lexicon_keeps_only_words_nearly_always_marked():
    from collections import Counter

    others = Counter(
        {"hđxx": 500, "hdxx": 10, "ôtô": 40, "oto": 30, "iphone": 900, "đắk": 300}
    )
    assert lm.build_lexicon(others) == {"hdxx": "hđxx", "dak": "đắk"}


def _ids(vocab: list[str], text: str) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    return np.asarray([index[w] for w in text.split()], np.int32)


def test_cleaning_corrects_a_typo_its_context_rejects_and_keeps_real_alternatives():
    vocab = (
        list(lm.SPECIALS)
        + (
            "phó thủ tướng tưởng chính phủ thăm tư tượng đài ông cường cương nói"
        ).split()
    )
    right = "<s> phó thủ tướng chính phủ thăm </s> "
    typo = "<s> phó thủ tưởng chính phủ thăm </s> "
    other = "<s> tư tưởng chính phủ </s> "  # another context: stays
    names = "<s> ông cường nói </s> " * 30 + "<s> ông cương nói </s> "
    text = right * 40 + typo * 2 + other * 3 + names
    ids, report = lm.clean_typos(_ids(vocab, text), vocab)
    cleaned = " ".join(vocab[i] for i in ids)
    assert "thủ tưởng" not in cleaned and cleaned.count("thủ tướng") == 42
    assert cleaned.count("tư tưởng") == 3
    # A rarer name after "ông" is a name, not a typo.
    assert cleaned.count("ông cương nói") == 1
    assert report[("tưởng", "tướng")] == 2 and ("cương", "cường") not in report
