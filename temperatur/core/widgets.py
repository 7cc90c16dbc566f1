"""Form widgets as plain data, for templates that write the HTML themselves.

Django renders every widget and every option through its form renderer (a template per
option); on the filter forms, with a few hundred options, that was most of a page's time.
``widget_data`` reads what Django's renderer would (the attributes, the options and which
are chosen) with the same functions, so ``{% form_field %}``
(``temperatur.templatetags.filter_widgets``) writes the same HTML with one loop.

Choices of a model choice field (regions, municipalities, areas …) are database content,
written in Danish: their options are marked ``danish`` so a template can say so with
``lang="da"`` on English pages. An empty choice (``Alle kommuner``) is interface text.
"""

from dataclasses import dataclass

from django import forms
from django.forms.widgets import ChoiceWidget, Input
from django.utils.functional import Promise

from temperatur.core.fields import LoadedOnceMixin
from temperatur.core.html import attributes, fill, join_html


@dataclass(frozen=True, slots=True)
class WidgetData:
    name: str
    input_type: str  # "select", "checkbox" (a list of checkboxes) or an <input> type
    attrs: str  # attributes after ``name`` (safe HTML): class, required, aria-*, id
    value: str | None  # an <input>'s value attribute (None: none)
    options: list  # a select's (value, attributes, label) or a checkbox's (…, id, label)

    @property
    def options_html(self):
        """The options as HTML: a select's ``<option>``s or the checkboxes with their labels.

        One call per option rather than a template loop: a filter form has a few hundred.
        """
        if self.input_type == "select":
            return join_html('\n    <option value="{}"{}>{}</option>', self.options)
        return join_html(
            '\n      <div class="form-group-checkbox">'
            '<input type="checkbox" name="{}" value="{}"{}><label for="{}">{}</label></div>',
            ((self.name, *option) for option in self.options),
        )


# A select option's attributes after ``value``: marked Danish, chosen.
_OPTION_ATTRS = {
    (danish, selected): attributes({"lang": "da" if danish else False, "selected": selected})
    for danish in (False, True)
    for selected in (False, True)
}


def _label(label, danish):
    return fill('<span lang="da">{}</span>', label) if danish else label


def _choices(field, widget):
    """The widget's choices as ``(value, label)`` strings. A model choice field of ours
    names the instances it read (``LoadedOnceMixin``) without Django's per-choice wrappers."""
    if not isinstance(field, LoadedOnceMixin):
        for value, label in widget.choices:
            yield "" if value is None else str(value), str(label)
        return
    if field.empty_label is not None:
        yield "", str(field.empty_label)
    key = field.to_field_name or "pk"
    for instance in field.instances():
        yield str(getattr(instance, key)), str(field.label_from_instance(instance))


def widget_data(bound_field):
    """What Django's renderer would write for ``bound_field``, as a ``WidgetData``."""
    field = bound_field.field
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return _checkboxes(bound_field, field, widget)
    # As BoundField.as_widget: the widget's own attributes, then the bound field's.
    extra = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        extra.setdefault("id", bound_field.auto_id)
    attrs = attributes(widget.build_attrs(widget.attrs, extra))
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        return WidgetData(
            name=bound_field.html_name,
            input_type="select",
            attrs=attrs,
            value=None,
            options=_select_options(bound_field, field, widget),
        )
    if isinstance(widget, Input) and not isinstance(widget, ChoiceWidget):
        return WidgetData(
            name=bound_field.html_name,
            input_type=widget.input_type,
            attrs=attrs,
            value=widget.format_value(bound_field.value()),
            options=[],
        )
    raise TypeError(f"No plain rendering for {type(widget).__name__}")


def choices_key(field):
    """What ``field``'s choices are, as a key, where that can be told without reading them:
    a kept table's version (``temperatur.core.tables``) or a fixed list; None otherwise."""
    if isinstance(field, LoadedOnceMixin):
        version = field.choices_version()
        if version is None:
            return None
        label = field.empty_label
        return (field.queryset.model._meta.label, version, field.to_field_name, str(label))
    if isinstance(field, forms.ModelChoiceField) or not isinstance(field, forms.ChoiceField):
        return None
    choices = []
    for value, label in field.choices:
        if not isinstance(label, str | Promise):
            return None  # a group of choices: not ours
        choices.append((value, str(label)))
    return tuple(choices)


def choices_are_content(field):
    """Whether ``field``'s choices come from the database (Danish content), not gettext."""
    return isinstance(field, forms.ModelChoiceField)


def _select_options(bound_field, field, widget):
    chosen = widget.format_value(bound_field.value())
    danish = choices_are_content(field)
    options = []
    has_selected = False
    for value, label in _choices(field, widget):
        # As Select: only the first option with a chosen value is selected.
        selected = not has_selected and value in chosen
        has_selected |= selected
        options.append((value, _OPTION_ATTRS[danish and value != "", selected], label))
    return options


def _checkboxes(bound_field, field, widget):
    # As BoundField.subwidgets (what ``{% for choice in field %}`` iterates): the id, then
    # the bound field's attributes, after the widget's own; each id gets the option's index.
    id_ = widget.attrs.get("id") or bound_field.auto_id
    extra = bound_field.build_widget_attrs({"id": id_} if id_ else {}, widget)
    base = widget.build_attrs(widget.attrs, extra)
    chosen = set(widget.format_value(bound_field.value()))
    danish = choices_are_content(field)
    options = []
    for index, (value, label) in enumerate(_choices(field, widget)):
        option_attrs = dict(base)
        if value in chosen:
            option_attrs["checked"] = True
        option_id = ""
        if "id" in option_attrs:
            option_id = option_attrs["id"] = widget.id_for_label(option_attrs["id"], str(index))
        options.append((value, attributes(option_attrs), option_id, _label(label, danish)))
    return WidgetData(
        name=bound_field.html_name, input_type="checkbox", attrs="", value=None, options=options
    )
