"""``{% fragment "name" vary… depends="p1 ls5" %}…{% endfragment %}``: the enclosed part of
a page, cached until a purge of one of the ``depends`` keys (see serving.fragments).

``{% edge_include "/url" %}fallback{% endedge_include %}``: the block at that URL, put in
by Varnish from its own cached copy; the fallback where no Varnish does (serving.edge).

Every positional argument after the name is part of the fragment's identity (say
everything the enclosed part varies by: the article's id, the page number). The keys are
those ``serving.keys`` makes: a template that names another fails as it is loaded (or,
for keys computed by a view, as it renders), never silently caches what no purge ends.
"""

import logging

from django import template
from django.conf import settings

from .. import edge, keys
from ..fragments import cached

register = template.Library()
log = logging.getLogger(__name__)


class FragmentNode(template.Node):
    def __init__(self, nodelist, args, depends):
        self.nodelist, self.args, self.depends = nodelist, args, depends

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):
            # A preview shows a draft under the live page's id: never cached, never served
            # from the cache.
            return self.nodelist.render(context)
        values = [str(a.resolve(context)) for a in self.args]
        depends = str(self.depends.resolve(context)).split() if self.depends else []
        wrong = [k for k in depends if not keys.is_key(k)]
        if wrong:
            # A key computed by a view: fail where a developer or a test looks, never on
            # a reader's page, which is then rendered without this fragment's cache (no
            # purge would ever end a copy stored under a key nobody makes).
            if settings.DEBUG or getattr(settings, "TOASOAN_STRICT_KEYS", False):
                _check(wrong)
            log.error("fragment %s depends on unknown keys %s", values, wrong)
            return self.nodelist.render(context)
        return cached("|".join(values), depends, lambda: self.nodelist.render(context))


def _check(depends) -> None:
    wrong = [k for k in depends if not keys.is_key(k)]
    if wrong:
        raise template.TemplateSyntaxError(
            f"{{% fragment %}} depends on {wrong}, not keys of toasoan.serving.keys"
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    depends = None
    args = []
    for bit in bits:
        if bit.startswith("depends="):
            depends = parser.compile_filter(bit[len("depends=") :])
            if isinstance(depends.var, str):  # a literal: checked once, at load
                _check(depends.var.split())
        else:
            args.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, args, depends)


class EdgeIncludeNode(template.Node):
    def __init__(self, nodelist, src):
        self.nodelist, self.src = nodelist, src

    def render(self, context):
        return edge.include(
            str(self.src.resolve(context)), self.nodelist.render(context)
        )


@register.tag
def edge_include(parser, token):
    bits = token.split_contents()[1:]
    if len(bits) != 1:
        raise template.TemplateSyntaxError("{% edge_include %} takes one URL")
    nodelist = parser.parse(("endedge_include",))
    parser.delete_first_token()
    return EdgeIncludeNode(nodelist, parser.compile_filter(bits[0]))
