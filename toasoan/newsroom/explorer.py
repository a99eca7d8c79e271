"""The admin's explorer of a section, as cheap with a million articles as with a thousand.

Wagtail's own listing of a page's children costs what the archive holds: with 100,000
articles in a section it counted the children through a semi-join with every page the
editor may explore (even for a superuser, for whom that is every page), sorted all of them
by their last revision, and built the filter form's "Owner" and "Edited by" choices from a
DISTINCT over every page and every edit. Here, for a section's articles (Wagtail routes a
section's explorer to the viewset of the only page type it may hold):

- when the editor may explore the whole section, the permission filter is left out (it
  keeps every child) and the count is the section's ``numchild``, which treebeard keeps;
- the children are read in their listing order from an index (migration 0002);
- the filter form's people are those for whom a page or an edit exists (one index probe
  each), not a DISTINCT over the archive.

Searching and filtering go through Wagtail's own path, unchanged.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import (
    EditedByFilter,
    ExplorableIndexView,
    PageFilterSet,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry

from toasoan.articles.models import ArticlePage

# The actions for which Wagtail's explorable_instances() lets a page's whole subtree be
# explored ("add" included: its holder sees the pages of others too).
EXPLORE_ACTIONS = frozenset(
    {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
)


def page_owners(request):
    return get_user_model().objects.filter(
        Exists(Page.objects.filter(owner=OuterRef("pk")))
    )


def page_editors(request):
    return get_user_model().objects.filter(
        Exists(
            PageLogEntry.objects.filter(action="wagtail.edit", user_id=OuterRef("pk"))
        )
    )


class ExplorerFilterSet(PageFilterSet):
    owner = MultipleUserFilter(
        label=_("Owner"), queryset=page_owners, widget=CheckboxSelectMultiple
    )
    edited_by = EditedByFilter(
        label=_("Edited by"), queryset=page_editors, widget=CheckboxSelectMultiple
    )

    class Meta(PageFilterSet.Meta):
        pass


class SectionExplorerView(ExplorableIndexView):
    # Its filter set comes from ArticleViewSet.filterset_class (the viewset passes it).

    @cached_property
    def whole_section(self) -> bool:
        """True when the editor may explore every child of this section, and nothing
        (a search, a filter, a hook) narrows the listing: the plain children, counted
        by the section itself."""
        if self.is_searching or self.is_filtering:
            return False
        if hooks.get_hooks("construct_explorer_page_queryset"):
            return False
        user = self.request.user
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        return bool(
            self.parent_page.permissions_for_user(user).permissions & EXPLORE_ACTIONS
        )

    def get_base_queryset(self):
        if not self.whole_section:
            return super().get_base_queryset()
        pages = self.model._default_manager.child_of(self.parent_page)
        return self.annotate_queryset(pages)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.whole_section:
            paginator.count = self.parent_page.numchild  # a cached_property: set it
        return paginator


class ArticleViewSet(PageViewSet):
    model = ArticlePage
    name = "articles"
    icon = "doc-full"
    index_view_class = SectionExplorerView
    filterset_class = ExplorerFilterSet


@hooks.register("register_admin_viewset")
def register_article_viewset():
    return ArticleViewSet()
