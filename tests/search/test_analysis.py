import unicodedata

from toasoan.vietnamese.search import PAIR, highlight, index_forms, parse_query


def test_two_forms_with_syllable_pairs():
    marked, folded = index_forms("Hội nghị giao ban")
    assert marked.split() == ["hội", "nghị", "giao", "ban", f"hội{PAIR}nghị", f"nghị{PAIR}giao", f"giao{PAIR}ban"]
    assert folded.split()[:4] == ["hoi", "nghi", "giao", "ban"]


def test_tone_styles_nfd_and_i_y_are_equivalent():
    same = [parse_query(q) for q in ("Thanh Hóa", "Thanh Hoá", unicodedata.normalize("NFD", "Thanh Hóa"), "THANH HOÁ")]
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
