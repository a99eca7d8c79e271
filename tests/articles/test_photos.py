"""Photos betray no source: a reporter's JPEG with GPS, the photographer's name, the
camera's serial number and XMP is stored without any of them (its orientation applied),
and no rendition (the public og:image included) carries them; originals are not served;
too big or broken files are refused with a Vietnamese reason, and nothing is stored."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.staff import newsroom_user
from toasoan.articles import photos

pytestmark = pytest.mark.django_db

SECRETS = (b"Phong Vien", b"SN-48151623", b"Nguon Tin Mat", b"Canon EOS R6", b"So Tay")


def dirty_jpeg(width=640, height=480, orientation=6) -> bytes:
    """A camera's JPEG: a red picture whose top half is blue (to see it turned), EXIF
    with GPS, Artist, Make/Model, serial number and owner, XMP, and a comment."""
    picture = PILImage.new("RGB", (width, height), (200, 30, 30))
    picture.paste((0, 0, 255), (0, 0, width, height // 2))
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Phong Vien"
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R6"
    camera = exif.get_ifd(0x8769)
    camera[0xA431] = "SN-48151623"
    camera[0xA430] = "So Tay"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (19.0, 48.0, 30.0), 3: "E", 4: (105.0, 46.0, 0.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Nguon Tin Mat</dc:creator></x:xmpmeta>'
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif, xmp=xmp, comment=b"Phong Vien")
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Phong Vien")
    info.add_itxt("Location", "Nguon Tin Mat")
    out = io.BytesIO()
    PILImage.new("RGBA", (300, 200), (10, 120, 200, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def assert_clean(data: bytes) -> PILImage.Image:
    for secret in SECRETS:
        assert secret not in data, secret
    picture = PILImage.open(io.BytesIO(data))
    exif = picture.getexif()
    assert not ({0x8825, 0x013B, 0x010F, 0x0110, 0x0112} & set(exif)), dict(exif)
    assert not exif.get_ifd(0x8825) and not exif.get_ifd(0x8769)
    assert not ({"xmp", "comment", "exif", "Author", "Location"} & set(picture.info))
    return picture


def stored_bytes(image) -> bytes:
    with image.open_file() as handle:
        return handle.read()


@pytest.fixture
def editor(client):
    user = newsroom_user("Biên tập viên", "bientap")
    client.force_login(user)
    return user


def test_a_photo_uploaded_in_the_admin_is_stored_and_rendered_without_its_metadata(
    client, editor
):
    original = dirty_jpeg()
    assert all(secret in original for secret in SECRETS)  # the probe is dirty
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Lũ sông Mã", "file": SimpleUploadedFile("lu.jpg", original)},
    )
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Lũ sông Mã")

    stored = stored_bytes(image)
    picture = assert_clean(stored)
    # Orientation 6 (turned 90°) applied: a 640×480 sensor picture stands 480×640,
    # and the blue half, once the top, is now the right.
    assert (image.width, image.height) == picture.size == (480, 640)
    assert (
        picture.getpixel((470, 320))[2] > 150 and picture.getpixel((10, 320))[2] < 100
    )
    assert image.file_size == len(stored)
    # Encoded with the original's own quantisation tables: no quality lost to a default.
    assert picture.quantization == PILImage.open(io.BytesIO(original)).quantization

    for spec in ("width-400", "fill-1200x630", "max-165x165", "original"):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            assert_clean(handle.read())


def test_every_photo_a_reader_is_sent_is_clean(client, editor, make_article):
    """The lead photo on the article page, its og:image and JSON-LD sizes, the card."""
    import re

    from django.core.files.storage import default_storage

    client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh bìa", "file": SimpleUploadedFile("bia.jpg", dirty_jpeg())},
    )
    cover = get_image_model().objects.get(title="Ảnh bìa")
    article = make_article(title="Bài có ảnh bìa", cover_image=cover)
    client.logout()
    page = client.get(article.url).content.decode()
    home = client.get("/").content.decode()
    urls = set(re.findall(r"/media/([^\"'\s)<>]+)", page + home))
    assert len(urls) >= 4, urls  # og:image, three JSON-LD sizes, the card...
    for name in urls:
        assert not name.startswith("original_images/"), name
        with default_storage.open(name) as handle:
            assert_clean(handle.read())


def test_the_multiple_uploader_and_a_script_store_clean_photos_too(client, editor):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("nhieu.png", png_with_text())},
    )
    assert response.status_code == 200 and response.json()["success"], response.content
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    picture = assert_clean(stored_bytes(image))
    assert picture.mode == "RGBA" and picture.getpixel((5, 5)) == (10, 120, 200, 128)

    scripted = get_image_model()(
        title="Từ kịch bản", file=ImageFile(io.BytesIO(dirty_jpeg()), name="script.jpg")
    )
    scripted.save()
    scripted.refresh_from_db()
    assert_clean(stored_bytes(scripted))
    assert (scripted.width, scripted.height) == (480, 640)


def test_a_file_stored_before_its_row_is_cleaned_once_the_row_exists(settings):
    """Wagtail's multiple uploader keeps a file first when another field is wrong, then
    copies it to the image with ``file.save()``: already stored, still cleaned."""
    Image = get_image_model()
    image = Image(title="Ảnh đến sau")
    image.file.save("sau.jpg", ContentFile(dirty_jpeg(orientation=1)), save=False)
    assert b"SN-48151623" in stored_bytes(image)  # stored as it came
    image.width, image.height = 640, 480
    image.save()
    image.refresh_from_db()
    assert_clean(stored_bytes(image))


def test_clean_photos_command_cleans_older_uploads_and_their_renditions():
    Image = get_image_model()
    # Photos from before this change: rows written without any signal.
    from django.core.files.storage import default_storage

    name = default_storage.save("original_images/cu.jpg", ContentFile(dirty_jpeg()))
    old = Image.objects.bulk_create(
        [Image(title="Ảnh cũ", file=name, width=640, height=480)]
    )[0]
    old = Image.objects.get(pk=old.pk)
    dirty_rendition = old.get_rendition("width-300")
    with dirty_rendition.file.open("rb") as handle:
        assert b"SN-48151623" in handle.read()  # Willow copies EXIF into renditions
    clean_name = default_storage.save(
        "original_images/sach.png", ContentFile(png_with_text())
    )
    call_command("clean_photos", stdout=io.StringIO())
    out = io.StringIO()
    call_command("clean_photos", stdout=out)  # again: nothing left to do
    assert "Đã làm sạch 0 ảnh" in out.getvalue()

    old.refresh_from_db()
    assert_clean(stored_bytes(old))
    assert (old.width, old.height) == (480, 640)
    assert not old.renditions.filter(pk=dirty_rendition.pk).exists()
    assert not default_storage.exists(name)  # the dirty file is gone, not kept aside
    with old.get_rendition("width-300").file.open("rb") as handle:
        assert_clean(handle.read())
    default_storage.delete(clean_name)


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG claiming a huge size (a decompression bomb): 1-bit, all zeros."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        import struct

        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    import struct

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "name,data,reason",
    [
        # 60 megapixels: over the paper's limit, under Pillow's.
        ("lon.png", lambda: png_header_only(10_000, 6_000), "điểm ảnh"),
        # 200 megapixels: over Pillow's own bomb limit too (was a 500).
        ("bom.png", lambda: png_header_only(20_000, 10_000), "quá lớn"),
        ("hong.jpg", lambda: dirty_jpeg()[:3000], "hỏng"),
    ],
)
def test_too_big_or_broken_photos_are_refused_with_a_reason(
    client, editor, name, data, reason
):
    Image = get_image_model()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh xấu", "file": SimpleUploadedFile(name, data())},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(reason in error for error in errors), errors
    assert not Image.objects.filter(title="Ảnh xấu").exists()


def test_clean_refuses_over_the_limit_without_decoding(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000
    with pytest.raises(
        photos.PhotoRefused, match="quá lớn.*giới hạn là 1.000 điểm ảnh"
    ):
        photos.clean(png_with_text())
