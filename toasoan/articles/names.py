"""The names the paper has published, which the proofreader leaves alone in the editor.

A name is a run of capitalised words in a live article ("Hàm Rồng", "Phàn Lê Huê":
``toasoan.vietnamese.proofread.name_runs``). A run is taken only if the proofreader had
nothing to say about its words, or an editor set its flag aside for that article ("Không
phải lỗi"), so a typo published in capitals does not become a name. Kept by a job after
each publish (``names_job``); the proofreader reads the set once per change and process.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from toasoan.vietnamese import proofread_many
from toasoan.vietnamese.proofread import name_runs

from .models import ArticleName, ArticlePage, ProofreadIgnore, PublishedName

VERSION_KEY = "published-names:version"
# A process rereads the names at least this often, even if the cache lost the version.
RELOAD_SECONDS = 300
NAME_MAX = PublishedName._meta.get_field("text").max_length
_memo: dict = {"version": None, "at": 0.0, "names": frozenset(), "digest": ""}


def article_names(page: ArticlePage) -> set[str]:
    """The names ``page`` writes that its proofreading does not question."""
    from .proofreading import article_pieces

    pieces = [text for *_, text in article_pieces(page)]
    ignored = set(
        ProofreadIgnore.objects.filter(article_id=page.pk).values_list(
            "text", flat=True
        )
    )
    names = set()
    for text, flags in zip(pieces, proofread_many(pieces)):
        questioned = [
            (f.start, f.end) for f in flags if f.text not in ignored
        ]  # fmt: skip
        for start, end, name in name_runs(text):  # offsets into ``text``, as flags
            if len(name) <= NAME_MAX and not any(
                a < end and start < b for a, b in questioned
            ):
                names.add(name)
    return names


@transaction.atomic
def names_record(article_id: int) -> int:
    """Make the article's rows say what its live version writes (none once it is no
    longer live) and recount the names that changed; returns how many it holds."""
    page = ArticlePage.objects.live().filter(pk=article_id).first()
    wanted = article_names(page) if page else set()
    have = dict(
        ArticleName.objects.filter(article_id=article_id).values_list(
            "name__text", "name_id"
        )
    )
    touched = {have[text] for text in have.keys() - wanted}
    ArticleName.objects.filter(article_id=article_id, name_id__in=touched).delete()
    new = wanted - have.keys()  # none when the article is no longer live
    if new:
        PublishedName.objects.bulk_create(
            [PublishedName(text=text) for text in new], ignore_conflicts=True
        )
        ids = dict(PublishedName.objects.filter(text__in=new).values_list("text", "id"))
        ArticleName.objects.bulk_create(
            [ArticleName(article_id=article_id, name_id=ids[t]) for t in new],
            ignore_conflicts=True,
        )
        touched |= set(ids.values())
    names_recount(sorted(touched))
    return len(wanted)


def names_recount(name_ids: list[int]) -> None:
    """Each name's count of articles from its rows (a few indexed counts), the names
    locked first: two jobs recounting one name (an article published while another is
    unpublished) each count after the other's change, never beside it. A name that
    appears or goes away makes a new version for the proofreaders to read."""
    if not name_ids:
        return
    names = list(
        PublishedName.objects.select_for_update().filter(id__in=name_ids).order_by("id")
    )
    counts = dict(
        ArticleName.objects.filter(name_id__in=name_ids)
        .values("name_id")
        .annotate(n=Count("id"))
        .values_list("name_id", "n")
    )
    changed = False
    for name in names:
        new = counts.get(name.id, 0)
        changed |= (new > 0) != (name.articles > 0)
        name.articles = new
    PublishedName.objects.bulk_update(names, ["articles"])
    if changed:
        transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def known_names() -> frozenset[str]:
    """Every name at least one live article holds, read again when the version in the
    shared cache changes, and at least every RELOAD_SECONDS (a cache of this process
    alone never hears of the worker's changes)."""
    version = cache.get(VERSION_KEY) or 0
    now = time.monotonic()
    if _memo["version"] != version or now - _memo["at"] > RELOAD_SECONDS:
        names = frozenset(
            PublishedName.objects.filter(articles__gt=0).values_list("text", flat=True)
        )
        digest = hashlib.sha1("\n".join(sorted(names)).encode()).hexdigest()[:16]
        _memo.update(version=version, at=now, names=names, digest=digest)
    return _memo["names"]


def names_digest() -> str:
    """What the names read by ``known_names`` are, for cache keys: flags cached with
    other names are not served."""
    known_names()
    return _memo["digest"]
