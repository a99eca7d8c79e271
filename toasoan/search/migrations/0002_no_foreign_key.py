from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE toasoan_search DROP CONSTRAINT IF EXISTS toasoan_search_article_id_fkey"
        )


class Migration(migrations.Migration):
    """Django's flush cannot truncate articles while an unmanaged table references them."""

    dependencies = [("toasoan_search", "0001_search_table")]
    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
