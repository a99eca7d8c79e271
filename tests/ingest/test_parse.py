import pytest

from toasoan.ingest.parse import ParseError, parse_crawled_text


@pytest.fixture
def parsed(seed_text):
    return parse_crawled_text(seed_text)


def test_seed_title_sapo_and_source_tag(parsed):
    assert parsed.title == "Hội nghị giao ban trực tuyến công tác tổ chức xây dựng Đảng"
    assert parsed.source_tag == "(Baothanhhoa.vn)"
    assert parsed.sapo.startswith("Chiều 30-9, Ban Tổ chức Trung ương")
    assert parsed.byline == "Minh Hiếu"
    assert parsed.localities == ["TP.Thanh Hóa"]


def test_seed_figures_are_captioned_in_place(parsed):
    kinds = [kind for kind, _ in parsed.blocks]
    assert kinds[:3] == ["figure", "figure", "paragraph"]
    assert kinds.count("figure") == 2
    assert all(kind == "paragraph" for kind in kinds[2:])


def test_every_dropped_line_has_a_reason(parsed):
    reasons = {d.text: d.reason for d in parsed.dropped}
    assert "lặp lại" in reasons[parsed.sapo]
    assert reasons["Minh Hiếu"] == "tên tác giả lặp lại"
    assert "mẫu khung bình luận" in reasons["{name} - {time}"]
    assert "mẫu khung bình luận" in reasons["{body}"]
    assert "khung bình luận" in reasons["Trả lời"]
    assert "số bình luận" in reasons["0 bình luận"]
    for chrome in (
        "Thời tiết",
        "Địa phương",
        "Xem thêm TP.Thanh Hóa",
        "Chia sẻ thông tin với bạn bè!",
        "Tắt [X]",
    ):
        assert chrome in reasons, chrome
    assert all(d.reason for d in parsed.dropped)
    kept = {text for _, text in parsed.blocks}
    assert not kept & set(reasons) - {parsed.title}


def test_text_is_nfc_normalized():
    decomposed = "Ti\u00ea\u0300u \u0111\u00ea\u0300 thu\u0309y\n\nD\u00f2ng mo\u031b\u0309 \u0111\u00e2\u0300u rất dài cho bài viết thử nghiệm này nhé.\n\nĐoạn nội dung thứ nhất của bài viết, đủ dài để là một đoạn văn thật sự trong bài."
    parsed = parse_crawled_text(decomposed)
    assert parsed.title == "Tiều đề thủy"
    assert "mở đầu" in parsed.sapo


def test_legacy_tcvn3_page_is_converted():
    tcvn3 = "Héi nghÞ tØnh Thanh Ho¸\n\nSapo cña bµi viÕt nµy nãi vÒ héi nghÞ giao ban trùc tuyÕn.\n\nNéi dung chÝnh cña bµi viÕt ®­îc viÕt b»ng ph«ng ch÷ cò TCVN3 cña nh÷ng n¨m 2000."
    parsed = parse_crawled_text(tcvn3)
    assert parsed.encoding == "tcvn3"
    assert parsed.title == "Hội nghị tỉnh Thanh Hoá".replace("oá", "óa")
    assert "được viết bằng phông chữ cũ" in parsed.blocks[0][1]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "không có nội dung"),
        ("   \n\n  ", "không có nội dung"),
        ("Chỉ một dòng", "Không tìm thấy tiêu đề"),
        ("{name} - {time}\n{body}\n0 bình luận", "Không tìm thấy tiêu đề"),
    ],
)
def test_bad_input_gets_a_vietnamese_error(text, message):
    with pytest.raises(ParseError, match=message):
        parse_crawled_text(text)
