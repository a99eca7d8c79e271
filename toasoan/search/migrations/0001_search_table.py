from django.db import migrations


def create(apps, schema_editor):
    from toasoan.search.backends import PostgresBackend, SQLiteBackend

    backend = PostgresBackend if schema_editor.connection.vendor == "postgresql" else SQLiteBackend
    backend().create(schema_editor)


def drop(apps, schema_editor):
    from toasoan.search.backends import PostgresBackend, SQLiteBackend

    backend = PostgresBackend if schema_editor.connection.vendor == "postgresql" else SQLiteBackend
    backend().drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
