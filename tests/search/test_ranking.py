import datetime as dt

from toasoan.search.ranking import Candidate, rerank

NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def cand(pk, score, tier=1, title=" x ", marked=None, days=None):
    published = NOW - dt.timedelta(days=days) if days is not None else None
    return Candidate(pk, score, tier, marked or title, title, published)


def ids(cands, **kwargs):
    return [c.article_id for c in rerank(cands, now=NOW, **kwargs)]


def test_tier_one_always_before_tier_two():
    assert ids([cand(1, 100.0, tier=2), cand(2, 0.1)], phrase_folded=" a ") == [2, 1]


def test_phrase_in_headline_beats_a_better_database_score():
    found = [cand(1, 10.0, title=" a c b "), cand(2, 6.0, title=" c a b ")]
    assert ids(found, phrase_folded=" a b ") == [2, 1]


def test_shorter_headline_with_the_phrase_first_then_exact_marks():
    long = cand(1, 5.0, title=" ma tuy o muong lat bat giu doi tuong ")
    short = cand(2, 5.0, title=" bat ma tuy ")
    assert ids([long, short], phrase_folded=" ma tuy ") == [2, 1]
    marked = cand(
        3,
        5.0,
        title=" ma tuy o muong lat bat giu doi tuong ",
        marked=" ma túy ở mường lát bắt giữ đối tượng ",
    )
    assert ids([long, marked], phrase_folded=" ma tuy ", phrase_marked=" ma túy ") == [
        3,
        1,
    ]


def test_recency_is_a_mild_boost():
    old, new = cand(1, 10.0, days=3650), cand(2, 9.5, days=0)
    assert ids([old, new], phrase_folded=" z ") == [2, 1]  # 5% apart: today's wins
    assert ids(
        [cand(1, 10.0, days=3650), cand(2, 8.0, days=0)], phrase_folded=" z "
    ) == [1, 2]  # 20%: not


def test_a_query_typed_with_marks_gives_no_phrase_bonus_to_other_marks():
    """ "Đảng" typed with its marks: "Đang làm rõ…" holds the same letters only, so the
    database's word decides between it and an article about the Party (issue 14)."""
    dang = cand(1, 9.0, title=" dang lam ro noi dung ", marked=" đang làm rõ nội dung ")
    party = cand(
        2,
        10.0,
        title=" nganh tu phap don huan chuong ",
        marked=" ngành tư pháp đón huân chương ",
    )
    headline = cand(
        3, 3.0, title=" hoi nghi xay dung dang ", marked=" hội nghị xây dựng đảng "
    )
    typed = ids(
        [dang, party, headline],
        phrase_folded=" dang ",
        phrase_marked=" đảng ",
        marks_typed=True,
    )
    assert typed == [3, 2, 1]
    # Typed without marks, "dang" is every reading: the headline phrase counts again.
    plain = ids([dang, party], phrase_folded=" dang ", phrase_marked=" đang ")
    assert plain == [1, 2]


def test_results_holding_the_typed_marks_come_before_the_other_readings_in_any_tier():
    """ "Đảng" on the demo paper: a headline with "đọ dáng" (tier 1, same letters) came
    above an article naming the Party in its body (tier 2). Typed with marks, every
    result holding them comes first, whatever its tier and score."""
    from dataclasses import replace

    dang = replace(cand(1, 9.0, title=" do dang xuat sac "), marks=False)
    body = replace(cand(2, 1.0, title=" tuyen metro so 1 ", tier=2), marks=True)
    head = cand(3, 5.0, title=" xay dung dang ", marked=" xây dựng đảng ")
    typed = ids(
        [dang, body, head],
        phrase_folded=" dang ",
        phrase_marked=" đảng ",
        marks_typed=True,
    )
    assert typed == [3, 2, 1]
