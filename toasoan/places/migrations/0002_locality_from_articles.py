"""Locality moves from `articles` into `places`, its table, rows and ids unchanged.

State only: the table keeps its name (articles_locality), so every foreign key, tag and
stored revision still points at the same rows. The content type is renamed rather than
recreated, so permissions, log entries and snippet revisions follow the model."""

import django.db.models.deletion
from django.db import migrations, models


def rename_content_type(old_app, new_app, model):
    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=old_app, model=model).exists():
            ContentType.objects.filter(app_label=new_app, model=model).update(app_label=old_app)

    return migrations.RunPython(forwards, backwards)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_locality_admin_units"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Locality",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(db_index=True, max_length=120, verbose_name="tên")),
                        ("slug", models.SlugField(max_length=140, unique=True)),
                        ("key", models.CharField(blank=True, editable=False, max_length=40, null=True, unique=True)),
                        ("code", models.CharField(blank=True, db_index=True, max_length=10, verbose_name="mã hành chính (GSO)")),
                        ("level", models.CharField(blank=True, choices=[("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")], max_length=10, verbose_name="cấp")),
                        ("unit_type", models.CharField(blank=True, max_length=30, verbose_name="loại đơn vị")),
                        ("short_name", models.CharField(blank=True, max_length=120, verbose_name="tên ngắn")),
                        ("valid_from", models.DateField(blank=True, null=True, verbose_name="hiệu lực từ")),
                        ("valid_to", models.DateField(blank=True, null=True, verbose_name="hết hiệu lực từ")),
                        ("lat", models.FloatField(blank=True, null=True)),
                        ("lon", models.FloatField(blank=True, null=True)),
                        ("area_km2", models.FloatField(blank=True, null=True)),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="children", to="places.locality", verbose_name="trực thuộc")),
                    ],
                    options={
                        "verbose_name": "địa phương",
                        "verbose_name_plural": "địa phương",
                        "db_table": "articles_locality",
                        "ordering": ["name"],
                    },
                ),
                migrations.AlterField(
                    model_name="localitychange",
                    name="old",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="successions", to="places.locality"),
                ),
                migrations.AlterField(
                    model_name="localitychange",
                    name="new",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="predecessions", to="places.locality"),
                ),
                migrations.AlterField(
                    model_name="localityslug",
                    name="locality",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="old_slugs", to="places.locality"),
                ),
                migrations.AlterField(
                    model_name="weatherreport",
                    name="locality",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="weather", to="places.locality"),
                ),
            ],
        ),
        rename_content_type("articles", "places", "locality"),
    ]
