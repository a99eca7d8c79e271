"""RSS 2.0 feeds: the whole paper, each section, topic, author and locality (a current
unit's feed carries its predecessors' articles, as its page does), on the paper's public
address; the newest articles only, by the (section, -published_at) index."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from toasoan.foundation.text_fields import map_strings
from toasoan.places import selectors as places
from toasoan.places.models import Locality
from toasoan.serving import keys as surrogate_keys
from toasoan.vietnamese.visible import xml_text

from .models import (
    ArticlePage,
    Author,
    PaperSettings,
    SectionPage,
    Topic,
    article_path,
)
from .pictures import JPEG_960, rendition_map, rendition_url
from .text import table_rows

FEED_ITEMS = 30


class NewsFeedType(Rss201rev2Feed):
    """RSS 2.0 with Media RSS for the lead image, which readers and aggregators show.
    Every string is reduced to what XML can carry: text is cleaned on save, but a row
    stored before (or written by SQL) must not make the whole feed a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = map_strings(self.feed, xml_text)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = map_strings(self.items[-1], xml_text)

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:media"] = "http://search.yahoo.com/mrss/"
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        for photos in item.get("media_groups") or []:
            # A gallery: one Media RSS group, each photo with its caption and credit.
            handler.startElement("media:group", {})
            for photo in photos:
                handler.startElement("media:content", {
                    "url": photo["url"], "medium": "image", "type": "image/jpeg",
                    "width": str(photo["width"]), "height": str(photo["height"]),
                })  # fmt: skip
                if photo["caption"]:
                    handler.addQuickElement("media:description", photo["caption"])
                if photo["credit"]:
                    handler.addQuickElement("media:credit", photo["credit"])
                handler.endElement("media:content")
            handler.endElement("media:group")
        image = item.get("media_image")
        if image:
            handler.addQuickElement(
                "media:content",
                "",
                {"url": image["url"], "medium": "image", "type": image["type"],
                 "width": str(image["width"]), "height": str(image["height"])},
            )  # fmt: skip


