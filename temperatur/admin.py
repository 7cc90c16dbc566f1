"""The editors' inbox of readers' error reports (»Rapportér en fejl«), and the changes to
published content that wait for review (``temperatur.editors.pending_admin``)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from temperatur.editors.keys import ActionKeysMixin
from temperatur.editors.pending_admin import PendingChangeAdmin

from .models import Feedback, PendingChange

admin.site.register(PendingChange, PendingChangeAdmin)


@admin.register(Feedback)
class FeedbackAdmin(ActionKeysMixin, admin.ModelAdmin):
    list_display = ["created_at", "status", "page_link", "excerpt", "has_email", "handled_by"]
    list_display_links = ["created_at", "excerpt"]
    list_filter = ["status", "created_at"]
    list_select_related = ["handled_by"]
    search_fields = ["message", "page_title", "page_path", "email", "notes"]
    search_help_text = _("Søg i beskeden, sidens titel og adresse, e-mail og interne noter.")
    actions = ["mark_new", "mark_in_progress", "mark_resolved"]
    fieldsets = [
        (
            _("Fra læseren"),
            {"fields": ["created_at", "page_link", "message", "email_link"]},
        ),
        (
            _("Behandling"),
            {
                "description": _(
                    "Svar læseren, før du markerer henvendelsen som løst: e-mailen slettes, "
                    "når status bliver »Løst«."
                ),
                "fields": ["status", "handled_by", "notes", "updated_at"],
            },
        ),
    ]
    readonly_fields = ["created_at", "updated_at", "page_link", "message", "email_link"]
    list_per_page = 50
    show_facets = admin.ShowFacets.ALWAYS

    def has_add_permission(self, request):
        return False  # reports come from readers, through the form on the public pages

    @admin.display(description=_("side"), ordering="page_title")
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.page_path, obj.page_title or obj.page_path)

    @admin.display(description=_("besked"))
    def excerpt(self, obj):
        return str(obj)

    @admin.display(description=_("e-mail oplyst"), boolean=True)
    def has_email(self, obj):
        return bool(obj.email)

    @admin.display(description=_("e-mail"))
    def email_link(self, obj):
        if not obj.email:
            return None
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handled_by":
            # Only the editorial staff handle reports; a plain list of them needs no
            # permission to browse the users.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and "handled_by" not in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        count = queryset.set_status(status, user=request.user)
        self.message_user(
            request,
            _("%(count)d %(items)s har nu status »%(status)s«.")
            % {
                "count": count,
                "items": model_ngettext(self.opts, count),
                "status": Feedback.Status(status).label,
            },
            messages.SUCCESS,
        )

    @admin.action(description=_("Markér de valgte som nye"), permissions=["change"])
    def mark_new(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.NEW)

    @admin.action(description=_("Markér de valgte som under behandling"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.IN_PROGRESS)

    @admin.action(
        description=_("Markér de valgte som løst (sletter læserens e-mail)"),
        permissions=["change"],
    )
    def mark_resolved(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.RESOLVED)
