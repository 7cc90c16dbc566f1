"""The review queue on the admin's front page
(``temperatur.editors.pending_admin.review_queue``)."""

from django import template

from temperatur.editors.pending_admin import review_queue as build_queue

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue(context):
    return build_queue(context["request"])
