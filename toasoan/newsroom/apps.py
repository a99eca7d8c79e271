from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "toasoan.newsroom"
    label = "newsroom"
    verbose_name = "Tòa soạn"
