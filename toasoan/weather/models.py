from django.db import models


class WeatherReport(models.Model):
    """The last forecast fetched for a locality, written by the background refresh only."""

    locality = models.OneToOneField(
        "places.Locality", on_delete=models.CASCADE, related_name="weather"
    )
    fetched_at = models.DateTimeField()
    data = models.JSONField()
    provider = models.CharField(max_length=60, default="Open-Meteo")

    class Meta:
        # The table keeps the name it had when this model lived in `places`.
        db_table = "places_weatherreport"
