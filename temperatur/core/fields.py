"""Guarded form fields: the one family of fields for every form a visitor fills in through
the URL (the project and resource filters, the guide, the trends' comparison).

Invalid input (a NUL byte, an enormous value, too many values, an unknown slug) becomes a
form error, never an exception: the guard refuses malformed values before a model field's
own cleaning sends them to the database. Model choice fields read their choices once per
form (``LoadedOnceMixin``) and name rows by their slug, never by id (``?domain=sundhed``).
A field with one choice is the design system's select, one with several its checkboxes.
The fields are django-filter's, which are Django form fields too, so a plain
``forms.Form`` uses them as a ``FilterSet`` does (``empty_label=None`` on a choice field
whose choices bring their own empty choice).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from temperatur.core.statements import kept_queryset
from temperatur.core.tables import read_table

MAX_VALUE_LENGTH = 200
MAX_VALUES = 50


def checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"})


def select():
    return forms.Select(attrs={"class": "form-select"})


class GuardedFieldMixin:
    """Refuse NUL bytes, enormous values and too many values with a form error.

    Runs before the field's own cleaning, so nothing malformed reaches the database
    (PostgreSQL refuses NUL bytes in text with an exception).
    """

    default_error_messages = {
        "malformed": _("Ugyldig værdi."),
        "too_many": _("Vælg højst %(limit)d værdier."),
    }

    def clean(self, value):
        if isinstance(value, list | tuple):
            # A hand-made ``?domain=`` means no choice, not an unknown one.
            value = [item for item in value if item != ""]
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_VALUES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_VALUES}
            )
        for item in values:
            if isinstance(item, str) and ("\x00" in item or len(item) > MAX_VALUE_LENGTH):
                raise ValidationError(self.error_messages["malformed"], code="malformed")
        return super().clean(value)


class GuardedChoiceField(GuardedFieldMixin, filter_fields.ChoiceField):
    widget = select()


class GuardedMultipleChoiceField(GuardedFieldMixin, filter_fields.MultipleChoiceField):
    widget = checkboxes()


class LoadedOnceIterator(ModelChoiceIterator):
    """The choices of a ``LoadedOnceMixin`` field, from the instances it read."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in self.field.instances():
            yield self.choice(instance)

    def __len__(self):
        return len(self.field.instances()) + (self.field.empty_label is not None)


