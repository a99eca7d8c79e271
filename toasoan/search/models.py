from django.db import models

from toasoan.articles.models import ArticlePage


class ArticleTerms(models.Model):
    """An article's most telling syllable pairs and their weights, made when it is
    indexed (toasoan.search.related.term_vector): "Tin liên quan" compares a new article
    with its candidates by these, without reading and analyzing their bodies again."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    terms = models.TextField()  # "xay0dung 12.31 lu0quet 9.07 …", best first

    class Meta:
        verbose_name = "từ khóa bài viết"
