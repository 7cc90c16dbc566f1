"""Small building blocks of every app's admin: read-only timestamps, addresses read as https,
amounts in kroner, years within the site's range, inline rows that refuse duplicates in
Danish, »Vis på websted« only for published rows, and list columns that count related
rows."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from temperatur.core.years import MAX_YEAR, MIN_YEAR

TIMESTAMPS = ("created_at", "updated_at")

# Editors often paste an address without »https://«; read it as https, which the public
# sources use (and which Django 6 makes the default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def format_dkk(amount):
    """``1900000`` → ``"1.900.000 kr."``; ``None`` stays ``None`` so the admin shows its dash."""
    if amount is None:
        return None
    return _("%(amount)s kr.") % {"amount": number_format(amount, force_grouping=True)}


class YearRangeFormMixin:
    """Refuse years outside MIN_YEAR–MAX_YEAR with a Danish message on the field itself.

    The database's check constraints would refuse them too, but only with a generic
    message at the top of the form that names the constraint instead of the field.
    """

    year_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.year_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            field.validators += [
                MinValueValidator(
                    MIN_YEAR,
                    message=_("Skriv et årstal fra %(limit_value)s og frem, fx 2023."),
                ),
                MaxValueValidator(
                    MAX_YEAR,
                    message=_("Skriv et årstal til og med %(limit_value)s, fx 2023."),
                ),
            ]
            field.widget.attrs.update(min=MIN_YEAR, max=MAX_YEAR)


class EditorInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows for editors: collisions named in Danish, duplicates refused as form errors.

    Django's own message names the field by its code name (»Ret venligst duplikerede
    data for slug«), which means nothing to an editor. And inline forms leave the parent
    out of their own constraint checks (it may not be saved yet), so a rule over the
    parent and ``duplicate_fields`` would only answer at save time, as a server error:
    here two rows of the form with the same values are refused, and so is a row that
    another editor saved meanwhile (it is not in this form).
    """

    #: Fields that, with the parent, identify a row (a unique constraint of the model).
    duplicate_fields = ()
    duplicate_message = _(
        "To rækker har samme %(fields)s. Ret den ene, så rækkerne er forskellige."
    )
    saved_meanwhile_message = _(
        "En anden har netop gemt en række med samme %(fields)s. Ret denne række, eller "
        "fjern den; dine øvrige indtastninger er bevaret."
    )

    def get_unique_error_message(self, unique_check):
        # Every row shares the parent (self.fk), so naming it would only confuse.
        labels = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return _("To rækker har samme %(fields)s. Ret den ene, så rækkerne er forskellige.") % {
            "fields": get_text_list(labels, _("og"))
        }

    def _row_key(self, values):
        return tuple(
            getattr(values.get(name), "pk", values.get(name)) for name in self.duplicate_fields
        )

    def clean(self):
        super().clean()
        if not self.duplicate_fields:
            return
        labels = get_text_list(
            [str(self.model._meta.get_field(name).verbose_name) for name in self.duplicate_fields],
            _("og"),
        )
        in_form = {form.instance.pk for form in self.forms if form.instance.pk is not None}
        saved = set()
        if self.instance.pk is not None:
            others = self.model._default_manager.filter(**{self.fk.name: self.instance})
            attnames = [self.model._meta.get_field(name).attname for name in self.duplicate_fields]
            saved = set(others.exclude(pk__in=in_form).values_list(*attnames))
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None)
            if not data or form.errors or not form.has_changed() and form.instance.pk is None:
                continue
            key = self._row_key(data)
            if key in seen:
                message = self.duplicate_message
            elif key in saved:
                message = self.saved_meanwhile_message
            else:
                seen.add(key)
                continue
            form.add_error(None, ValidationError(message % {"fields": labels}, code="duplicate"))


class PublicPageMixin:
    """Show »Vis på websted« only when the public page exists, i.e. for published rows.

    The link goes through the admin's own redirect view, so the public URL is looked up
    only when an editor clicks it.
    """

    def get_view_on_site_url(self, obj=None):
        if obj is not None and not getattr(obj, "is_published", True):
            return None
        return super().get_view_on_site_url(obj)


def count_column(relation, description):
    """A list column: how many ``relation`` rows each row has, sortable by that number.

    For an admin with :class:`CountColumnsMixin`, which counts them in the list's query.
    """
    annotation = f"_{relation}_count"

    @admin.display(description=description, ordering=annotation)
    def column(model_admin, obj):
        return getattr(obj, annotation)

    column.counts = (annotation, relation)
    return column


class CountColumnsMixin:
    """Count the related rows of the ``count_column`` columns in ``list_display`` in the
    list's own query (one GROUP BY, not a query per row)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        columns = (
            getattr(type(self), name, None) for name in self.list_display if isinstance(name, str)
        )
        counts = [column.counts for column in columns if hasattr(column, "counts")]
        if not counts:
            return queryset
        # A GROUP BY drops Meta.ordering; the autocomplete's paginator needs an order.
        # DISTINCT: with two counts, each would count its rows once per row of the other.
        return queryset.order_by(*self.model._meta.ordering).annotate(
            **{annotation: Count(relation, distinct=True) for annotation, relation in counts}
        )
