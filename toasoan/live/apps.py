from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "toasoan.live"
    label = "live"
    verbose_name = "Tường thuật trực tiếp"

    def ready(self):
        from toasoan.articles.text import register_text

        from .selectors import searchable_lines

        # A live page's posts are found by search like its body.
        register_text(searchable_lines)
