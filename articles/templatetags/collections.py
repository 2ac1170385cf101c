"""`{% my_collections as mine %}`: the signed-in reader's collections, for the article page's "Add to
collection". A tag rather than the view's context so that the article page's view stays as it is; one
query, and none for an anonymous visitor."""

from django import template

register = template.Library()

SHOWN = 50  # collections offered in the menu; the newest first


@register.simple_tag(takes_context=True)
def my_collections(context) -> list:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(user.collections.only("pk", "name")[:SHOWN])
