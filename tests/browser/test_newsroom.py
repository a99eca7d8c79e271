"""The newsroom in a real browser, where its defects lived: the slug the editor's page
fills from a headline, and the schedule dialog's dates (day first, Asia/Ho_Chi_Minh)."""

import datetime as dt

import pytest
from django.utils import timezone
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import log_in
from tests.staff import newsroom_user
from toasoan.newsroom import roles
from toasoan.vietnamese import vietnamese_slug

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINES = [
    "Thanh Hóa khánh thành cầu Hàm Rồng mới bắc qua sông Mã",
    "Đường về Quảng Xương: ưu tiên đầu tư, “đột phá” hạ tầng & giao thông",
    "Phó Thủ tướng thăm hỏi người dân vùng lũ Mường Lát, Quan Sơn",
    "Giải bóng đá U19_quốc gia: Đông Á Thanh Hóa thắng 2-1 trước Hà Nội…",
    "Nghệ nhân xứ Thanh giữ nghề dệt thổ cẩm, khởi nghiệp từ làng nghề truyền thống "
    "ở huyện miền núi xa xôi nhất tỉnh",  # more than 14 words: the first 14 are kept
    "ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XX: KỲ VỌNG VÀ QUYẾT TÂM",
]


@pytest.fixture
def desk(chromium, live_server):
    """Chromium at a desktop size, logged in as a member of ``role``."""
    chromium.set_window_size(1280, 900)

    def login(role):
        user = newsroom_user(
            role,
            f"desk{abs(hash(role)) % 10000}",
            first_name="Hà",
            last_name="Nguyễn Thu",
        )
        log_in(chromium, live_server, user)
        return user

    yield login
    chromium.delete_all_cookies()
    chromium.set_window_size(412, 915)


def test_the_editor_fills_the_slug_with_every_letter(
    chromium, live_server, paper, desk, artifacts
):
    desk(roles.REPORTER)
    section = paper["sections"]["xa-hoi"]
    for headline in HEADLINES:
        chromium.get(
            f"{live_server.url}/quan-tri/pages/add/articles/articlepage/{section.pk}/"
        )
        title = WebDriverWait(chromium, 10).until(
            EC.element_to_be_clickable((By.ID, "id_title"))
        )
        # Wagtail's scripts must have connected the title to the slug before typing.
        WebDriverWait(chromium, 10).until(
            lambda d: d.execute_script(
                "const app = window.wagtail && window.wagtail.app;"
                "return !!(app && app.getControllerForElementAndIdentifier("
                "document.getElementById('id_title'), 'w-sync'))"
            )
        )
        title.send_keys(headline)
        chromium.find_element(By.ID, "id_sapo").click()  # the title's blur syncs
        slug = WebDriverWait(chromium, 5).until(
            lambda d: d.execute_script(
                "return document.getElementById('id_slug').value"
            )
        )
        assert slug == vietnamese_slug(headline), headline
    chromium.save_screenshot(str(artifacts / "newsroom-add-article.png"))


