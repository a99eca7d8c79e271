"""The proofreader's flags on the words themselves in the page editor: the headline's
first word underlined in its field, a body word highlighted inside Draftail, each fixed
with one click on the word and its "Sửa thành …"."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import log_in
from tests.staff import newsroom_user
from toasoan.newsroom import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Sữa chữa cầu Hàm Rồng trước mùa mưa lũ"
BODY = "<p>Sáng nay, Phó Thủ tưởng Chính phủ đã đến thăm công trường cầu Hàm Rồng.</p>"

# Where the flagged words are drawn: the headline's mark, the highlight's range.
DRAWN = """
const mark = document.querySelector('.proofread-layer .proofread-mark');
const title = document.querySelector('[name=title]');
const hl = window.CSS && CSS.highlights && CSS.highlights.get('proofread');
const ranges = hl ? [...hl] : [];
const box = (r) => r && {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
return {
  mark: mark && mark.textContent,
  markBox: box(mark && mark.getBoundingClientRect()),
  titleBox: box(title.getBoundingClientRect()),
  ranges: ranges.map((r) => r.toString()),
  rangeBox: box(ranges[0] && ranges[0].getBoundingClientRect()),
};
"""


@pytest.fixture
def editor_desk(chromium, live_server):
    chromium.set_window_size(1280, 900)
    user = newsroom_user(roles.EDITOR, "bientap", first_name="Lan", last_name="Lê")
    log_in(chromium, live_server, user)
    yield user
    chromium.delete_all_cookies()
    chromium.set_window_size(412, 915)


def _drawn(chromium, want):
    return WebDriverWait(chromium, 15).until(
        lambda d: (lambda r: r if want(r) else False)(d.execute_script(DRAWN))
    )


def _click_at(chromium, which):
    """A click where the word is drawn (the editor's finger on the underlined word):
    ``which`` is "markBox" (the headline's) or "rangeBox" (the body's), scrolled into
    view first."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    chromium.execute_script(
        "const hl = CSS.highlights.get('proofread');"
        "const el = arguments[0] === 'markBox'"
        "  ? document.querySelector('.proofread-layer .proofread-mark').parentElement"
        "  : [...hl][0].startContainer.parentElement;"
        "el.scrollIntoView({block: 'center', behavior: 'instant'});",
        which,
    )
    box = chromium.execute_script(DRAWN)[which]
    actions = ActionBuilder(chromium)
    actions.pointer_action.move_to_location(
        int((box["left"] + box["right"]) / 2), int((box["top"] + box["bottom"]) / 2)
    )
    actions.pointer_action.click()
    actions.perform()


def test_an_editor_fixes_a_headlines_first_word_and_a_body_word_on_the_words(
    chromium, live_server, make_article, editor_desk, artifacts
):
    from toasoan.articles.models import ArticlePage

    article = make_article(
        title=HEADLINE,
        sapo="Công trình sửa chữa cầu Hàm Rồng được đẩy nhanh trước mùa mưa lũ.",
        body=[{"type": "paragraph", "value": BODY}],
        live=False,
    )
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    drawn = _drawn(chromium, lambda r: r["mark"] and r["ranges"])
    # The headline's first word is underlined where it stands in the field...
    assert drawn["mark"] == "Sữa"
    mark, title = drawn["markBox"], drawn["titleBox"]
    assert title["left"] <= mark["left"] < title["left"] + 40
    assert title["top"] <= mark["top"] and mark["bottom"] <= title["bottom"]
    # ...and the body's word is highlighted inside the rich-text editor.
    assert drawn["ranges"] == ["tưởng"]
    chromium.save_screenshot(str(artifacts / "proofreading-inline.png"))

    _click_at(chromium, "markBox")
    popover = WebDriverWait(chromium, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".proofread-popover"))
    )
    assert "«Sữa»" in popover.text and "Không phải lỗi" in popover.text
    chromium.save_screenshot(str(artifacts / "proofreading-inline-popover.png"))
    fix = popover.find_element(By.XPATH, ".//button[contains(., 'Sửa thành')]")
    assert fix.text == "Sửa thành “Sửa”"
    fix.click()
    WebDriverWait(chromium, 10).until(EC.staleness_of(fix))

    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert latest.title == "Sửa chữa cầu Hàm Rồng trước mùa mưa lũ"
    assert "Phó Thủ tưởng" in latest.body[0].value.source  # not touched by that fix
    drawn = _drawn(chromium, lambda r: r["ranges"])
    assert drawn["mark"] is None  # the headline has nothing left to draw
    assert chromium.find_element(By.NAME, "title").get_attribute("value") == (
        latest.title
    )

    # The body's word: the caret in it opens the same choice.
    _click_at(chromium, "rangeBox")
    popover = WebDriverWait(chromium, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".proofread-popover"))
    )
    chromium.save_screenshot(str(artifacts / "proofreading-inline-body.png"))
    fix = popover.find_element(By.XPATH, ".//button[contains(., 'Sửa thành')]")
    assert fix.text == "Sửa thành “tướng”"
    fix.click()
    WebDriverWait(chromium, 10).until(EC.staleness_of(fix))
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert "Phó Thủ tướng Chính phủ" in latest.body[0].value.source
    _drawn(chromium, lambda r: r["mark"] is None and r["ranges"] == [])
    assert (
        "không thấy chỗ nào có thể sai"
        in chromium.find_element(By.CSS_SELECTOR, "[data-proofreading]").text
    )


def test_not_an_error_on_the_word_keeps_it_and_stops_drawing_it(
    chromium, live_server, make_article, editor_desk
):
    from toasoan.articles.models import ProofreadIgnore

    article = make_article(title=HEADLINE, live=False)
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    _drawn(chromium, lambda r: r["mark"])
    _click_at(chromium, "markBox")
    popover = WebDriverWait(chromium, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".proofread-popover"))
    )
    keep = popover.find_element(By.XPATH, ".//button[.='Không phải lỗi']")
    keep.click()
    WebDriverWait(chromium, 10).until(EC.staleness_of(keep))
    assert ProofreadIgnore.objects.filter(article=article, text="Sữa").exists()
    assert chromium.find_element(By.NAME, "title").get_attribute("value") == HEADLINE
    assert (
        chromium.execute_script(
            "return document.querySelector('.proofread-layer .proofread-mark')"
        )
        is None
    )
