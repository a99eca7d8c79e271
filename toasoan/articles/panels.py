"""Editor panels of our own."""

from __future__ import annotations

from wagtail.admin.panels import Panel


class ProofreadingPanel(Panel):
    """The proofreader's flags on the version being edited, at the top of the editor:
    the words in their context, the suggestion, a one-click fix and "not an error".
    The flags come from a template tag (``proofreading_tags``), so that this module,
    which the models import, does not import the proofreader, which imports them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/proofreading_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            return context
