from toasoan.comments import text


def test_render_body_escapes_keeps_lines_and_marks_links_ugc():
    html = text.render_body(
        '<script>alert("x")</script>\ndòng hai\n\nxem https://vi.wikipedia.org/wiki/Thanh_Hóa.'
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "dòng hai" in html and "<br>" in html and html.count("<p>") == 2
    assert 'href="https://vi.wikipedia.org/wiki/Thanh_Hóa"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_attribute_injection_through_a_link_is_inert():
    html = text.render_body('http://x.vn/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html


def test_word_lists_match_with_and_without_marks():
    entries = text.word_list("đồ ngu\nlừa đảo\n")
    assert text.find_words("Đồ NGU như thế", entries) == ["đồ ngu"]
    assert text.find_words("do ngu nhu the", entries) == [
        "đồ ngu"
    ]  # typed without marks
    assert text.find_words("đỗ ngũ", entries) == []  # other words that fold the same
    assert text.find_words("trang lua dao", entries) == ["lừa đảo"]
    assert text.find_words("ngu ngơ", text.word_list("ngu")) == ["ngu"]
    assert (
        text.find_words("Nguyễn", text.word_list("ngu")) == []
    )  # whole syllables only


def test_fingerprint_ignores_marks_case_and_spacing():
    assert text.fingerprint("Bài  viết HAY!") == text.fingerprint("bai viet hay")
    assert text.fingerprint("Bài viết hay") != text.fingerprint("Bài viết dở")


def test_salted_hash_is_stable_and_hides_the_value():
    assert text.salted_hash("203.0.113.5") == text.salted_hash("203.0.113.5")
    assert text.salted_hash("203.0.113.5") != text.salted_hash("203.0.113.6")
    assert "203" not in text.salted_hash("203.0.113.5")


def test_html_detection():
    assert text.looks_like_html("<b>đậm</b>")
    assert text.looks_like_html('<img src=x onerror="alert(1)">')
    assert not text.looks_like_html("giá 1 < 2 và 3 > 2")
    assert text.count_links("xem www.abc.com và http://x.vn, site.vn") == 3
