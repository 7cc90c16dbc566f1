"""Publishing in the admin, for every app's content (``temperatur.core.workflow``).

:class:`WorkflowAdminMixin`: the status column and filter (kladde, klar til gennemsyn,
offentliggjort) and the actions »Offentliggør«, »Afpublicér« and »Markér som klar til
gennemsyn«. Only users with the model's ``publish_<model>`` permission may publish or
unpublish, in an action or a form; publishing a row publishes its ready child rows too,
and others' changes to published rows wait for review (``temperatur.editors.review_admin``).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from temperatur.core.workflow import PublicationState, publish_codename, state_fields
from temperatur.editors import review
from temperatur.editors.review_admin import ReviewedChangesMixin, report_children


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "tilstand"

    def lookups(self, request, model_admin):
        return PublicationState.choices

    def queryset(self, request, queryset):
        if self.value() in PublicationState.values:
            return queryset.filter(PublicationState(self.value()).condition)
        return queryset


class WorkflowAdminMixin(ReviewedChangesMixin):
    """Publishing for a model with ``PublicationMixin`` (``temperatur.core.workflow``), and review
    of changes to published rows by those who may not publish (``temperatur.editors.review_admin``).
    """

    actions = ["publish", "unpublish", "mark_ready_for_review"]

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.{publish_codename(self.model)}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and "is_published" not in fields:
            fields.append("is_published")
        return fields

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # The field is read-only for them, so the form ignores a crafted value; this also
            # keeps a restored old version from changing whether the row is public.
            manager = type(obj)._default_manager
            obj.is_published = change and manager.filter(pk=obj.pk, is_published=True).exists()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"), ordering="is_published")
    def publication_status(self, obj):
        return obj.get_publication_state_display()

    def _set_state(self, request, queryset, change, reason):
        """Apply ``change`` to each selected row; save (and record) those it changed.

        Row by row, so that each change is in the history with who made it, and the
        caches and the project pages' »Senest opdateret« follow (signals).
        """
        with transaction.atomic(using=router.db_for_write(self.model)):
            rows = list(
                self.model._default_manager.select_for_update()
                .filter(pk__in=queryset.values("pk"))
                .order_by("pk")
            )
            for obj in rows:
                if change(obj):
                    obj._history_user = request.user
                    obj._change_reason = reason
                    obj.save(update_fields=state_fields(self.model))
        return rows

    def _require_publish_permission(self, request):
        # Django hides the action from them and refuses it; say no here too.
        if not self.has_publish_permission(request):
            raise PermissionDenied

    def _report(self, request, count, message, level=messages.SUCCESS):
        if count:
            self.message_user(
                request,
                message % {"count": count, "items": model_ngettext(self.opts, count)},
                level,
            )

    @admin.action(description=_("Offentliggør"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publish the selected rows that may be, and with them their ready child rows."""
        self._require_publish_permission(request)
        result = review.publish_rows(
            model=self.model,
            pks=list(queryset.values_list("pk", flat=True)),
            user=request.user,
            reason=gettext("Offentliggjort fra oversigten"),
        )
        self._report(
            request,
            len(result.published),
            _("%(count)d %(items)s er nu offentliggjort."),
        )
        for row, problems in result.refused:
            self.message_user(
                request,
                gettext("»%(name)s« er ikke offentliggjort: %(problems)s")
                % {"name": row, "problems": " ".join(str(text) for text in problems.values())},
                messages.ERROR,
            )
        report_children(self, request, result.children)

    @admin.action(description=_("Afpublicér"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._require_publish_permission(request)

        def change(obj):
            if not obj.is_published:
                return False
            obj.is_published = False
            return True

        rows = self._set_state(request, queryset, change, gettext("Afpubliceret fra oversigten"))
        self._report(
            request,
            len(rows),
            _("%(count)d %(items)s er nu skjult for offentligheden."),
        )

    @admin.action(description=_("Markér som klar til gennemsyn"), permissions=["change"])
    def mark_ready_for_review(self, request, queryset):
        def change(obj):
            if obj.is_published or obj.ready_for_review:
                return False
            obj.ready_for_review = True
            return True

        rows = self._set_state(
            request, queryset, change, gettext("Markeret som klar til gennemsyn fra oversigten")
        )
        self._report(
            request,
            sum(not obj.is_published for obj in rows),
            _("%(count)d %(items)s er markeret som klar til gennemsyn."),
        )
        self._report(
            request,
            sum(obj.is_published for obj in rows),
            _(
                "%(count)d %(items)s er allerede offentliggjort og er ikke ændret. Afpublicér "
                "først, hvis de skal gennemses igen."
            ),
            messages.WARNING,
        )
