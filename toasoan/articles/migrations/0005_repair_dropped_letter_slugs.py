"""Articles whose slug Wagtail's editor made by dropping letters with two marks
("cu-ham-rng" for "cầu Hàm Rồng", "djng" for "đường") get the slug vietnamese_slug gives
their headline. Their old URLs keep working: /{slug}-{id}.htm finds the article by its id
and answers 301 to the new slug. The latest revision is mended too, so publishing a
pending draft does not bring the garbled slug back."""

from django.db import migrations

from toasoan.vietnamese.slug import is_dropped_letters_slug, vietnamese_slug


def repair(apps, schema_editor):
    ArticlePage = apps.get_model("articles", "ArticlePage")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    for article in ArticlePage.objects.only("pk", "slug", "title", "path", "url_path"):
        if not is_dropped_letters_slug(article.slug, article.title):
            continue
        parent = Page.objects.filter(path=article.path[:-4]).first()
        siblings = Page.objects.filter(
            path__startswith=article.path[:-4], depth=len(article.path) // 4
        ).exclude(pk=article.pk)
        base = slug = vietnamese_slug(article.title)
        n = 1
        while siblings.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        url_path = (parent.url_path if parent else "/") + slug + "/"
        Page.objects.filter(pk=article.pk).update(slug=slug, url_path=url_path)
        if page_type is None:
            continue
        for revision in Revision.objects.filter(
            base_content_type=page_type, object_id=str(article.pk)
        ).order_by("-created_at", "-pk")[:1]:
            if isinstance(revision.content, dict) and "slug" in revision.content:
                revision.content["slug"] = slug
                revision.content["url_path"] = url_path
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_locality_to_places"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
