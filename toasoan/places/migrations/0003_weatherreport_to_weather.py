"""WeatherReport moves to the `weather` app (state only; the table keeps its name)."""

from django.db import migrations


def rename_content_type(apps, schema_editor, old_app="places", new_app="weather"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new_app, model="weatherreport").exists():
        ContentType.objects.filter(app_label=old_app, model="weatherreport").update(
            app_label=new_app
        )


def rename_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, old_app="weather", new_app="places")


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_locality_from_articles"),
        ("weather", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WeatherReport")],
        ),
        migrations.RunPython(rename_content_type, rename_back),
    ]
