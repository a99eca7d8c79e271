import unicodedata

from toasoan.vietnamese.search import (
    PAIR,
    highlight,
    index_article,
    parse_query,
    snippet,
)


def test_two_forms_with_syllable_pairs_per_field():
    doc = index_article("Hội nghị giao ban 2025", "Sapo", "Thân bài")
    assert doc.title.split() == [
        "hội", "nghị", "giao", "ban", "2025", f"hội{PAIR}nghị", f"nghị{PAIR}giao", f"giao{PAIR}ban", f"ban{PAIR}2025",
        "hoi", "nghi", f"hoi{PAIR}nghi", f"nghi{PAIR}giao",  # folded forms that differ, only
    ]  # fmt: skip
    assert doc.sapo.split() == ["sapo"] and doc.body.split()[-1] == f"than{PAIR}bai"
    # The headline's phrase keys leave numbers out and keep the space around each syllable.
    assert (
        doc.title_marked == " hội nghị giao ban "
        and doc.title_folded == " hoi nghi giao ban "
    )
    assert parse_query("nghi giao").phrase_folded in doc.title_folded


def test_tone_styles_nfd_and_i_y_are_equivalent():
    same = [
        parse_query(q)
        for q in (
            "Thanh Hóa",
            "Thanh Hoá",
            unicodedata.normalize("NFD", "Thanh Hóa"),
            "THANH HOÁ",
        )
    ]
    assert all(q.marked == same[0].marked and q.folded == same[0].folded for q in same)
    assert parse_query("kỹ thuật").marked == parse_query("kĩ thuật").marked
    assert parse_query("lý do").folded == parse_query("lí do").folded
    assert parse_query("quý").marked == parse_query("quí").marked


def test_unaccented_query_has_no_marked_form():
    q = parse_query("thanh hoa sap nhap xa")
    assert not q.has_marks and q.folded == ["thanh", "hoa", "sap", "nhap", "xa"]
    assert parse_query("  ,,, ").empty


def test_highlight_marks_words_in_their_original_spelling_and_escapes():
    snippet = highlight("<b>Tỉnh</b> Thanh Hoá sáp nhập xã", parse_query("thanh hoa"))
    assert "<mark>Thanh</mark> <mark>Hóa</mark>" in snippet
    assert "&lt;b&gt;Tỉnh&lt;/b&gt;" in snippet


def test_snippet_is_cut_around_the_phrase_not_the_first_lone_word():
    text = (
        "Xã hội học tập phát triển. "
        + "Nội dung khác. " * 30
        + "Sáng nay hội nghị tổng kết được tổ chức."
    )
    snippet = highlight(text, parse_query("hoi nghi"), width=120)
    assert "<mark>hội</mark> <mark>nghị</mark>" in snippet and snippet.startswith("…")


def test_without_the_phrase_the_snippet_anchors_where_most_query_words_are():
    text = (
        "Thủ tướng Phạm Minh Chính chủ trì phiên họp. "
        + "Nội dung khác. " * 30
        + "Tỉnh sắp xếp các đơn vị hành chính cấp xã theo nghị quyết."
    )
    snippet = highlight(text, parse_query("sap xep don vi hanh chinh"), width=120)
    assert snippet.startswith("…") and "<mark>sắp</mark> <mark>xếp</mark>" in snippet
    assert "Phạm Minh" not in snippet


def test_snippet_prefers_the_text_holding_more_query_words():
    query = parse_query("sap xep don vi hanh chinh")
    sapo = "Thủ tướng Phạm Minh Chính chủ trì phiên họp."
    body = "Tỉnh sắp xếp các đơn vị hành chính cấp xã."
    assert "<mark>sắp</mark>" in snippet([sapo, body], query)
    assert snippet([sapo, "Không có từ nào."], query).count("<mark>") == 1
