"""``{% load filter_widgets %}``: a form's field as a DKFDS form group (``{% form_field %}``).

One tag writes the whole group: a filter form has a dozen fields, and their templates were a
third of the template nodes of the project list and the temperature page. The widget is
written from its data (``temperatur.core.widgets``), with the attributes Django would give
it: aria-describedby for the hint and the error, aria-invalid, required. Options from the
database are Danish content (``lang="da"``).

A choice field's group is written once per process for each set of what it is written
from (``_written_key``, ``temperatur.core.written``): its choices, named by the version
of the kept table they are (``temperatur.core.tables``) or as a fixed list, its chosen
values, its label, hint and attributes, the language. A municipality's checkboxes are then
written once, not on every request; a field whose choices cannot be named so, or that has
an error, is written anew.
"""

from django import template
from django.forms.widgets import ChoiceWidget
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from temperatur.core import widgets as filter_widgets
from temperatur.core.written import written

register = template.Library()


@register.filter
def widget_data(bound_field):
    """``{% with widget=field|widget_data %}``: the widget's attributes and options."""
    return filter_widgets.widget_data(bound_field)


def _hint(field):
    if not field.help_text:
        return ""
    return format_html(
        '<span class="form-hint" id="{}_helptext">{}</span>', field.auto_id, field.help_text
    )


def _errors(field):
    """The field's errors, which the widget's aria-describedby names (``<id>_error``)."""
    if not field.errors:
        return ""
    return format_html(
        '<span class="form-error-message" id="{}_error"><span class="sr-only">{} </span>{}</span>',
        field.auto_id,
        gettext("Fejl:"),
        format_html_join(" ", "{}", ((error,) for error in field.errors)),
    )


def _control(widget):
    if widget.input_type == "select":
        return format_html(
            '<select name="{}"{}>{}\n  </select>', widget.name, widget.attrs, widget.options_html
        )
    value = "" if widget.value is None else format_html(' value="{}"', widget.value)
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget.input_type, widget.name, value, widget.attrs
    )


@register.simple_tag
def form_field(field):
    """``field`` (a BoundField) as a form group: a label and a select or input, or, for
    several choices, a fieldset of checkboxes; each with its hint and its errors."""
    key = _written_key(field)
    if key is None:
        return _form_group(field)
    return written(("form-field", *key), _form_group, field)


def _written_key(field):
    """Everything ``field``'s form group is written from, or None where its choices cannot
    be named without reading them (``temperatur.core.widgets.choices_key``) or it has an
    error."""
    form_field = field.field
    widget = form_field.widget
    if not isinstance(widget, ChoiceWidget) or field.errors:
        return None
    choices = filter_widgets.choices_key(form_field)
    if choices is None:
        return None
    value = field.value()
    return (
        type(field.form),
        field.html_name,
        field.auto_id,
        str(field.label),
        str(form_field.help_text),
        form_field.required,
        form_field.disabled,
        type(widget),
        tuple(widget.attrs.items()),
        choices,
        tuple(value) if isinstance(value, list | tuple) else value,
    )


def _form_group(field):
    widget = filter_widgets.widget_data(field)
    if widget.input_type == "checkbox":
        described = field.aria_describedby
        inner = format_html(
            '\n  <fieldset{}>\n    <legend class="form-label">{}</legend>\n    {}\n    {}\n'
            "    {}\n  </fieldset>\n",
            format_html(' aria-describedby="{}"', described) if described else "",
            field.label,
            _hint(field),
            _errors(field),
            widget.options_html,
        )
    else:
        inner = format_html(
            '\n  <label class="form-label" for="{}">{}</label>\n  {}\n  {}\n  {}\n',
            field.id_for_label,
            field.label,
            _hint(field),
            _errors(field),
            _control(widget),
        )
    return format_html(
        '<div class="form-group{}" id="field-{}">{}</div>',
        " form-error" if field.errors else "",
        field.name,
        inner,
    )