class SlugKeysMixin:
    """A model choice field whose values are the rows' slugs (``to_field_name``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class LoadedOnceMixin:
    """A model choice field that reads its queryset once per form, when first needed.

    Django's field queries once to validate the chosen values and again each time the
    widget is rendered; here one query serves both, and ``use()`` lets a view hand over
    instances it has read already. Nothing is kept beyond the form (fields are copied
    for every form) but a reference table's rows, which the process keeps until that
    table changes (``temperatur.core.tables``).
    """

    iterator = LoadedOnceIterator

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._instances = result._version = None
        return result

    def use(self, instances, *, version=None):
        """Take ``instances`` (the whole queryset, in its order) instead of reading it;
        ``version``: the tables version of a kept table they are (``read_table``)."""
        self._instances = list(instances)
        self._version = version

    def instances(self):
        if getattr(self, "_instances", None) is None:
            self._instances, self._version = read_table(self.queryset)
        return self._instances

    def choices_version(self):
        """The tables version of the kept table the choices are, or None: then they may
        be anything (``temperatur.core.tables``)."""
        self.instances()
        return self._version

    def _by_key(self):
        key = self.to_field_name or "pk"
        return {str(getattr(instance, key)): instance for instance in self.instances()}

    def _invalid_choice(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class GuardedModelChoiceField(
    GuardedFieldMixin, SlugKeysMixin, LoadedOnceMixin, filter_fields.ModelChoiceField
):
    widget = select()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.to_field_name or "pk")
        try:
            return self._by_key()[str(value)]
        except KeyError:
            raise self._invalid_choice(value) from None


class GuardedModelMultipleChoiceField(
    GuardedFieldMixin, SlugKeysMixin, LoadedOnceMixin, filter_fields.ModelMultipleChoiceField
):
    widget = checkboxes()

    def clean(self, value):
        """The chosen instances, a list (none chosen: an empty one, where Django gives an
        empty queryset, which every use compiled only to learn it was empty)."""
        chosen = super().clean(value)
        return chosen if isinstance(chosen, list) else []

    def _check_values(self, value):
        """The chosen instances, in the queryset's order (as Django's, without a query)."""
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        by_key = self._by_key()
        for item in value:
            if str(item) not in by_key:
                raise self._invalid_choice(item)
        chosen = {str(item) for item in value}
        return [instance for key, instance in by_key.items() if key in chosen]


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = GuardedChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = GuardedMultipleChoiceField

    def __init__(self, *args, **kwargs):
        # Our multi-valued filters follow no to-many relation, so rows cannot repeat; and
        # DISTINCT would clash with ordering by a subquery on PostgreSQL.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = GuardedModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = GuardedModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)  # as MultipleChoiceFilter
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v):
        # Compare with the chosen instance; django-filter would compare the foreign key with
        # the slug (to_field_name) and fail.
        return {self.field_name: v}


class BuiltOnceFilterSetMixin:
    """A FilterSet whose form class is made once per FilterSet class, not for every request,
    whose filters are copied plainly, and which names the SQL of its ``qs``
    (``statement_key``) so that a view can keep it.

    django-filter makes a new form class, with new fields, for each FilterSet; here the
    fields depend only on the class's declarations (no choice depends on the request), and
    every form copies its class's fields (a model choice field its queryset too), so one
    class serves every form. That was a third of building a project filter's form.

    It also deep-copies every filter (its arguments, querysets and all) for each FilterSet,
    a sixth of the project list's own work; here each filter is copied shallowly, which is
    all a request changes of it (its ``parent`` and ``model``, and the method it calls).

    ``queryset_key``: a name for what ``queryset`` is (the same name, the same queryset
    whatever the request), so that ``qs`` is built once per process for each
    ``statement_key()`` (``temperatur.core.statements.kept_queryset``): building the
    conditions of a region and an area took 3 ms a request at 10,000 projects.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, queryset_key=None):
        self.queryset_key = queryset_key
        base_filters = self.base_filters
        self.base_filters = {}  # nothing for django-filter to deep-copy
        try:
            super().__init__(data, queryset, request=request, prefix=prefix)
        finally:
            del self.base_filters  # the class's again
        self.filters = {name: _copy_filter(filter_) for name, filter_ in base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = self.queryset.model
            filter_.parent = self

    @property
    def qs(self):
        """django-filter's ``qs``; kept per ``queryset_key`` and ``statement_key()``."""
        if not hasattr(self, "_qs") and self.queryset_key is not None and self.is_valid():
            key = self.statement_key()
            if key is not None:
                self._qs = kept_queryset(
                    ("filtered", self.queryset_key, key),
                    lambda: self.filter_queryset(self.queryset.all()),
                )
        return super().qs

    def statement_key(self):
        """Everything the SQL of ``qs`` depends on beside the queryset it was given: each
        filter's value (rows by their ids), the order among them; None with a search
        (``q``), whose SQL is not worth keeping per text
        (``temperatur.core.statements.kept_queryset``)."""
        cleaned = self.form.cleaned_data
        if cleaned.get("q"):
            return None
        return tuple((name, _statement_value(cleaned[name])) for name in sorted(cleaned))

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


def _statement_value(value):
    """A filter's value as part of a key: rows by their ids, several values as a tuple."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | QuerySet):
        return tuple(_statement_value(item) for item in value)
    return value


def _copy_filter(filter_):
    """A copy of ``filter_`` for one FilterSet: its own attributes, its method bound to it."""
    copy = _shallow(filter_)
    if getattr(filter_, "_method", None) is not None:
        copy.method = filter_._method  # a FilterMethod of its own, calling the copy's parent
    return copy


def _shallow(obj):
    copy = object.__new__(type(obj))
    copy.__dict__.update(obj.__dict__)
    return copy
