"""An index for the explorer's listing of a section: the children of one depth, newest
revision first, as Wagtail orders them (``latest_revision_created_at DESC NULLS LAST``).
With it the first 50 of 100,000 articles are read in order instead of all of them sorted;
it also finds the tree's root (``depth = 1``) without a scan. The table is Wagtail's, so
the index is written here, in SQL, for each database."""

from django.db import migrations

NAME = "newsroom_page_depth_revised"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        order = "latest_revision_created_at DESC NULLS LAST"
    else:  # SQLite and others sort NULL first ascending, so last descending
        order = "latest_revision_created_at DESC"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page (depth, {order})"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_proofread_approval_task"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
