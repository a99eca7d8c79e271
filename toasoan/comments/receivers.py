"""What a comment's change purges from the full-page cache: its article's comment key (the
count on the article page, the shared comment block), and only when readers could see it:
a comment that was or becomes public (approved), in a field readers see. A new pending
comment, a rejection of one never shown, a moderator's flag purge nothing, so a reader
posting never sends the next reader of a cached article to the app."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from toasoan.serving import keys
from toasoan.serving.purge import purge

from .models import Comment, CommentSettings

# What the public comment shows of itself (and counts).
PUBLIC_FIELDS = {"status", "body", "name", "edited_at", "likes", "parent", "article"}


@receiver(post_save, sender=Comment)
def purge_public_comment(sender, instance, created, update_fields=None, **kwargs):
    was, now = instance.public_before, instance.is_public
    instance.public_before = now
    if not (was or now):
        return
    if update_fields is not None and was == now:
        if not PUBLIC_FIELDS & set(update_fields):
            return
    purge([keys.comments(instance.article_id)])


@receiver(post_delete, sender=Comment)
def purge_deleted_comment(sender, instance, **kwargs):
    if instance.public_before or instance.is_public:
        purge([keys.comments(instance.article_id)])


@receiver(post_save, sender=CommentSettings)
def purge_comment_rules(sender, instance, **kwargs):
    # The paper's rules (open, pre-moderated, closed) show on every article page.
    purge([keys.SITE])