def test_scheduling_through_the_dialog_stores_the_day_the_editor_typed(
    chromium, live_server, paper, desk, make_article, artifacts
):
    """A day above 12, so a day/month swap cannot hide: the dialog's text, what is
    stored, and what the page then shows must all be that day at 08:00 in Vietnam."""
    article = make_article(title="Bài hẹn giờ xuất bản", live=False)
    article.save_revision()
    desk(roles.MANAGING_EDITOR)
    today = timezone.localdate()
    when = dt.datetime(today.year + 1, 12, 15, 8, 0)
    typed = when.strftime("%d/%m/%Y %H:%M")
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located(
            (By.CSS_SELECTOR, "[data-a11y-dialog-show=schedule-publishing-dialog]")
        )
    )
    chromium.execute_script(
        "document.querySelector('[data-a11y-dialog-show=schedule-publishing-dialog]').click()"
    )
    field = WebDriverWait(chromium, 10).until(
        EC.element_to_be_clickable((By.ID, "id_go_live_at"))
    )
    field.clear()
    field.send_keys(typed)
    field.send_keys(Keys.TAB)
    assert field.get_attribute("value") == typed
    dialog = chromium.find_element(By.ID, "schedule-publishing-dialog")
    submit = dialog.find_element(By.CSS_SELECTOR, "button[type=submit]")
    # Tab moved on to the next field: the first calendar closed, so at most one is open,
    # and nothing covers "Lưu lịch" where the editor's finger or mouse lands.
    WebDriverWait(chromium, 3).until(
        lambda driver: (
            driver.execute_script(
                "return [...document.querySelectorAll('.xdsoft_datetimepicker')]"
                ".filter(p => getComputedStyle(p).display !== 'none').length"
            )
            <= 1
        )
    )
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)

    def covering(driver):
        """What the editor's finger would land on, if not the button (the calendar
        closing after Tab animates: given up to 3 s on a busy machine)."""
        return driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
            "return arguments[0].contains(hit) ? '' : (hit ? hit.outerHTML.slice(0, 200) : 'nothing')",
            submit,
        )

    try:
        WebDriverWait(chromium, 3).until(lambda d: covering(d) == "")
    except TimeoutException:
        raise AssertionError(f"“Lưu lịch” is covered by {covering(chromium)}") from None
    chromium.save_screenshot(str(artifacts / "newsroom-schedule-dialog.png"))
    submit.click()
    WebDriverWait(chromium, 10).until(EC.staleness_of(dialog))
    # Saved with the schedule: now the managing editor's "Hẹn giờ xuất bản".
    button = WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "button[name=action-publish]"))
    )
    chromium.execute_script("arguments[0].click()", button)
    # Let the browser finish the POST and its redirect before touching the database or
    # navigating again: a new navigation issued mid-redirect can hang a slow renderer.
    WebDriverWait(chromium, 30).until(EC.staleness_of(button))
    WebDriverWait(chromium, 30).until(
        lambda driver: (
            "/edit/" not in driver.current_url
            and driver.execute_script("return document.readyState") == "complete"
        )
    )
    article.refresh_from_db()
    expected = timezone.make_aware(when, timezone.get_default_timezone())
    assert article.go_live_at == expected
    assert not article.live
    revision = article.revisions.order_by("-created_at").first()
    assert revision.approved_go_live_at == expected
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    body = WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.TAG_NAME, "body"))
    )
    chromium.save_screenshot(str(artifacts / "newsroom-scheduled.png"))
    assert typed in body.get_attribute("innerHTML")


def test_the_locality_picker_finds_units_as_you_type_and_saves_them(
    chromium, live_server, paper, desk, make_article, artifacts
):
    from toasoan.places.load import places_load, read_fixture
    from toasoan.places.models import Locality

    places_load(read_fixture())
    article = make_article(title="Bài về phường Đông Sơn", live=False)
    article.save_revision()
    desk(roles.EDITOR)
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    search = WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located(
            (By.CSS_SELECTOR, "[data-locality-picker] [data-search]")
        )
    )
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", search)
    search.send_keys("dong son")  # no marks typed
    WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".locality-picker-result"))
    )
    labels = [
        b.text
        for b in chromium.find_elements(By.CSS_SELECTOR, ".locality-picker-result")
    ]
    assert labels[0] == "Phường Đông Sơn — Tỉnh Thanh Hóa, từ 01/07/2025"
    assert "Phường Đông Sơn — TP Thanh Hóa, đến 01/07/2025" in labels
    chromium.save_screenshot(str(artifacts / "newsroom-locality-picker.png"))
    # Clicked by script: the editor's sticky action bar (or a message sliding in) may
    # cover the list where the pointer would land; the picker's handler is the same.
    first = chromium.find_elements(By.CSS_SELECTOR, ".locality-picker-result")[0]
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    chromium.execute_script("arguments[0].click()", first)
    search.send_keys("ham rong")
    WebDriverWait(chromium, 10).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "[data-locality-picker] [data-results]"), "Hàm Rồng"
        )
    )
    search.send_keys(Keys.ENTER)  # picks the first result, does not submit the article
    chosen = chromium.find_elements(By.CSS_SELECTOR, "[data-chosen] li span")
    assert [c.text for c in chosen] == [
        "Phường Đông Sơn — Tỉnh Thanh Hóa, từ 01/07/2025",
        "Phường Hàm Rồng — Tỉnh Thanh Hóa, từ 01/07/2025",
    ]
    save = chromium.find_element(
        By.CSS_SELECTOR, "button[name=action-save], .action-save"
    )
    chromium.execute_script("arguments[0].click()", save)
    WebDriverWait(chromium, 10).until(EC.staleness_of(save))
    article.refresh_from_db()
    latest = article.get_latest_revision_as_object()
    assert sorted(loc.name for loc in latest.localities.all()) == [
        "Phường Hàm Rồng",
        "Phường Đông Sơn",
    ]
    assert all(loc.valid_to is None for loc in latest.localities.all())
    picked = Locality.objects.filter(pk__in=[loc.pk for loc in latest.localities.all()])
    assert picked.count() == 2


