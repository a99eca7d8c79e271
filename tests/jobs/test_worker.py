"""A real `toasoan worker` process runs what publishing enqueued, and a job whose worker
is killed with -9 is run again by the next worker, whole."""

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.processes import wait_until
from toasoan.articles.models import ArticlePage, PaperSettings, RelatedArticle
from toasoan.articles.share_cards import card_name
from toasoan.articles.tasks import share_card_job
from toasoan.search.tasks import related_job

from .conftest import DATABASE_BACKEND
from .jobs_for_tests import wait_for_word

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@override_settings(TASKS=DATABASE_BACKEND)
def test_publishing_returns_before_the_slow_work_which_the_worker_then_does(
    make_article, start_worker
):
    older = make_article(title="Lũ quét cuốn trôi cầu treo ở Mường Lát")
    article = make_article(title="Mường Lát khắc phục hậu quả lũ quét", live=False)
    article.save_revision().publish()

    queued = {r.task_path: r for r in DBTaskResult.objects.all()}
    card_job = queued[share_card_job.module_path]
    related = queued[related_job.module_path]
    assert card_job.status == related.status == TaskResultStatus.READY
    assert card_job.args_kwargs["kwargs"] == {"article_id": article.pk}
    # The card this article's job will make (by name: other tests' articles may have
    # had this id, and their cards stay in the media folder).
    paper_name = PaperSettings.for_site(article.get_site()).paper_name
    card = card_name(ArticlePage.objects.get(pk=article.pk), paper_name)
    assert not default_storage.exists(card)  # not made yet
    assert not RelatedArticle.objects.filter(article=article).exists()

    worker = start_worker("--batch")
    assert worker.wait(timeout=120) == 0

    card_job.refresh_from_db()
    related.refresh_from_db()
    assert card_job.status == related.status == TaskResultStatus.SUCCESSFUL
    assert card_job.return_value == card
    assert default_storage.exists(card)
    assert list(
        RelatedArticle.objects.filter(article=article).values_list("related", flat=True)
    ) == [older.pk]


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_job_whose_worker_is_killed_is_run_again_whole(tmp_path, start_worker):
    result = wait_for_word.enqueue(folder=str(tmp_path))
    first = start_worker()
    wait_until(lambda: (tmp_path / "started").exists())
    first.kill()  # SIGKILL: no chance to tidy up
    first.wait()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # as the dead worker left it
    assert not (tmp_path / "result").exists()

    (tmp_path / "go").touch()
    second = start_worker()
    wait_until(
        lambda: (
            DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
        )
    )
    second.terminate()
    assert second.wait(timeout=60) == 0

    row.refresh_from_db()
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
    assert (tmp_path / "started").read_text() == "xx"  # begun twice, from the start
    assert (tmp_path / "result").read_text() == "done"
    assert row.return_value == "done"
