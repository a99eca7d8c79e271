from django.db import migrations


def add_head_table(apps, schema_editor):
    # SQLite: tier 1 matches on a table holding headline and sapo only (see
    # SQLiteBackend). Filled from the full table, so the index needs no rebuild.
    if schema_editor.connection.vendor != "sqlite":
        return
    from toasoan.search.backends import SQLiteBackend

    backend = SQLiteBackend()
    backend.create(schema_editor)
    backend.fill_head(schema_editor)


def drop_head_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from toasoan.search.backends import SQLiteBackend

        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLiteBackend().head_table}")


class Migration(migrations.Migration):
    dependencies = [("toasoan_search", "0003_fields_and_tiers")]
    operations = [migrations.RunPython(add_head_table, drop_head_table)]
