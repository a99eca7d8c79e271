from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "toasoan.places"
    label = "places"
    verbose_name = "Địa giới hành chính"
