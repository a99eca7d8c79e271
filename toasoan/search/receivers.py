"""Keep the search index, a derived copy like the page cache, in step with what
readers can see, whoever saves an article (publish, unpublish, a bulk import's live
rows, delete). "Tin liên quan" is a job of the publishing path
(``toasoan.newsroom.publishing``), not a receiver."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import article_text_changed

from .backends import get_backend
from .services import search_index_article, search_reindex, search_remove_article

# The index lives in the same database, so it commits or rolls back with the article.


# Saves that touch none of these (a draft revision of a live page, a lock) leave the
# live text as it was.
INDEXED_FIELDS = {
    "title",
    "sapo",
    "body",
    "live",
    "first_published_at",
    "last_published_at",
    "published_at",
}


@receiver(post_save, sender=ArticlePage)
def index_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    # Re-read the row: the instance may hold an unpublished draft, the row the live version.
    search_index_article(article_id=instance.pk)


@receiver(article_text_changed)
def index_on_text_changed(sender, article_id, **kwargs):
    """Words shown on an article's page outside its body changed (a live page's
    posts): the index follows."""
    search_index_article(article_id=article_id)


@receiver(post_delete, sender=ArticlePage)
def remove_on_delete(sender, instance, **kwargs):
    search_remove_article(article_id=instance.pk)


def fill_empty_index(sender, using="default", verbosity=1, **kwargs):
    """After a migration that rebuilt the index table, index the live articles again."""
    if getattr(sender, "label", None) != "articles" or using != "default":
        return
    if not ArticlePage.objects.using(using).live().exists():
        return
    if get_backend().count() == 0:
        indexed = search_reindex()
        if verbosity:
            print(f"Đã lập chỉ mục tìm kiếm cho {indexed} bài viết.")
