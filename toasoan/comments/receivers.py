"""A comment approved, edited, rejected or deleted changes its article's comment count:
that key is purged from the full-page cache (the comment block itself is never cached)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from toasoan.serving import keys
from toasoan.serving.purge import purge

from .models import Comment, CommentSettings


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def purge_comment_count(sender, instance, **kwargs):
    purge([keys.comments(instance.article_id)])


@receiver(post_save, sender=CommentSettings)
def purge_comment_rules(sender, instance, **kwargs):
    # The paper's rules (open, pre-moderated, closed) show on every article page.
    purge([keys.SITE])
