"""`toasoan backup` / `toasoan restore`: a backup restored into an empty database (of the
engine the suite runs on: SQLite, and PostgreSQL in make test's second run) holds every
article, revision, comment, audit entry, locality link and photo again; a database that
is not empty or a file that is not a backup is refused with the reason, and nothing is
written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
READ = """
import json, django
django.setup()
from django.db import connection
from wagtail.models import PageLogEntry, Revision
from toasoan.articles.models import ArticlePage
from toasoan.comments.models import Comment, CommentLog
print(json.dumps({
    "articles": sorted(ArticlePage.objects.values_list("title", flat=True)),
    "revisions": Revision.objects.filter(object_id__in=[str(pk) for pk in
        ArticlePage.objects.values_list("pk", flat=True)]).count(),
    "comments": sorted(Comment.objects.values_list("body", "status")),
    "comment_log": sorted(CommentLog.objects.values_list("action", "after")),
    "page_log": PageLogEntry.objects.count(),
    "localities": sorted(ArticlePage.localities.through.objects.values_list(
        "articlepage__title", "locality__name")),
}, ensure_ascii=False))
"""


def snapshot() -> dict:
    """READ's figures, from the test's own database."""
    scope: dict = {}
    exec(
        READ.replace("django.setup()", "").replace("print(", "scope['out'] = ("),
        {"scope": scope},
    )
    return json.loads(scope["out"])


def target_database(tmp_path: Path) -> tuple[str, object]:
    """A URL of an empty database of the suite's engine, and how to drop it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = f"restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    host = db["HOST"] or db["OPTIONS"].get("host", "")
    url = f"postgres://{db['USER']}@/{name}?host={host}"

    def drop():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def toasoan(env: dict, *args: str, code: str | None = None):
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "toasoan"]
    return subprocess.run([*cmd, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_article_revision_comment_and_link(
    make_article, places, unit, tmp_path
):
    from toasoan.comments import services
    from toasoan.newsroom.roles import COMMENT_MODERATOR

    from ..staff import newsroom_user

    moderator = newsroom_user(COMMENT_MODERATOR, "kiemduyet")

    article = make_article(title="Thanh Hóa đón 1 triệu lượt khách dịp lễ")
    article.localities.add(unit("Phường Sầm Sơn"))
    article.save_revision().publish()
    article.title = "Thanh Hóa đón hơn 1 triệu lượt khách dịp lễ"
    article.save_revision(user=moderator).publish()
    other = make_article(title="Mùa lúa chín ở Thiệu Hóa", section="chinh-tri")
    other.localities.add(unit("Phường Bỉm Sơn"), unit("Phường Sầm Sơn"))
    other.save_revision().publish()
    stored = services.comment_submit(
        article=article, name="Trần Văn Bình", body="Biển Sầm Sơn năm nay sạch đẹp hơn.",
        ip="203.0.113.9", idempotency_key="backup-1",
    ).comment  # fmt: skip
    services.comment_edit(comment=stored, user=moderator, body="Biển Sầm Sơn sạch đẹp.")
    services.comment_approve(comment=stored, user=moderator)
    photo = Path(settings.MEDIA_ROOT) / "original_images" / "ham-rong.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 JPEG of the bridge")
    before = snapshot()
    assert before["revisions"] == 3 and before["comment_log"] and before["localities"]

    archive = tmp_path / "toasoan.tar"
    call_command("backup", str(archive))
    assert archive.exists() and not archive.with_name("toasoan.tar.partial").exists()
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes, sessions

    url, drop = target_database(tmp_path)
    restored_var = tmp_path / "restored-var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.dev",
        DATABASE_URL=url,
        TOASOAN_VAR_DIR=str(restored_var),
    )
    try:
        done = toasoan(env, "restore", str(archive))
        assert done.returncode == 0, done.stderr[-3000:]
        root = Path(settings.MEDIA_ROOT)
        photos = sum(
            1
            for p in root.rglob("*")
            if p.is_file()
            and not p.relative_to(root).as_posix().startswith("uploads/partial/")
        )  # pieces of unfinished uploads are not kept
        assert "khớp bản sao lưu" in done.stdout
        assert f"{photos} tệp ảnh, video thêm vào" in done.stdout
        after = toasoan(env, code=READ)
        assert after.returncode == 0, after.stderr[-3000:]
        assert json.loads(after.stdout.strip().splitlines()[-1]) == before
        assert (
            restored_var / "media" / "original_images" / "ham-rong.jpg"
        ).read_bytes() == (photo.read_bytes())

        # Again into the now full database: refused, and nothing changed.
        again = toasoan(env, "restore", str(archive))
        assert (
            again.returncode != 0
            and "chỉ khôi phục vào cơ sở dữ liệu trống" in again.stderr
        )
        assert (
            json.loads(toasoan(env, code=READ).stdout.strip().splitlines()[-1])
            == before
        )
    finally:
        drop()


def test_a_file_that_is_not_a_backup_is_refused_with_the_reason(tmp_path):
    bogus = tmp_path / "anh.tar"
    bogus.write_text("không phải tệp tar")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        TOASOAN_VAR_DIR=str(tmp_path / "var"),
    )
    for src, reason in (
        (bogus, "không phải bản sao lưu"),
        (tmp_path / "none.tar", "Không có tệp"),
    ):
        done = toasoan(env, "restore", str(src))
        assert done.returncode != 0 and reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "var" / "media").exists() or not any(
        (tmp_path / "var" / "media").iterdir()
    )


def _doctored(archive: Path, out: Path, *, rows=None, link=None) -> Path:
    """A copy of ``archive`` with the manifest's counts changed, or a link added."""
    import io
    import tarfile

    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and rows:
                manifest = json.loads(data)
                manifest["rows"].update(rows(manifest["rows"]))
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
        if link:
            info = tarfile.TarInfo(link[0])
            info.type, info.linkname = tarfile.SYMTYPE, link[1]
            dst.addfile(info)
    return out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_doctored_backup_restores_nothing(make_article, tmp_path):
    """A backup whose rows disagree with its manifest is rolled back whole; one with a
    link (a database file dressed as a photo) is refused before anything is written."""
    make_article(title="Bài trong bản sao lưu")
    archive = tmp_path / "toasoan.tar"
    call_command("backup", str(archive))
    table = "articles_articlepage"
    more = _doctored(
        archive, tmp_path / "more.tar", rows=lambda r: {table: r[table] + 1}
    )
    link = _doctored(archive, tmp_path / "link.tar",
                     link=("media/original_images/x.jpg", "../database.sqlite3"))  # fmt: skip
    for doctored, reason in ((more, "không khớp bản sao lưu"), (link, "liên kết")):
        url, drop = target_database(tmp_path)
        restored_var = tmp_path / f"var-{doctored.stem}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(DJANGO_SETTINGS_MODULE="toasoan.settings.dev", DATABASE_URL=url,
                   TOASOAN_VAR_DIR=str(restored_var))  # fmt: skip
        try:
            done = toasoan(env, "restore", str(doctored))
            assert done.returncode != 0 and reason in done.stderr, done.stderr[-2000:]
            assert "Traceback" not in done.stderr
            if reason == "không khớp bản sao lưu":
                assert f"{table}: sao lưu" in done.stderr
            tables = toasoan(
                env,
                code="import django; django.setup(); from django.db import connection;"
                "print(len(connection.introspection.table_names()))",
            )
            assert tables.stdout.strip().splitlines()[-1] == "0"  # nothing left
            media = restored_var / "media"
            assert not media.exists() or not any(media.rglob("*"))
        finally:
            drop()
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
