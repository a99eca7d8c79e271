from django import template

from toasoan.serving import keys as surrogate_keys

from ..selectors import weather_for

register = template.Library()


@register.inclusion_tag("weather/block.html")
def weather_block(localities=()):
    """The "Thời tiết" box of any page: the weather of what the page is about (its
    localities, or what they became), else of the paper's home unit."""
    surrogate_keys.tag(surrogate_keys.WEATHER)
    return {"weather": weather_for(localities or ())}
