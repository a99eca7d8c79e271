from django.db import migrations

TABLE = "toasoan_search_podcast"


def _backend(schema_editor):
    from toasoan.search.backends import PostgresBackend, SQLiteBackend

    cls = PostgresBackend if schema_editor.connection.vendor == "postgresql" else SQLiteBackend
    return cls(TABLE)


def create(apps, schema_editor):
    _backend(schema_editor).create(schema_editor)


def drop(apps, schema_editor):
    _backend(schema_editor).drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("podcasts", "0001_initial"), ("toasoan_search", "0006_term_counts")]
    operations = [migrations.RunPython(create, drop)]
