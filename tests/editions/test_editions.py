"""The print edition: PDFs made here with reportlab (Vietnamese text in two columns),
read, refused with their reason, matched to the web's articles, shown to readers only
when out, found by search, and never half-made."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.staff import newsroom_user
from tests.vietnamese.test_legacy import encode_with_table
from toasoan.editions import pdf, services, tasks
from toasoan.editions.models import Edition, EditionSettings, PrintPage, PrintStory
from toasoan.editions.sample import Story, make_edition
from toasoan.newsroom import roles
from toasoan.serving import keys

DAY = dt.date(2026, 12, 7)

WEB = [
    (
        "Thanh Hóa khởi công tuyến đường ven biển nối Sầm Sơn với Quảng Xương",
        "Sáng 6/12, UBND tỉnh Thanh Hóa tổ chức lễ khởi công tuyến đường ven biển "
        "dài 18 km nối thành phố Sầm Sơn với huyện Quảng Xương, tổng vốn hơn 2.000 tỷ đồng.",
        "Tuyến đường có bề rộng nền 32 m, sáu làn xe, dự kiến hoàn thành năm 2028. "
        "Đại diện chủ đầu tư cho biết công trình giúp giảm tải cho quốc lộ 1A.",
    ),
    (
        "Nông dân Nga Sơn thu hoạch cói vụ mùa được giá",
        "Những ngày này, nông dân các xã ven biển huyện Nga Sơn tất bật thu hoạch cói "
        "vụ mùa, giá bán tại ruộng tăng 15% so với cùng kỳ năm trước.",
        "Toàn huyện có hơn 1.000 ha cói, phần lớn được các hợp tác xã bao tiêu để làm "
        "chiếu và hàng thủ công mỹ nghệ xuất khẩu sang châu Âu.",
    ),
    (
        "Phó Thủ tướng Chính phủ thăm và làm việc tại Thanh Hóa",
        "Chiều 5/12, Phó Thủ tướng Chính phủ đã đến thăm Khu kinh tế Nghi Sơn và làm "
        "việc với lãnh đạo tỉnh về tiến độ các dự án trọng điểm.",
        "Phó Thủ tướng đề nghị tỉnh tháo gỡ vướng mắc về giải phóng mặt bằng, sớm đưa "
        "cảng biển vào khai thác, tạo việc làm cho người lao động địa phương.",
    ),
]
# On paper only: no web article is this story.
PRINT_ONLY = (
    "Mùa đông ấm áp cho học sinh vùng cao Mường Lát",
    "Đoàn thiện nguyện của Hội Chữ thập đỏ tỉnh đã trao 500 áo ấm và 200 chăn cho "
    "học sinh các điểm trường bản Mường Lát trong tuần qua.\nNhiều em lần đầu có "
    "áo khoác mới để đến lớp giữa mùa giá rét kéo dài của vùng biên giới.",
)


def _stories(extra=()) -> list[list[Story]]:
    web = [
        Story(title.replace("Thanh Hóa khởi công", "Khởi công"), f"{sapo}\n{body}")
        for title, sapo, body in WEB
    ]
    return [
        [Story(web[0].headline, web[0].text, wide=True), web[1], web[2]],
        [Story(PRINT_ONLY[0], PRINT_ONLY[1], wide=True), *extra],
    ]


def edition_pdf(**kwargs) -> bytes:
    return make_edition(_stories(), day=DAY, **kwargs)


def _write(tmp_path, data: bytes, name="bao.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _empty_pdf() -> bytes:
    """A well-formed PDF with a page tree of no pages."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _scan_pdf() -> bytes:
    """A page that is only a photo of a page (no text layer)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = io.BytesIO()
    Image.new("RGB", (600, 850), (235, 230, 220)).save(picture, "JPEG")
    picture.seek(0)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.drawImage(ImageReader(picture), 0, 0, 595, 842)
    page.showPage()
    page.save()
    return out.getvalue()


# --- reading the PDF (no database) --------------------------------------------------


def test_stories_are_found_in_columns_with_their_places_on_the_page(tmp_path):
    doc = pdf.open_pdf(_write(tmp_path, edition_pdf()), max_pages=64)
    first, second = (pdf.page_text(page) for page in doc)
    headlines = [s.headline for s in first.stories]
    assert headlines == [
        "Khởi công tuyến đường ven biển nối Sầm Sơn với Quảng Xương",
        WEB[1][0],
        WEB[2][0],
    ]
    # Each story is its own lead and body, not its neighbour's column.
    for story, (_, sapo, body) in zip(first.stories, WEB):
        assert story.text.startswith(sapo[:40])
        assert body[:30] in story.text
        assert all(0 <= v <= 1 for box in story.boxes for v in box)
    wide, left, right = first.stories
    assert wide.boxes[0][2] > 0.8  # the wide headline spans the page
    assert max(b[2] for b in left.boxes) < 0.5 < min(b[0] for b in right.boxes)
    # The masthead and the running header belong to no story, but are the page's text.
    assert "BÁO THANH HÓA" not in " ".join(headlines)
    assert "Trang 1" in first.text and first.encoding == "unicode"
    assert [s.headline for s in second.stories] == [PRINT_ONLY[0]]


def test_a_page_typed_in_a_legacy_font_encoding_is_converted(tmp_path):
    from reportlab.pdfgen import canvas

    lines = [
        "Cộng hòa xã hội chủ nghĩa Việt Nam, tỉnh Bà Rịa-Vũng Tàu",
        "Hội nghị tổng kết công tác năm của ngành nông nghiệp",
        "Người dân phấn khởi vì được mùa, được giá",
    ]
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.setFont("Helvetica", 11)  # what a .VnTime font's bytes look like to a reader
    for n, line in enumerate(lines):
        page.drawString(60, 700 - 20 * n, encode_with_table(line, "tcvn3"))
    page.showPage()
    page.save()
    doc = pdf.open_pdf(_write(tmp_path, out.getvalue()), max_pages=64)
    text = pdf.page_text(doc[0])
    assert text.encoding == "tcvn3"
    for line in lines:  # "ư" (a hyphen to the PDF) restored; a real hyphen kept
        assert line in text.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: edition_pdf(encrypt="mat-khau"), "mật khẩu"),
        (
            lambda: edition_pdf(
                encrypt=__import__(
                    "reportlab.lib.pdfencrypt", fromlist=["x"]
                ).StandardEncryption("", ownerPassword="chu", canCopy=0)
            ),
            "bị mã hóa",
        ),
        (lambda: edition_pdf()[:4000], "bị hỏng"),
        (lambda: b"Bien ban hop giao ban.\n" * 50, "không phải bản PDF"),
        (_empty_pdf, "không có trang nào"),
    ],
    ids=["password", "restricted", "truncated", "renamed-text", "no-pages"],
)
def test_a_pdf_the_paper_cannot_use_is_refused_with_its_reason(tmp_path, data, reason):
    with pytest.raises(pdf.Refused, match=reason):
        pdf.open_pdf(_write(tmp_path, data()), max_pages=64)


def test_more_pages_than_the_limit_is_refused(tmp_path):
    with pytest.raises(pdf.Refused, match="2 trang, quá giới hạn 1 trang"):
        pdf.open_pdf(_write(tmp_path, edition_pdf()), max_pages=1)


# --- the newsroom and readers --------------------------------------------------------


@pytest.fixture
def web(make_article):
    day_before = timezone.make_aware(dt.datetime.combine(DAY, dt.time(9)))
    articles = []
    for n, (title, sapo, body) in enumerate(WEB):
        article = make_article(
            title=title,
            sapo=sapo,
            body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
        )
        when = day_before - dt.timedelta(days=1, hours=n)
        type(article).objects.filter(pk=article.pk).update(
            first_published_at=when, last_published_at=when, published_at=when
        )
        articles.append(article)
    # A web article of the same days that the print edition does not carry.
    make_article(title="Giá xăng dầu giảm nhẹ từ chiều nay", sapo="Liên bộ điều chỉnh.")
    return articles


@pytest.fixture
def staff(db):
    return {
        "reporter": newsroom_user(roles.REPORTER, "pv-in"),
        "editor": newsroom_user(roles.EDITOR, "btv-in"),
        "chief": newsroom_user(roles.MANAGING_EDITOR, "tktt-in"),
    }


def _upload(data: bytes, name="bao-in.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _edition(data: bytes | None = None, *, day=DAY, hold=False) -> Edition:
    edition = Edition(date=day, hold_until_date=hold)
    edition.pdf.save("bao.pdf", io.BytesIO(data or edition_pdf()), save=False)
    edition.save()
    tasks.process_edition(edition.pk)
    edition.refresh_from_db()
    return edition


def _files(edition: Edition) -> list[str]:
    return sorted(default_storage.listdir(edition.folder)[1])


@pytest.mark.django_db
def test_an_edition_is_matched_to_the_webs_articles_and_shown_once_published(
    client, web, staff, django_capture_on_commit_callbacks
):
    edition = _edition()
    assert edition.status == Edition.READY and edition.page_count == 2
    assert {f"1-{size}.{ext}" for size in ("large", "medium", "thumb")
            for ext in ("webp", "jpg")} <= set(_files(edition))  # fmt: skip
    stories = list(
        PrintStory.objects.filter(page__edition=edition).order_by(
            "page__number", "order"
        )
    )
    assert [s.article_id for s in stories] == [a.pk for a in web] + [None]
    assert all(s.matched_by == PrintStory.AUTO for s in stories[:3])

    page_url = edition.page_url(1)
    assert client.get(page_url).status_code == 404  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_publish(edition=edition, user=staff["chief"])
    response = client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    for article in web:  # every story's region leads to its web article
        assert f'href="{article.url}"' in html
    assert 'href="#bai-1"' in (client.get(edition.page_url(2)).content.decode())
    assert "Sáng 6/12, UBND tỉnh Thanh Hóa" in html  # the page's text, for all
    assert {keys.edition(edition.pk), keys.EDITION_SETTINGS} <= set(
        response["xkey"].split()
    )
    assert "s-maxage" in response["Cache-Control"]
    calendar = client.get("/bao-in/").content.decode()
    assert edition.get_absolute_url() in calendar
    assert client.get(edition.get_absolute_url())["Location"] == page_url
    sitemap = client.get(f"/sitemap-bao-in-{DAY.year}.xml").content.decode()
    assert sitemap.count("<url>") == 2 and page_url in sitemap
    assert (
        f"/sitemap-bao-in-{DAY.year}.xml" in client.get("/sitemap.xml").content.decode()
    )


@pytest.mark.django_db
def test_print_text_is_found_with_or_without_marks_and_by_date(client, web, staff):
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    for q in ("thiện nguyện Mường Lát", "thien nguyen muong lat"):
        found = client.get("/bao-in/tim-kiem", {"q": q}).content.decode()
        assert "Trên báo in ngày 07/12/2026, trang 2" in found, q
    later = client.get(
        "/bao-in/tim-kiem", {"q": "Mường Lát", "tu-ngay": "2026-12-08"}
    ).content.decode()
    assert "Trên báo in ngày" not in later
    # The paper's search page shows the print pages below the articles.
    page = client.get("/tim-kiem", {"q": "cói Nga Sơn"}).content.decode()
    assert "Trên báo in ngày 07/12/2026, trang 1" in page
    services.edition_withdraw(edition=edition, user=staff["chief"])
    gone = client.get("/bao-in/tim-kiem", {"q": "Mường Lát"}).content.decode()
    assert "Trên báo in ngày" not in gone


@pytest.mark.django_db
def test_an_edition_held_back_comes_out_at_midnight_of_its_date(
    client, web, staff, monkeypatch
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    edition = _edition(day=tomorrow, hold=True)
    services.edition_publish(edition=edition, user=staff["chief"])
    assert client.get(edition.page_url(1)).status_code == 404
    response = client.get("/bao-in/")
    assert edition.get_absolute_url() not in response.content.decode()
    # The calendar is kept by the cache no longer than until the edition comes out.
    midnight = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time()))
    max_age = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= (midnight - timezone.now()).total_seconds() + 2
    found = client.get("/bao-in/tim-kiem", {"q": "Mường Lát"}).content.decode()
    assert "Trên báo in ngày" not in found

    # The newsroom sees it before readers do, marked as a preview (never cached).
    client.force_login(staff["editor"])
    preview = client.get(edition.page_url(1))
    assert preview.status_code == 200 and "Bản xem trước" in preview.content.decode()
    assert "private" in preview["Cache-Control"]
    client.logout()
    client.cookies.clear()
    later = midnight + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out = client.get(edition.page_url(1))
    assert out.status_code == 200 and "Bản xem trước" not in out.content.decode()
    assert edition.get_absolute_url() in client.get("/bao-in/").content.decode()
    found = client.get("/bao-in/tim-kiem", {"q": "Mường Lát"}).content.decode()
    assert "Trên báo in ngày" in found


@pytest.mark.django_db
def test_processing_again_keeps_readers_pages_until_done_and_the_editors_matches(
    client, web, staff, django_capture_on_commit_callbacks
):
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    story = PrintStory.objects.get(page__edition=edition, page__number=2)
    services.story_set_article(story=story, article=web[1], user=staff["editor"])
    edition.refresh_from_db()
    old_folder = edition.folder
    # A damaged replacement: refused, and readers keep the edition they had.
    edition.pdf.save("moi.pdf", io.BytesIO(edition_pdf()[:3000]))
    tasks.process_edition(edition.pk)
    edition.refresh_from_db()
    assert edition.status == Edition.FAILED and "hỏng" in edition.message
    assert edition.folder == old_folder
    assert client.get(edition.page_url(2)).status_code == 200
    # A good one: swapped in whole; the editor's choice kept, the old files gone.
    edition.pdf.save("moi.pdf", io.BytesIO(edition_pdf()))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.process_edition(edition.pk)
    edition.refresh_from_db()
    assert edition.status == Edition.READY and edition.folder != old_folder
    again = PrintStory.objects.get(page__edition=edition, page__number=2)
    assert (again.article_id, again.matched_by) == (web[1].pk, PrintStory.EDITOR)
    assert not default_storage.exists(f"{old_folder}/1-medium.jpg")
    assert f'href="{web[1].url}"' in client.get(edition.page_url(2)).content.decode()


@pytest.mark.django_db
def test_a_worker_killed_midway_leaves_nothing_half_made(web, monkeypatch):
    edition = Edition(date=DAY, hold_until_date=False)
    edition.pdf.save("bao.pdf", io.BytesIO(edition_pdf()), save=False)
    edition.save()
    real = pdf.render
    calls = {"n": 0}

    def dies_on_the_second_page(page, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as SIGKILL would, with the first page written
        return real(page, *args, **kwargs)

    def runs():
        return [
            name
            for name in default_storage.listdir(f"editions/{DAY:%Y}")[0]
            if name.startswith(f"{DAY:%m-%d}-")
        ]

    before = set(runs())
    monkeypatch.setattr(pdf, "render", dies_on_the_second_page)
    with pytest.raises(KeyboardInterrupt):
        tasks.process_edition(edition.pk)
    edition.refresh_from_db()
    assert edition.folder == "" and not edition.pages.exists()
    assert len(set(runs()) - before) == 1  # the dead run's: readers never see it
    monkeypatch.setattr(pdf, "render", real)
    tasks.process_edition(edition.pk)  # the queue runs it again
    edition.refresh_from_db()
    assert edition.status == Edition.READY and edition.pages.count() == 2
    assert runs() == [edition.folder.rsplit("/", 1)[1]]  # swept


@pytest.mark.django_db
def test_a_scan_without_text_shows_its_pages_and_says_so(client, staff):
    edition = _edition(_scan_pdf())
    assert edition.status == Edition.READY and "không có chữ" in edition.message
    page = edition.pages.get()
    assert not page.has_text and not page.stories.exists()
    services.edition_publish(edition=edition, user=staff["chief"])
    html = client.get(edition.page_url(1)).content.decode()
    assert "ảnh quét" in html and "1-medium.jpg" in html


@pytest.mark.django_db
def test_the_managing_editor_uploads_and_an_encrypted_pdf_is_refused_with_its_reason(
    client, web, staff, django_capture_on_commit_callbacks
):
    def stored():
        try:
            return default_storage.listdir(f"uploads/editions/{DAY:%Y}")[1]
        except FileNotFoundError:
            return []

    files_before = stored()
    client.force_login(staff["chief"])
    add = reverse("editions:add")
    form = {"date": "2026-12-07", "number": "1234"}  # out as soon as published
    response = client.post(add, {**form, "pdf": _upload(edition_pdf(encrypt="x"))})
    assert response.status_code == 200
    assert "có mật khẩu" in response.content.decode()
    assert not Edition.objects.exists()
    assert stored() == files_before
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {**form, "pdf": _upload(edition_pdf())})
    edition = Edition.objects.get()
    assert response["Location"] == reverse("editions:edit", args=[edition.pk])
    assert (edition.status, edition.number, edition.created_by) == (
        Edition.READY,
        1234,
        staff["chief"],
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đăng số báo này" in page and "Xem trang và bài" in page
    pages = client.get(reverse("edition_pages", args=[edition.pk])).content.decode()
    assert web[2].title in pages
    client.post(reverse("edition_publish", args=[edition.pk]))
    edition.refresh_from_db()
    assert edition.published and edition.out_for_readers()
    assert client.get(edition.page_url(1)).status_code == 200


@pytest.mark.django_db
def test_roles_reporter_sees_nothing_editor_corrects_matches_but_cannot_publish(
    client, web, staff
):
    edition = _edition()
    client.force_login(staff["reporter"])
    assert client.get(reverse("editions:index")).status_code in (302, 403)
    client.force_login(staff["editor"])
    listing = client.get(reverse("editions:index")).content.decode()
    assert reverse("edition_pages", args=[edition.pk]) in listing  # its way in
    assert "Sẵn sàng" in listing
    assert client.get(reverse("edition_pages", args=[edition.pk])).status_code == 200
    assert client.post(reverse("edition_publish", args=[edition.pk])).status_code in (
        302,
        403,
    )
    edition.refresh_from_db()
    assert not edition.published
    assert client.get(reverse("editions:add")).status_code in (302, 403)
    story = PrintStory.objects.get(page__edition=edition, page__number=2)
    match = reverse("edition_story_match", args=[story.pk])
    client.post(match, {"article": "http://bao.vn/khong-phai-bai"})
    story.refresh_from_db()
    assert story.article_id is None
    messages = client.get(reverse("edition_pages", args=[edition.pk])).content.decode()
    assert "Không hiểu địa chỉ này" in messages
    client.post(match, {"article": f"https://baothanhhoa.vn{web[1].url}"})
    story.refresh_from_db()
    assert (story.article_id, story.matched_by) == (web[1].pk, PrintStory.EDITOR)
    client.post(match, {"article": ""})  # "Nối bài" with nothing: refused, kept
    story.refresh_from_db()
    assert story.article_id == web[1].pk
    client.post(match, {"article": "", "action": "unlink"})
    story.refresh_from_db()
    assert story.article_id is None


@pytest.mark.django_db
def test_the_pdf_is_downloadable_only_when_the_paper_allows_it(client, web, staff):
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    download = f"{edition.get_absolute_url()}ban-pdf"
    assert client.get(download).status_code == 404
    assert "Tải bản PDF" not in client.get(edition.page_url(1)).content.decode()
    from wagtail.models import Site

    settings_row = EditionSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.allow_pdf = True
    settings_row.save()
    assert "Tải bản PDF" in client.get(edition.page_url(1)).content.decode()
    response = client.get(download)
    assert response.status_code == 302
    target = response["Location"]
    assert target.endswith(".pdf") and "/uploads/" not in target
    name = target.split("/media/", 1)[1]
    with default_storage.open(name) as fh:
        assert fh.read(5) == b"%PDF-"


@pytest.mark.django_db
def test_the_import_command_answers_in_json(web, capsys, tmp_path):
    good = _write(tmp_path, edition_pdf(), "bao-in-07-12.pdf")
    call_command("import_edition", good, "--date", "2026-12-07", "--publish", "--json")
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "ready" and answer["pages"] == 2
    assert answer["matched"] == 3 and answer["url"].endswith("/bao-in/2026-12-07/")
    assert Edition.objects.get().out_for_readers()
    locked = _write(tmp_path, edition_pdf(encrypt="x"), "khoa.pdf")
    with pytest.raises(CommandError, match="mật khẩu"):
        call_command("import_edition", locked, "--date", "2026-12-08", "--json")
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "failed" and "mật khẩu" in answer["message"]
    assert Edition.objects.count() == 1
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_edition", good, "--date", "2026-12-07")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/bao-in/9999-99-99/",
        "/bao-in/2026-02-30/",
        "/bao-in/2026-12-07/trang-0",
        "/bao-in/2026-12-07/trang-9999",
        "/bao-in/2026-12-07/ban-pdf",
        "/bao-in/?thang=0000-00",
        "/bao-in/?thang=99999-1",
        "/bao-in/?thang=2026-13",
        "/bao-in/?thang=99999999999999999999-1",
        "/bao-in/tim-kiem?q=%00%ff&tu-ngay=9999-12-31&den-ngay=x&trang=99999999999",
        "/sitemap-bao-in-0.xml",
        "/sitemap-bao-in-9999.xml",
    ],
)
def test_odd_addresses_get_an_answer_never_a_500(client, url):
    assert client.get(url).status_code in (200, 301, 404)


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_however_many_stories(client, web, staff):
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    story = PrintStory.objects.get(page__edition=edition, page__number=2)
    services.story_set_article(story=story, article=web[0], user=staff["editor"])
    for number in (1, 2):  # the site's settings, kept a while per process
        client.get(edition.page_url(number))
    counts = []
    for number in (1, 2):  # three stories linked, one story linked
        with CaptureQueriesContext(connection) as queries:
            assert client.get(edition.page_url(number)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


@pytest.mark.django_db
def test_deleting_an_edition_removes_its_files_index_and_cached_pages(
    web, staff, monkeypatch, django_capture_on_commit_callbacks
):
    purged = []
    monkeypatch.setattr(
        services, "purge", lambda k, removed=False: purged.append((list(k), removed))
    )
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    folder, pdf_name = edition.folder, edition.pdf.name
    page_ids = list(edition.pages.values_list("pk", flat=True))
    purged.clear()
    key = keys.edition(edition.pk)
    with django_capture_on_commit_callbacks(execute=True):
        edition.delete()
    assert not default_storage.exists(f"{folder}/1-medium.jpg")
    assert not default_storage.exists(pdf_name)
    assert purged == [([key, keys.EDITIONS], True)]
    assert not PrintPage.objects.filter(pk__in=page_ids).exists()
    from toasoan.editions.search import search_print

    assert search_print("Mường Lát")[0] == []


@pytest.mark.django_db
def test_a_run_superseded_by_a_newer_upload_never_swaps_in_its_older_pages(
    client, web, staff, django_capture_on_commit_callbacks
):
    edition = _edition()
    services.edition_publish(edition=edition, user=staff["chief"])
    first_folder = edition.folder
    stale = services.edition_run(edition=edition)  # queued, then the PDF replaced
    edition.refresh_from_db()
    edition.pdf.save("moi.pdf", io.BytesIO(make_edition(_stories()[:1], day=DAY)))
    fresh = services.edition_run(edition=edition)
    assert "đã có lần xử lý mới hơn" in tasks.process_edition(edition.pk, stale)
    edition.refresh_from_db()
    assert edition.folder == first_folder and edition.page_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        tasks.process_edition(edition.pk, fresh)
    edition.refresh_from_db()
    assert edition.folder.endswith(fresh) and edition.page_count == 1
    # The job run again after it swapped in (a worker lost its answer): nothing redone.
    assert tasks.process_edition(edition.pk, fresh) == "đã xử lý xong lần này"
    assert client.get(edition.page_url(2)).status_code == 404
    assert client.get(edition.page_url(1)).status_code == 200


@pytest.mark.django_db
def test_a_back_issue_is_found_by_its_print_date_and_its_loose_text_is_shown(
    client, staff, tmp_path
):
    old = dt.date(2015, 3, 2)
    pages = [[Story(PRINT_ONLY[0], PRINT_ONLY[1], wide=True)]]
    path = _write(tmp_path, make_edition(pages, day=old), "2015.pdf")
    call_command("import_edition", path, "--date", old.isoformat(), "--publish")
    edition = Edition.objects.get(date=old)
    found = client.get(
        "/bao-in/tim-kiem",
        {"q": "Mường Lát", "tu-ngay": "2015-03-01", "den-ngay": "2015-03-31"},
    ).content.decode()
    assert "Trên báo in ngày 02/03/2015, trang 1" in found
    html = client.get(edition.page_url(1)).content.decode()
    assert "Chữ khác trên trang" in html and "Trang 1" in html  # the running header


@pytest.mark.django_db
def test_a_new_pdf_in_the_edit_form_replaces_the_upload_and_processes_again(
    client, web, staff, django_capture_on_commit_callbacks
):
    edition = _edition()
    first_upload, first_folder = edition.pdf.name, edition.folder
    client.force_login(staff["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("editions:edit", args=[edition.pk]),
            {"number": "1235", "pdf": _upload(make_edition(_stories()[:1], day=DAY))},
        )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.number, edition.page_count) == (1235, 1)
    assert edition.folder != first_folder and edition.pdf.name != first_upload
    assert not default_storage.exists(first_upload)  # the replaced upload is gone
    assert default_storage.exists(edition.pdf.name)
