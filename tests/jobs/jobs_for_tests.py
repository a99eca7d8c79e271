"""Jobs that only the tests enqueue: one that waits for the test's word (to be killed
mid-way), one that always fails. The worker process imports them by their path."""

import time
from pathlib import Path

from toasoan.articles.tasks import article_subjects
from toasoan.jobs.enqueue import job


@job(label="Việc thử chờ hiệu lệnh", attempts=3)
def wait_for_word(*, folder: str) -> str:
    """Says it started, waits until the test lets it go on, then writes its result whole
    (a temporary file renamed: the way a job must write)."""
    here = Path(folder)
    with open(here / "started", "a") as started:
        started.write("x")
    deadline = time.monotonic() + 60
    while not (here / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never said go")
        time.sleep(0.05)
    (here / "result.tmp").write_text("done")
    (here / "result.tmp").rename(here / "result")
    return "done"


@job(label="Việc thử luôn lỗi", attempts=2, subjects=article_subjects)
def always_fails(*, article_id: int) -> None:
    raise ValueError("Tệp video bị hỏng: không đọc được khung hình nào")
