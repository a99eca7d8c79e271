from django.db import migrations


def backend(schema_editor):
    from toasoan.search.backends import PostgresBackend, SQLiteBackend

    return PostgresBackend() if schema_editor.connection.vendor == "postgresql" else SQLiteBackend()


def rebuild(apps, schema_editor):
    # Headline, sapo and body become separate fields with the publication time beside
    # them. The index is derived data: the table is made anew and refilled from the live
    # articles after migrating (toasoan.search.receivers.fill_empty_index).
    backend(schema_editor).drop(schema_editor)
    backend(schema_editor).create(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("toasoan_search", "0002_no_foreign_key")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
