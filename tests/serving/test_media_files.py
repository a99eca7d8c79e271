"""Readers get renditions, never uploaded originals, through the real Varnish and nginx
of production (deploy/): a rendition is served, an original is the paper's 404."""

from __future__ import annotations

import http.client

import pytest

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_originals_are_never_served_renditions_are(front):
    media = front.files.root / "media"
    for folder in ("original_images", "images", "uploads"):
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder).chmod(0o755)
        path = media / folder / "anh.jpg"
        path.write_bytes(b"\xff\xd8 not really a photo \xff\xd9")
        path.chmod(0o644)

    assert front.get("/media/images/anh.jpg")[0] == 200
    for path in ("/media/original_images/anh.jpg", "/media/uploads/anh.jpg",
                 "/media//original_images/anh.jpg", "/media/original%5Fimages/anh.jpg"):  # fmt: skip
        status, _, body, _ = front.get(path)
        assert status == 404, path
        assert "not really a photo" not in body
    # nginx itself refuses them too, should anything reach it another way.
    conn = http.client.HTTPConnection("127.0.0.1", front.files.port, timeout=10)
    conn.request("GET", "/media/original_images/anh.jpg")
    assert conn.getresponse().status == 404
    conn.close()
