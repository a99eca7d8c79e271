"""Photos publish what they show, never where they were taken or by whom.

A reporter's JPEG carries EXIF (GPS position, the camera's serial number, the owner's
name), XMP and IPTC (the photographer, the place), and phones add a second picture with
its own EXIF after the first (MPF). Willow copies EXIF into every rendition, so the only
safe place to remove it is the stored original: every upload is rewritten here before
anything can serve it, with the EXIF orientation applied first (the picture looks the
same, with no tag left to turn it).

Pillow writes only what it is given, so re-encoding drops every block of metadata at
once (EXIF, XMP, IPTC, comments, MPF pictures, PNG text chunks) with no format-by-format
parser to keep correct. A JPEG is written again with its own quantisation tables and
chroma subsampling, so it keeps its quality and roughly its size; PNG and GIF are
lossless anyway. Only the colour profile (ICC) is kept: it says how to show the colours,
nothing about the person. The photographer's credit belongs in the caption the editor
writes.

Cleaning is done in the upload's own request, not as a job: until it is done the
original must not exist in storage at all, and a 24-megapixel photo takes about a
second.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, JpegImagePlugin
from wagtail.images.forms import BaseImageForm

from toasoan.vietnamese.numbers import thousands

# EXIF tags whose presence means a file is not clean yet (besides GPS and XMP/IPTC).
_IDENTIFYING_TAGS = {
    0x010F,  # Make
    0x0110,  # Model
    0x013B,  # Artist
    0x8298,  # Copyright
    0x8825,  # GPSInfo
    0x9286,  # UserComment (in the Exif IFD, but some writers put it in IFD0)
    0xA430,  # CameraOwnerName
    0xA431,  # BodySerialNumber
    0xA435,  # LensSerialNumber
    0x0112,  # Orientation: applied, then removed
}
# Blocks of metadata Pillow reads into ``info`` (XMP, IPTC/Photoshop, comments, PNG text).
_METADATA_INFO_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "mp"}


class PhotoRefused(ValueError):
    """A file that cannot be stored as a photo, with the reason in Vietnamese."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def max_pixels() -> int:
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def too_many_pixels_message(width: int, height: int, frames: int = 1) -> str:
    in_frames = f" × {frames} khung hình" if frames > 1 else ""
    return (
        f"Ảnh quá lớn: {thousands(width)} × {thousands(height)} điểm ảnh{in_frames}; "
        f"giới hạn là {thousands(max_pixels())} điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại."
    )


def _open(data: bytes) -> Image.Image:
    # Pillow's own bomb check warns below twice its limit; ours is lower and is an error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            raise PhotoRefused(
                "Ảnh quá lớn để xử lý; hãy thu nhỏ ảnh rồi tải lên lại."
            ) from exc
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds
            raise PhotoRefused(
                "Tệp không phải là ảnh đọc được (có thể đã hỏng)."
            ) from exc
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > max_pixels():
        raise PhotoRefused(too_many_pixels_message(image.width, image.height, frames))
    return image


def needs_cleaning(data: bytes) -> bool:
    """Whether a stored file still carries metadata (reads headers only, no pixels)."""
    image = _open(data)
    if _METADATA_INFO_KEYS & set(image.info):
        return True
    if any(key.startswith(("Raw profile", "XML:")) for key in image.info):
        return True
    if image.format == "PNG" and any(
        isinstance(value, str) for value in image.info.values()
    ):
        return True  # tEXt/iTXt chunks: Author, Location, Comment...
    exif = image.getexif()
    return bool(_IDENTIFYING_TAGS & set(exif)) or bool(exif.get_ifd(0x8769))


def clean(data: bytes) -> CleanPhoto:
    """The same picture with no metadata but its colour profile; raises PhotoRefused."""
    image = _open(data)
    source_format = image.format
    icc_profile = image.info.get("icc_profile")
    try:
        if source_format == "JPEG":
            return _clean_jpeg(image, icc_profile)
        if source_format in ("PNG", "GIF", "WEBP"):
            return _clean_other(image, source_format, icc_profile, data)
    except PhotoRefused:
        raise
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt pixels
        raise PhotoRefused("Tệp ảnh bị hỏng hoặc không đầy đủ.") from exc
    raise PhotoRefused(
        f"Định dạng ảnh {source_format or 'không rõ'} không được hỗ trợ; "
        "hãy dùng JPEG, PNG, GIF hoặc WebP."
    )


def _result(image: Image.Image, **save_options) -> CleanPhoto:
    out = io.BytesIO()
    image.save(out, **save_options)
    return CleanPhoto(out.getvalue(), image.width, image.height)


def _clean_jpeg(image: Image.Image, icc_profile: bytes | None) -> CleanPhoto:
    options = {"format": "JPEG", "optimize": True}
    if image.info.get("progressive") or image.info.get("progression"):
        options["progressive"] = True
    # The original's own tables: the copy is as sharp as the original, not "quality 85".
    options["qtables"] = image.quantization
    sampling = JpegImagePlugin.get_sampling(image)
    if sampling != -1:
        options["subsampling"] = sampling
    if icc_profile:
        options["icc_profile"] = icc_profile
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    return _result(_without_metadata(upright), **options)