def test_the_editor_chooses_a_related_article_and_readers_see_it_first(
    chromium, live_server, paper, desk, make_article, artifacts
):
    from toasoan.articles.models import ArticlePage, RelatedArticle
    from toasoan.search.related import relate_article

    story = make_article(
        title="Lũ quét tại Mường Lát, nhiều người mất tích",
        sapo="Mưa lớn gây lũ quét ở Mường Lát cuốn trôi nhà dân.",
    )
    follow = make_article(
        title="Tìm thấy người mất tích trong lũ quét ở Mường Lát",
        sapo="Lực lượng cứu hộ tìm thấy người mất tích sau trận lũ quét ở Mường Lát.",
    )
    chosen = make_article(
        title="Thanh Hóa hỗ trợ gạo cho bà con vùng lũ", section="xa-hoi"
    )
    relate_article(follow.pk)
    assert RelatedArticle.objects.filter(article=follow, related=story).exists()
    desk(roles.MANAGING_EDITOR)
    chromium.get(f"{live_server.url}/quan-tri/pages/{follow.pk}/edit/")
    add = WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.ID, "id_related_links-ADD"))
    )
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    chromium.execute_script("arguments[0].click()", add)
    hidden = WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.ID, "id_related_links-0-related"))
    )
    choose = hidden.find_element(
        By.XPATH,
        "./ancestor::*[contains(@class, 'chooser')][1]//button[@data-chooser-action-choose]",
    )
    chromium.execute_script("arguments[0].click()", choose)
    query = WebDriverWait(chromium, 10).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, ".modal input[name=q]"))
    )
    query.send_keys("gao vung lu")  # typed without marks, as editors in a hurry do
    WebDriverWait(chromium, 10).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".modal"), "Thanh Hóa hỗ trợ gạo cho bà con vùng lũ"
        )
    )
    chromium.save_screenshot(str(artifacts / "newsroom-related-chooser.png"))
    pick = chromium.find_element(
        By.XPATH, "//div[contains(@class,'modal')]//a[contains(., 'hỗ trợ gạo')]"
    )
    chromium.execute_script("arguments[0].click()", pick)
    WebDriverWait(chromium, 10).until(
        lambda d: hidden.get_attribute("value") == str(chosen.pk)
    )
    publish = chromium.find_element(By.CSS_SELECTOR, "button[name=action-publish]")
    chromium.execute_script("arguments[0].click()", publish)
    WebDriverWait(chromium, 10).until(EC.staleness_of(publish))
    page = ArticlePage.objects.get(pk=follow.pk)
    assert [link.related_id for link in page.related_links.all()] == [chosen.pk]
    chromium.get(live_server.url + page.url)
    block = chromium.find_element(
        By.CSS_SELECTOR, "section[aria-labelledby=tin-lien-quan]"
    )
    items = [li.text for li in block.find_elements(By.CSS_SELECTOR, "li")]
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", block)
    chromium.save_screenshot(str(artifacts / "reader-related.png"))
    assert items[0].startswith("Thanh Hóa hỗ trợ gạo cho bà con vùng lũ")
    assert any(i.startswith("Lũ quét tại Mường Lát") for i in items[1:])
