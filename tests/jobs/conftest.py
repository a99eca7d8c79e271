import pytest
from django.conf import settings

from tests.processes import Commands

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def start_worker(tmp_path):
    """`toasoan worker` as production runs it, on the test's database and media."""
    commands = Commands(
        tmp_path,
        TOASOAN_TEST_TASKS="database",
        TOASOAN_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )

    def start(*extra: str):
        return commands.start(
            "worker", "--interval", "0.05", "--no-startup-delay", *extra
        )

    yield start
    commands.stop_all()
