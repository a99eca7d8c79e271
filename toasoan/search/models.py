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


class TermCount(models.Model):
    """In how many articles' stored terms a pair is (the paper's own document
    frequency: "thanh0hoa" is in most of a Thanh Hóa paper's articles and tells little,
    however rare it is in national news). The row with the empty term counts articles.
    Kept as terms are stored; an article deleted leaves its counts (they only damp)."""

    term = models.CharField(max_length=60, primary_key=True)
    articles = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "tần suất từ khóa"
