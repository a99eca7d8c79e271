"""Editor panels of our own."""

from __future__ import annotations

from wagtail.admin.panels import Panel


class ProofreadingPanel(Panel):
    """The proofreader's flags on the version being edited, at the top of the editor:
    the words in their context, the suggestion, a one-click fix and "not an error"."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/proofreading_panel.html"

        def get_context_data(self, parent_context=None):
            from .proofreading import article_flags

            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            context["flags"] = article_flags(page) if page.pk else None
            return context
