"""Backups that restore: the whole paper (database and photos) in one tar file, and its
restore into an empty database, checked row by row against what the backup counted.

A backup holds ``manifest.json`` (when, from which engine, the latest migration of each
app, the rows of every table, the photos' count and bytes), the database
(``database.dump``, PostgreSQL's custom format from ``pg_dump``, or ``database.sqlite3``,
a copy made with SQLite's online backup API) and ``media/`` (the uploaded photos, when
they are on local disk). The rows are counted in the same snapshot the dump is made from
(``pg_export_snapshot``; the SQLite copy is counted itself), so a paper that publishes
while it is backed up still gets a backup whose counts are true. It is written beside its
final name and renamed when complete: a backup cut off half-way never looks whole.

A restore refuses a database that already holds tables (it never merges into or
overwrites a paper), restores PostgreSQL in one transaction (all or nothing), adds the
photos that are missing without overwriting any, and then counts the rows again: any
table whose count differs from the manifest is reported and the command fails.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"
# What pg_dump needs to reach the server; psycopg's libpq may be newer than the
# installed pg_dump's and list options (sslcertmode…) that the older one refuses.
LIBPQ_PARAMETERS = {
    "host", "hostaddr", "port", "dbname", "user", "passfile", "service", "options",
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl",
}  # fmt: skip


class BackupError(Exception):
    """What went wrong, in Vietnamese, for the paper's IT staff."""


@dataclass
class Restored:
    tables: int
    rows: int
    media_added: int
    media_kept: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    pending_migrations: bool = False


