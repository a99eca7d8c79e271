"""Run by test_replica.py in a process of its own, against a real primary and streaming
replica: which database each kind of request read from. Prints one JSON line."""

import json
import re
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from toasoan.articles.models import ArticlePage  # noqa: E402
from toasoan.newsroom import demo  # noqa: E402

call_command("migrate", verbosity=0)
home = demo.demo_site()
sections = demo.demo_sections(home)
section = next(iter(sections.values())) if isinstance(sections, dict) else sections[0]
article = ArticlePage(title="Bài đọc từ bản sao", sapo="Đọc từ máy phụ.")
section.add_child(instance=article)
article.save_revision().publish()

# Wait for the replica to replay the article.
deadline = time.monotonic() + 20
while (
    not ArticlePage.objects.using("replica").filter(pk=article.pk, live=True).exists()
):
    if time.monotonic() > deadline:
        raise SystemExit("replica did not catch up")
    time.sleep(0.1)

counts = {"default": 0, "replica": 0}
on_primary: list[str] = []


def counter(alias):
    def wrapper(execute, sql, params, many, context):
        counts[alias] += 1
        if alias == "default":
            table = re.search(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"', sql)
            on_primary.append(table.group(1) if table else sql[:30])
        return execute(sql, params, many, context)

    return wrapper


def reads(do):
    for alias in counts:
        counts[alias] = 0
    on_primary.clear()
    with connections["default"].execute_wrapper(counter("default")):
        with connections["replica"].execute_wrapper(counter("replica")):
            status = do()
    return {"status": status, **counts, "primary_tables": sorted(set(on_primary))}


reader = Client()
staff = Client()
staff.force_login(get_user_model().objects.create_superuser("quantri", "", "x-pass-1"))
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    in_recovery = cursor.fetchone()[0]
result = {
    "replica_in_recovery": in_recovery,
    "reader_article": reads(lambda: reader.get(article.url).status_code),
    "reader_home": reads(lambda: reader.get("/").status_code),
    "staff_article": reads(lambda: staff.get(article.url).status_code),
    "admin": reads(
        lambda: staff.get(f"/quan-tri/pages/{article.pk}/edit/").status_code
    ),
    "comment_post": reads(
        lambda: reader.post(f"/binh-luan/{article.pk}/gui", {"body": "x"}).status_code
    ),
}
print(json.dumps(result))
