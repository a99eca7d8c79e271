"""On a phone: the menu button opens every section; the text size and dark page a reader
chooses stay chosen on the next page; the breaking-news line shows above the page."""

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_menu_text_size_and_dark_page_on_a_phone(
    chromium, live_server, make_article, paper, artifacts
):
    from toasoan.articles.models import BreakingNews

    article = make_article(title="Bão số 3 đổ bộ vào Thanh Hóa")
    news = BreakingNews.for_site(paper["home"].get_site())
    news.text, news.article = "Bão số 3 đổ bộ vào Thanh Hóa", article
    news.until = timezone.now() + dt.timedelta(hours=2)
    news.save()

    chromium.get(live_server.url + "/")
    chromium.execute_script("window.localStorage.clear()")
    chromium.get(live_server.url + "/")
    menu = chromium.find_element(By.CSS_SELECTOR, "[data-menu]")
    sections = chromium.find_elements(By.CSS_SELECTOR, "#chuyen-muc a")
    assert menu.is_displayed() and not any(a.is_displayed() for a in sections)
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert all(a.is_displayed() for a in sections) and len(sections) >= 10
    assert "TIN NÓNG" in chromium.find_element(By.CSS_SELECTOR, ".breaking").text

    size = chromium.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.card-title')).fontSize)"
    )
    chromium.find_element(By.CSS_SELECTOR, "[data-font='1']").click()
    chromium.find_element(By.CSS_SELECTOR, "[data-theme-toggle]").click()
    chromium.get(live_server.url + article.url)  # another page: still chosen
    classes = chromium.execute_script("return document.documentElement.className")
    assert "dark" in classes and "fs-large" in classes
    background = chromium.execute_script(
        "return getComputedStyle(document.body).backgroundColor"
    )
    assert background == "rgb(22, 22, 22)"
    chromium.get(live_server.url + "/")
    bigger = chromium.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.card-title')).fontSize)"
    )
    assert bigger > size * 1.1
    chromium.save_screenshot(str(artifacts / "reader-tools-dark.png"))
    chromium.execute_script("window.localStorage.clear()")
