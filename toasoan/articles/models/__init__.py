"""The articles app's models, one module per kind (pages, people, blocks, records,
the paper's settings); import them from here."""

from .blocks import ARTICLE_BLOCKS, FigureBlock, QuoteBlock
from .curation import HomeSlot, SectionSlot, front_stories
from .embeds import EmbedSnapshot
from .pages import (
    HOME_PER_SECTION,
    HOME_TOP,
    LOCAL_SECTION_SLUG,
    RELATED,
    RELATED_SHOWN,
    VIEW_RESTRICTIONS_CACHE_KEY,
    ArticlePage,
    ArticleQuerySet,
    HomePage,
    ReaderPage,
    RelatedArticle,
    RelatedLink,
    SectionPage,
    any_view_restriction,
    article_path,
)
from .paper import BreakingNews, PaperSettings
from .people import ArticleTag, Author, Topic
from .records import (
    ArticleViews,
    Correction,
    LocalityCoverage,
    NamesItsArticle,
    ProofreadIgnore,
    SitemapChunk,
    Takedown,
)

__all__ = [
    "EmbedSnapshot",
    "BreakingNews",
    "HomeSlot",
    "SectionSlot",
    "front_stories",
    "ARTICLE_BLOCKS",
    "HOME_PER_SECTION",
    "HOME_TOP",
    "LOCAL_SECTION_SLUG",
    "RELATED",
    "RELATED_SHOWN",
    "VIEW_RESTRICTIONS_CACHE_KEY",
    "ArticlePage",
    "ArticleQuerySet",
    "ArticleTag",
    "ArticleViews",
    "Author",
    "Correction",
    "FigureBlock",
    "HomePage",
    "LocalityCoverage",
    "NamesItsArticle",
    "PaperSettings",
    "ProofreadIgnore",
    "QuoteBlock",
    "ReaderPage",
    "RelatedArticle",
    "RelatedLink",
    "SectionPage",
    "SitemapChunk",
    "Takedown",
    "Topic",
    "any_view_restriction",
    "article_path",
]
