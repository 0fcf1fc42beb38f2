from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def html(item, field):
    """The sanitised HTML of one Markdown field of an item (rendered at load, by nh3)."""
    return mark_safe(item.html.get(field, ""))  # noqa: S308 - sanitised at load time


@register.filter
def safe_html(value):
    """Mark HTML that came out of catalog.markup (already sanitised) as safe."""
    return mark_safe(value or "")  # noqa: S308


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""