class ArticleFeed(Feed):
    feed_type = NewsFeedType

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.paper = PaperSettings.for_request(request)
        return self.source(request, *args, **kwargs)

    # What each feed is about: (title, page path, description, articles).
    def source(self, request, *args, **kwargs):
        raise NotImplementedError

    def title(self, obj):
        return obj["title"]

    def link(self, obj):
        return self.paper.absolute(obj["path"])

    def feed_url(self, obj):
        return self.paper.absolute(self.request.path)

    def description(self, obj):
        return obj["description"]

    def items(self, obj):
        surrogate_keys.tag(surrogate_keys.LATEST)
        # The bodies too (the lists defer them): <content:encoded> carries them whole.
        return list(
            obj["articles"]
            .defer(None)
            .select_related("section", "cover_image")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers show <description> as HTML: the sapo is text, so it is sent escaped
        # ("<b>" in a sapo shows as written, and no markup reaches a reader).
        return escape(item.sapo)

    def item_link(self, item):
        return self.paper.absolute(article_path(item.slug, item.pk))

    def item_guid(self, item):
        # Stable when the slug changes: the id is the article.
        return self.paper.absolute(f"/bai-viet/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.section.title] if item.section else []

    def item_author_name(self, item):
        return item.byline or None

    def item_extra_kwargs(self, item):
        extra = {
            "content_html": feed_body_html(item.body, self.paper.absolute),
            "media_groups": feed_galleries(item.body, self.paper.absolute),
        }
        image = item.cover_image
        if image is None:
            return extra
        try:
            rendition = image.get_rendition("fill-1200x675")
        except SourceImageIOError:  # the original is gone: the item goes without it
            return extra
        return extra | {
            "media_image": {
                "url": self.paper.absolute(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "type": "image/jpeg"
                if rendition.file.name.endswith((".jpg", ".jpeg"))
                else "image/png",
            }
        }


def _photo(image, absolute) -> dict | None:
    """A photo's JPEG of 960 pixels (made by the media job), for feed readers; None
    for a photo whose original is gone."""
    rendition = rendition_map(image).get(JPEG_960)
    if rendition is None:
        return None
    return {"url": absolute(rendition_url(rendition)), "width": rendition.width,
            "height": rendition.height}  # fmt: skip


def feed_body_html(body, absolute) -> str:
    """An article's body as plain HTML for <content:encoded>: feed readers get lists
    and tables as HTML, photos as <img> with absolute addresses, a gallery as its
    photos, an embed as a link, no script and no <picture> (which many readers drop)."""
    from wagtail.rich_text import expand_db_html

    out = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            out.append(expand_db_html(value.source))
        elif kind == "heading":
            out.append(format_html("<h2>{}</h2>", value))
        elif kind == "chapter":
            out.append(format_html("<h2>{}</h2>", value["title"]))
        elif kind == "quote":
            out.append(format_html("<blockquote><p>{}</p></blockquote>", value["text"]))
        elif kind == "info":
            out.append(format_html("<aside><h3>{}</h3>{}</aside>", value["title"],
                                   mark_safe(expand_db_html(value["text"].source))))  # fmt: skip
        elif kind in ("figure", "gallery"):
            photos = [value] if kind == "figure" else list(value["photos"])
            for photo in photos:
                found = _photo(photo["image"], absolute) if photo.get("image") else None
                if found:
                    out.append(format_html(
                        '<figure><img src="{}" width="{}" height="{}" alt="{}">'
                        "<figcaption>{}</figcaption></figure>", found["url"],
                        found["width"], found["height"], photo.get("caption") or "",
                        photo.get("caption") or "",
                    ))  # fmt: skip
        elif kind == "table":
            table = table_rows(value)
            head = format_html_join(
                "", "<th>{}</th>", ((c,) for c in table["header"] or [])
            )
            rows = format_html_join("", "<tr>{}</tr>", (
                (format_html_join("", "<td>{}</td>", ((c,) for c, _, _ in row)),)
                for row in table["rows"]
            ))  # fmt: skip
            out.append(format_html(
                "<table><caption>{}</caption>{}<tbody>{}</tbody></table>",
                table["caption"], format_html("<thead><tr>{}</tr></thead>", head)
                if table["header"] else "", rows,
            ))  # fmt: skip
        elif kind == "embed":
            out.append(format_html('<p><a href="{}">{}</a></p>', value["url"],
                                   value.get("caption") or value["url"]))  # fmt: skip
        elif kind == "read_more" and value.get("article"):
            target = value["article"]
            out.append(format_html('<p>Đọc thêm: <a href="{}">{}</a></p>',
                                   absolute(article_path(target.slug, target.pk)),
                                   target.title))  # fmt: skip
    return "".join(out)


def feed_galleries(body, absolute) -> list[list[dict]]:
    groups = []
    for block in body:
        if block.block_type != "gallery":
            continue
        photos = [(_photo(p["image"], absolute) if p.get("image") else None, p)
                  for p in block.value["photos"]]  # fmt: skip
        groups.append([
            found | {"caption": p.get("caption") or "", "credit": p.get("credit") or ""}
            for found, p in photos if found
        ])  # fmt: skip
    return groups


class PaperFeed(ArticleFeed):
    def source(self, request):
        paper = PaperSettings.for_request(request)
        return {
            "title": paper.paper_name,
            "path": "/",
            "description": f"Tin mới nhất của {paper.paper_name}",
            "articles": ArticlePage.objects.published(),
        }


class SectionFeed(ArticleFeed):
    def source(self, request, slug):
        section = get_object_or_404(SectionPage.objects.live(), slug=slug)
        return {
            "title": f"{section.title} — {PaperSettings.for_request(request).paper_name}",
            "path": section.url or "/",
            "description": section.intro or f"Tin mới nhất chuyên mục {section.title}",
            "articles": ArticlePage.objects.published().filter(section=section),
        }


class TopicFeed(ArticleFeed):
    def source(self, request, slug):
        tag = get_object_or_404(Topic, slug=slug)
        return {
            "title": f"Chủ đề: {tag.name}",
            "path": tag.get_absolute_url(),
            "description": f"Bài viết về chủ đề {tag.name}",
            "articles": ArticlePage.objects.published().filter(tags=tag),
        }


class AuthorFeed(ArticleFeed):
    def source(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        return {
            "title": f"Tác giả: {author.byline_name}",
            "path": author.get_absolute_url(),
            "description": author.bio or f"Bài viết của {author.byline_name}",
            "articles": ArticlePage.objects.published().filter(authors=author),
        }


class LocalityFeed(ArticleFeed):
    def source(self, request, slug):
        locality = Locality.objects.filter(slug=slug).first()
        if locality is None:
            raise Http404("Không tìm thấy địa phương")
        ids = places.with_predecessors(locality)
        return {
            "title": f"Địa phương: {locality.name}",
            "path": locality.get_absolute_url(),
            "description": f"Tin về {locality.name}",
            "articles": ArticlePage.objects.published()
            .filter(localities__in=ids)
            .distinct(),
        }


def feed_index(request):
    """/rss: every feed, for readers who want one (the paper's own site has this page)."""
    surrogate_keys.tag(surrogate_keys.SITE)
    sections = list(
        SectionPage.objects.live().order_by("home_order", "path").only("title", "slug")
    )
    return render(request, "pages/rss_page.html", {"sections": sections})
