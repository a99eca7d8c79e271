"""Locality now lives in `places` (see places 0002): the tag field points there and the
model leaves this app's state. Nothing changes in the database."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_locality_admin_units"),
        ("places", "0002_locality_from_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="articlepage",
                    name="localities",
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to="places.locality", verbose_name="địa phương"),
                ),
                migrations.DeleteModel(name="Locality"),
            ],
        ),
    ]
