"""``{% load filter_widgets %}``: a form field's widget as data (see temperatur.core.widgets)."""

from django import template

from temperatur.core import widgets as filter_widgets

register = template.Library()


@register.filter
def widget_data(bound_field):
    """``{% with widget=field|widget_data %}``: the widget's attributes and options."""
    return filter_widgets.widget_data(bound_field)
