"""Files in the paper's storage that jobs work on: a local path for a stored upload
(ffmpeg and PyMuPDF read paths; on S3 the upload is copied to a temporary file first),
and a folder of a processing run deleted whole (local disk or bucket)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile

from django.core.files.storage import default_storage


@contextlib.contextmanager
def local_path(fieldfile, suffix: str = ""):
    """A path to ``fieldfile`` on this machine: its own on a local disk, else a copy."""
    try:
        yield fieldfile.path
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        with fieldfile.open("rb") as source:
            shutil.copyfileobj(source, tmp)
        tmp.flush()
        yield tmp.name


def delete_folder(folder: str) -> None:
    """Every file under ``folder`` in the default storage, sub-folders included."""
    if not folder:
        return
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in folders:
        delete_folder(f"{folder}/{name}")
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    with contextlib.suppress(OSError, NotImplementedError):
        default_storage.delete(folder)  # the directory itself, on a local disk
