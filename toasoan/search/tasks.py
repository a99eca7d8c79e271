"""The search app's background jobs (run by `toasoan worker`)."""

from __future__ import annotations

from toasoan.articles.tasks import article_subjects
from toasoan.jobs.enqueue import job

from .related import relate_article


@job(label="Tin liên quan", subjects=article_subjects)
def related_job(*, article_id: int) -> int:
    """The article's terms, then its "Tin liên quan" (and its place in the lists of the
    articles it beats), each written whole: run again after a worker died, it gives the
    same result."""
    return len(relate_article(article_id))