def _clean_other(
    image: Image.Image, source_format: str, icc_profile: bytes | None, data: bytes
) -> CleanPhoto:
    animated = getattr(image, "is_animated", False)
    options: dict = {"format": source_format}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if animated:
        options.update(save_all=True, loop=image.info.get("loop", 0))
        if "duration" in image.info:
            options["duration"] = image.info["duration"]
        if source_format == "GIF" and "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        if source_format == "WEBP":
            options["lossless"] = b"VP8L" in data[:64]
            options["quality"] = 90
        return _result(_without_metadata(image), **options)
    upright = ImageOps.exif_transpose(image)
    if source_format == "PNG":
        options["optimize"] = True
        if "transparency" in image.info and upright.mode in ("P", "L", "RGB"):
            options["transparency"] = image.info["transparency"]
    elif source_format == "GIF":
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
    elif source_format == "WEBP":
        # Lossless stays lossless; a lossy WebP is encoded once more at a high quality.
        options["lossless"] = b"VP8L" in data[:64]
        options["quality"] = 92
    return _result(_without_metadata(upright), **options)


def _without_metadata(image: Image.Image) -> Image.Image:
    # Some encoders (GIF comments, WebP EXIF/XMP) copy from ``info``: nothing left there.
    for key in list(image.info):
        if key not in ("transparency", "duration", "loop", "background"):
            del image.info[key]
    return image


def clean_image_instance(image) -> bool:
    """Rewrite an uncommitted upload on a Wagtail image in place (before it is stored);
    returns whether it was one. Raises PhotoRefused. Marks the image clean either way
    it was cleaned here or by the form, so ``clean_stored`` need not read it back."""
    field_file = image.file
    if not field_file or getattr(field_file, "_committed", True):
        return False
    if getattr(getattr(field_file, "file", None), "toasoan_clean", False):
        image.toasoan_clean = True  # the form has cleaned it already
        return False
    field_file.open()
    field_file.seek(0)
    cleaned = clean(field_file.read())
    image.file = ContentFile(cleaned.data, name=os.path.basename(field_file.name))
    for name, value in _stored_fields(cleaned).items():
        setattr(image, name, value)
    image.toasoan_clean = True
    return True


def _stored_fields(cleaned: CleanPhoto) -> dict:
    """What a Wagtail image records of its file, for the cleaned one."""
    return {
        "width": cleaned.width,
        "height": cleaned.height,
        "file_size": len(cleaned.data),
        "file_hash": hashlib.sha1(cleaned.data).hexdigest(),
    }


def clean_stored(image) -> bool:
    """Clean a photo already in storage (an older upload, or one stored by a path that
    bypassed the form); its renditions are dropped and made again from the clean
    original. Returns whether anything changed."""
    if getattr(image, "toasoan_clean", False):
        return False  # cleaned on its way in (clean_image_instance)
    with image.open_file() as handle:
        data = handle.read()
    if not needs_cleaning(data):
        return False
    cleaned = clean(data)
    storage, old_name = image.file.storage, image.file.name
    # A new name, saved before the old one is removed: a crash in between leaves the
    # old (still unclean) photo in place, never a row pointing at nothing.
    new_name = storage.save(old_name, ContentFile(cleaned.data))
    type(image).objects.filter(pk=image.pk).update(
        file=new_name, **_stored_fields(cleaned)
    )
    for rendition in image.renditions.all():
        rendition.delete()  # Wagtail's own delete removes its file too
    if new_name != old_name:
        storage.delete(old_name)
    image.refresh_from_db()
    return True


class _CleanUpload(ContentFile):
    """An upload already cleaned by the form: the model's pre_save leaves it as it is."""

    toasoan_clean = True


def _checked_first(check):
    """Wagtail's pixel check has Willow decode every pixel before it counts them (a
    server error for a file Pillow thinks a bomb, or a truncated one; seconds and
    hundreds of MB for a huge one): the header is read first, and a refusal is a form
    error in Vietnamese."""

    def checked(upload):
        upload.seek(0)
        try:
            _open(upload.read())
        except PhotoRefused as exc:
            raise ValidationError(str(exc), code="file_too_many_pixels") from exc
        finally:
            upload.seek(0)
        try:
            check(upload)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ValidationError(
                "Tệp ảnh bị hỏng hoặc không đầy đủ.", code="invalid_image"
            ) from exc

    return checked


class PhotoForm(BaseImageForm):
    """Wagtail's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), for the single and the
    multiple uploader and the chooser's upload tab: the file is cleaned while the form is
    validated, so a refusal is a form error in Vietnamese, not a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            field.error_messages["file_too_many_pixels"] = (
                "Ảnh quá lớn: %(num_pixels)s điểm ảnh; giới hạn là %(max_pixels_count)s "
                "điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại."
            )
            field.check_image_pixel_size = _checked_first(field.check_image_pixel_size)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged: the stored file
        upload.seek(0)
        try:
            cleaned = clean(upload.read())
        except PhotoRefused as exc:
            raise ValidationError(str(exc), code="photo_refused") from exc
        return _CleanUpload(cleaned.data, name=upload.name)
