"""History in the admin: :class:`HistoryAdmin` shows the history of a row
(django-simple-history) in Danish, field by field, old → new, with who and when, and
restores any earlier version."""

import itertools

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from temperatur.editors.keys import is_key
from temperatur.editors.values import format_value

HISTORY_TYPES = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


class HistoryAdmin(SimpleHistoryAdmin):
    """The history of a tracked row, in Danish, and restore of an earlier version."""

    object_history_template = "admin/temperatur/object_history.html"
    object_history_list_template = "admin/temperatur/_object_history_list.html"
    object_history_form_template = "admin/temperatur/object_history_form.html"
    history_list_per_page = 50
    #: Changed on every save or publication; the list shows when anyway.
    history_excluded_fields = ("created_at", "updated_at", "published_changed_at")

    def history_view(self, request, object_id, extra_context=None):
        if not is_key(self.model, unquote(object_id)):
            raise Http404
        exists = self.model._default_manager.filter(pk=unquote(object_id)).exists()
        return super().history_view(
            request, object_id, {"object_exists": exists, **(extra_context or {})}
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)  # none for a row loaded before history was kept
        for record, older in itertools.zip_longest(records, records[1:]):
            record.kind = HISTORY_TYPES.get(record.history_type, record.history_type)
            if record.history_type != "~":
                continue
            # The oldest on this page is compared with the one before it, on the next page.
            older = older or record.prev_record
            if older is None:
                record.is_first_known = True  # e.g. loaded from the fixtures
                continue
            delta = record.diff_against(
                older,
                excluded_fields=self.history_excluded_fields,
                foreign_keys_are_objs=foreign_keys_are_objs,
            )
            record.history_delta_changes = [self._change(change) for change in delta.changes]

    def _change(self, change):
        field = self.model._meta.get_field(change.field)

        def value(raw):
            if field.many_to_many:
                through_name = get_m2m_reverse_field_name(field)
                raw = [row[through_name] for row in raw]
            return format_value(field, raw)

        return {
            "field": capfirst(field.verbose_name),
            "old": value(change.old),
            "new": value(change.new),
        }

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_model = self.model.history.model
        if not (is_key(self.model, unquote(object_id)) and is_key(history_model, version_id)):
            raise Http404  # e.g. a version number with letters in it
        record = get_object_or_404(
            history_model, **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
        )
        request.restoring = record
        context = {
            "record": record,
            "record_kind": HISTORY_TYPES.get(record.history_type),
            # The restore form has the row's own fields only (simple-history shows no inlines).
            "inline_admin_formsets": [],
            **(extra_context or {}),
        }
        return super().history_form_view(request, object_id, version_id, context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        record = getattr(request, "restoring", None)
        if record is None:
            return form
        # The restored row's own fields come from the old version; its many-to-many
        # relations must too (the old version keeps them in tables of its own).
        initial = {
            field.name: [
                getattr(row, f"{get_m2m_reverse_field_name(field)}_id")
                for row in getattr(record, field.name).all()
            ]
            for field in self.model._meta.many_to_many
            if field.name in form.base_fields and hasattr(record, field.name)
        }

        class RestoreForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)

        RestoreForm.__name__ = form.__name__
        return RestoreForm

    def save_model(self, request, obj, form, change):
        record = getattr(request, "restoring", None)
        if record is not None:
            obj._change_reason = gettext("Gendannet fra udgaven fra %(date)s") % {
                "date": format_value(None, record.history_date)
            }
        super().save_model(request, obj, form, change)
