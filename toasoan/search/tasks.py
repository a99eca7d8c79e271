"""The search app's background jobs (run by `toasoan worker`)."""

from __future__ import annotations

from toasoan.articles.tasks import article_subject
from toasoan.jobs.enqueue import job

from .related import store_related


@job(label="Tin liên quan", subject=article_subject)
def related_job(*, article_id: int) -> int:
    """The article's terms, then its "Tin liên quan" (and its place in the lists of the
    articles it beats). Both are written whole or not at all: run again after a worker
    died, it gives the same result."""
    return len(store_related(article_id))