def _tables() -> list[str]:
    """Every table of the project's models, many-to-many link tables included."""
    names = {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    return sorted(names & set(connection.introspection.table_names()))


def _count(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def pg_program(name: str) -> str:
    """The newest installed PostgreSQL's program (pg_dump must not be older than the
    server), else the one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client (apt-get install postgresql-client)."
        )
    return path


def _pg_args() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore's connection, as libpq sees Django's (host, port, user, the
    socket directory or sslmode given in OPTIONS…); the password through the environment."""
    from psycopg.conninfo import make_conninfo

    connection.ensure_connection()
    info = connection.connection.info
    env = dict(os.environ)
    if info.password:
        env["PGPASSWORD"] = info.password
    params = {k: v for k, v in info.get_parameters().items() if k in LIBPQ_PARAMETERS}
    return ["--dbname", make_conninfo(**params)], env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại: {done.stderr.strip()[-2000:]}")


# Pieces of uploads still arriving (media.MediaUpload): not worth keeping.
SKIPPED = ("uploads/partial/",)


def _storage():
    from django.core.files.storage import default_storage

    return default_storage


def _media_root() -> Path | None:
    """The media folder on this machine, or None when media live in object storage
    (S3): then they are read and written through the storage."""
    try:
        return Path(_storage().path(""))
    except NotImplementedError:
        return None


def _walk(storage, folder: str = "") -> list[str]:
    folders, files = storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    names = [prefix + f for f in files]
    for sub in folders:
        names += _walk(storage, prefix + sub)
    return names


def media_files() -> list[tuple[str, int]]:
    """(name, size) of every stored media file: photos, renditions, videos, captions,
    print pages, uploaded originals; on the local disk or in the bucket."""
    media = _media_root()
    if media is not None:
        found = [
            (p.relative_to(media).as_posix(), p.stat().st_size)
            for p in sorted(media.rglob("*"))
            if p.is_file()
        ]
    else:
        storage = _storage()
        found = [(name, storage.size(name)) for name in sorted(_walk(storage))]
    return [(n, size) for n, size in found if not n.startswith(SKIPPED)]


def backup(dest: Path) -> dict:
    """Write the paper's backup to ``dest`` (a .tar file); returns its manifest."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="toasoan-backup-") as work:
        work = Path(work)
        manifest: dict = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
        }
        if connection.vendor == "postgresql":
            db_file = work / "database.dump"
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables = _tables()
                manifest["rows"] = _count(cursor, tables)
                manifest["migrations"] = _migrations()
                args, env = _pg_args()
                _run(
                    [pg_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}",
                     "--file", str(db_file), *args],
                    env, "pg_dump",
                )  # fmt: skip
        elif connection.vendor == "sqlite":
            db_file = work / "database.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(db_file)
            try:
                connection.connection.backup(copy)
                tables = _tables()
                manifest["rows"] = _count(copy.cursor(), tables)
            finally:
                copy.close()
            manifest["migrations"] = _migrations()
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")

        files = media_files()
        manifest["media"] = {
            "stored": True,
            "files": len(files),
            "bytes": sum(size for _, size in files),
        }
        partial = dest.with_name(dest.name + ".partial")
        # The paper's whole database (password hashes, live sessions): its owner only.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(partial, 0o600)
        with tarfile.open(partial, "w") as tar:
            tar.add(db_file, arcname=db_file.name)
            storage = _storage()
            kept = []
            for name, size in files:
                info = tarfile.TarInfo(f"media/{name}")
                info.size, info.mtime, info.mode = size, int(time.time()), 0o644
                try:
                    with storage.open(name, "rb") as fh:
                        tar.addfile(info, fh)
                except FileNotFoundError:
                    continue  # deleted since it was listed (an old video run): not kept
                kept.append(size)
            manifest["media"] = {"stored": True, "files": len(kept), "bytes": sum(kept)}
            (work / MANIFEST).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=1)
            )
            tar.add(work / MANIFEST, arcname=MANIFEST)
        os.replace(partial, dest)
    return manifest


def read_manifest(src: Path) -> dict:
    try:
        with tarfile.open(src) as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read().decode())
    except FileNotFoundError as exc:
        raise BackupError(f"Không có tệp {src}.") from exc
    except (tarfile.TarError, KeyError, AttributeError, ValueError, OSError) as exc:
        raise BackupError(
            f"{src} không phải bản sao lưu của toasoan (không đọc được {MANIFEST}: {exc})."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{src}: định dạng sao lưu {manifest.get('format') if isinstance(manifest, dict) else '?'} "
            f"không được phiên bản này hỗ trợ (cần {FORMAT})."
        )
    if not isinstance(manifest.get("rows"), dict) or manifest.get("engine") not in (
        "postgresql",
        "sqlite",
    ):
        raise BackupError(f"{src}: {MANIFEST} thiếu thông tin (engine, rows).")
    rows = manifest["rows"]
    if not all(
        isinstance(t, str)
        and re.fullmatch(r"[A-Za-z0-9_]{1,63}", t)
        and type(n) is int
        and n >= 0
        for t, n in rows.items()
    ):
        raise BackupError(f"{src}: {MANIFEST} có số dòng không hợp lệ.")
    return manifest


def restore(src: Path) -> Restored:
    """Restore ``src`` into the configured (empty) database and media folder."""
    src = Path(src)
    manifest = read_manifest(src)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu từ {manifest['engine']} không khôi phục được vào "
            f"{connection.vendor}: hãy đặt DATABASE_URL tới một cơ sở dữ liệu {manifest['engine']} trống."
        )
    existing = connection.introspection.table_names()
    if existing:
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có {len(existing)} bảng: chỉ khôi phục vào cơ sở dữ liệu "
            "trống, để không ghi đè hay trộn lẫn dữ liệu đang có. Tạo một cơ sở dữ liệu mới "
            "(createdb) rồi đặt DATABASE_URL tới nó."
        )
    with tempfile.TemporaryDirectory(prefix="toasoan-restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(src) as tar:
                # `toasoan backup` writes plain files and folders only: a link (which
                # could make a database or a key file a public "photo") or a device
                # means the archive was made or changed by something else.
                odd = next((m.name for m in tar if not (m.isfile() or m.isdir())), None)
                if odd is not None:
                    raise BackupError(
                        f"{src} chứa liên kết hoặc tệp đặc biệt ({odd}), thứ mà "
                        "`toasoan backup` không bao giờ tạo: không khôi phục."
                    )
                tar.extractall(work, filter="data")  # no absolute paths, no ..
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"Không giải nén được {src}: {exc}") from exc
        photos = sorted(p for p in (work / "media").rglob("*") if p.is_file())
        storage = _storage()

        def stored_size(photo) -> int | None:
            name = photo.relative_to(work / "media").as_posix()
            return storage.size(name) if storage.exists(name) else None

        conflicts = [
            p.relative_to(work / "media").as_posix()
            for p in photos
            if stored_size(p) not in (None, p.stat().st_size)
        ]
        if conflicts:
            raise BackupError(
                f"{len(conflicts)} ảnh trong thư mục media khác với bản sao lưu "
                f"(ví dụ {conflicts[0]}): không ghi đè; hãy khôi phục vào thư mục media trống."
            )

        if connection.vendor == "postgresql":
            db_file = work / "database.dump"
            if not db_file.is_file():
                raise BackupError(f"{src} thiếu database.dump.")
            args, env = _pg_args()
            connection.close()
            # The dump as SQL, then the row counts checked inside the same transaction:
            # a restore that does not match its backup is rolled back whole, never left
            # half in place.
            script = work / "restore.sql"
            _run(
                [pg_program("pg_restore"), "--no-owner", "--no-privileges",
                 "--file", str(script), str(db_file)],
                env, "pg_restore",
            )  # fmt: skip
            with script.open("a", encoding="utf-8") as out:
                out.write(_pg_count_check(manifest["rows"]))
            _run(
                [pg_program("psql"), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1",
                 "--single-transaction", "--file", str(script), *args],
                env, "Khôi phục",
            )  # fmt: skip
        else:
            db_file = work / "database.sqlite3"
            if not db_file.is_file():
                raise BackupError(f"{src} thiếu database.sqlite3.")
            source = sqlite3.connect(db_file)
            try:
                # Counted in the file before anything is written.
                try:
                    got = _count_sqlite(source, manifest["rows"])
                except sqlite3.DatabaseError as exc:
                    raise BackupError(f"{src}: database.sqlite3 hỏng ({exc}).") from exc
                _check_counts(manifest["rows"], got)
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
            connection.close()

        added = kept = 0
        for photo in photos:
            if photo.is_symlink():
                continue  # refused above; never followed into the media folder
            name = photo.relative_to(work / "media").as_posix()
            if storage.exists(name):
                kept += 1
                continue
            with photo.open("rb") as fh:
                saved = storage.save(name, File(fh))
            if saved != name:
                raise BackupError(
                    f"Kho tệp đổi tên {name} thành {saved}: dừng khôi phục."
                )
            added += 1

    present = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = _count(cursor, sorted(set(manifest["rows"]) & present))
    mismatches = {
        table: (want, counts.get(table, 0))
        for table, want in manifest["rows"].items()
        if counts.get(table, 0) != want
    }
    return Restored(
        tables=len(counts),
        rows=sum(counts.values()),
        media_added=added,
        media_kept=kept,
        mismatches=mismatches,
        pending_migrations=_pending_migrations(),
    )


def mismatch_message(mismatches: dict[str, tuple[int, int]], heading: str) -> str:
    """``heading`` and a line per table whose rows differ from the backup's."""
    lines = [
        f"  {table}: sao lưu {want}, khôi phục {got}"
        for table, (want, got) in sorted(mismatches.items())
    ]
    return f"{heading}:\n" + "\n".join(lines)


def _check_counts(want: dict[str, int], got: dict[str, int]) -> None:
    mismatches = {
        table: (n, got.get(table, 0))
        for table, n in want.items()
        if got.get(table) != n
    }
    if mismatches:
        raise BackupError(
            mismatch_message(
                mismatches, "Khôi phục không khớp bản sao lưu (không ghi gì)"
            )
        )


def _count_sqlite(source: sqlite3.Connection, rows: dict[str, int]) -> dict[str, int]:
    present = {
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    counts = {}
    for table in rows:
        if table in present:
            quoted = '"' + table.replace('"', '""') + '"'
            counts[table] = source.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[
                0
            ]
    return counts


def _pg_count_check(rows: dict[str, int]) -> str:
    """A DO block that fails (and so rolls back the restore's one transaction) when a
    table's rows differ from the manifest's, naming each such table."""
    checks = []
    for table, want in sorted(rows.items()):
        ident = 'public."' + table.replace('"', '""') + '"'
        literal = table.replace("'", "''")
        checks.append(
            f"  SELECT count(*) INTO got FROM {ident};\n"
            f"  IF got <> {int(want)} THEN bad := bad || format("
            f"E'\\n  %s: sao lưu %s, khôi phục %s', '{literal}', {int(want)}, got);"
            " END IF;\n"
        )
    return (
        "\nDO $toasoan$\nDECLARE got bigint; bad text := '';\nBEGIN\n"
        + "".join(checks)
        + "  IF bad <> '' THEN RAISE EXCEPTION "
        "'Khôi phục không khớp bản sao lưu (không ghi gì):%', bad; END IF;\n"
        "END $toasoan$;\n"
    )


def _pending_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
