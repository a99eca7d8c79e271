"""WeatherReport, moved from `places` with its table (places_weatherreport) and rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("places", "0002_locality_from_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WeatherReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("fetched_at", models.DateTimeField()),
                        ("data", models.JSONField()),
                        ("provider", models.CharField(default="Open-Meteo", max_length=60)),
                        ("locality", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="weather", to="places.locality")),
                    ],
                    options={"db_table": "places_weatherreport"},
                ),
            ],
        ),
    ]
