"""»Eksportér CSV« on every admin list: exactly the rows the list shows, on all its pages.

The link (``templates/admin/change_list.html``) forwards the list's query string, so the
export applies the same filters, search and sorting; this view builds the list the way
the admin itself does (``ModelAdmin.get_changelist_instance``) and writes every row of
its queryset, not only the current page. Columns are the model's fields under their
Danish names, related rows by their name, in a fixed number of queries.
"""

import datetime
import decimal

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from temperatur.web.exports import csv_response

# Never exported, whatever the model: secrets are not for spreadsheets.
EXCLUDED_FIELD_NAMES = frozenset({"password"})


def registered_admin(app_label, model_name, site=admin.site):
    for model, model_admin in site._registry.items():
        if model._meta.app_label == app_label and model._meta.model_name == model_name:
            return model_admin
    raise Http404(_("Der findes ingen liste over »%(name)s«.") % {"name": model_name[:50]})


def export_fields(model):
    """The concrete fields, then the many-to-many fields, in the model's own order."""
    opts = model._meta
    return [
        field
        for field in [*opts.concrete_fields, *opts.many_to_many]
        if field.name not in EXCLUDED_FIELD_NAMES
    ]


def _cell(obj, field):
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, field.name).all())
    if field.is_relation:
        related = getattr(obj, field.name)
        return "" if related is None else str(related)
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")  # the Danish decimal mark, as Excel expects
    return value


def export_changelist(request, app_label, model_name):
    """The CSV of one admin list as filtered, searched and sorted; 403 without view rights."""
    model_admin = registered_admin(app_label, model_name)
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    opts = model_admin.opts

    # Every page, whichever page the editor was looking at.
    query = request.GET.copy()
    query.pop(PAGE_VAR, None)
    request.GET = query
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        messages.error(request, _("Filtrene i adressen kan ikke bruges; vis listen igen."))
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    fields = export_fields(opts.model)
    queryset = changelist.queryset  # filtered, searched and sorted, not paginated
    foreign_keys = [field.name for field in fields if field.many_to_one or field.one_to_one]
    many = [field.name for field in fields if field.many_to_many]
    if foreign_keys:
        queryset = queryset.select_related(*foreign_keys)
    if many:
        queryset = queryset.prefetch_related(*many)

    header = [capfirst(str(field.verbose_name)) for field in fields]
    rows = ([_cell(obj, field) for field in fields] for obj in queryset)
    filename = f"{opts.model_name}-{timezone.localdate().isoformat()}"
    return csv_response(filename, header, rows)
