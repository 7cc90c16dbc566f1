from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from temperatur.editors.content_admin import ContentAdmin, publication_fieldset
from temperatur.editors.kit import TIMESTAMPS, PublicPageMixin, YearRangeFormMixin
from temperatur.editors.preview import DraftPreviewMixin
from temperatur.editors.publishing import PublicationStateFilter

from .models import Advice, Resource

PUBLISHER_FIELDS = ("publisher_organisation", "publisher_municipality", "publisher_region")


class AdviceAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number" in self.fields:
            self.fields["number"].validators.append(
                MinValueValidator(1, message=_("Nummeret skal være 1 eller højere."))
            )
            self.fields["number"].widget.attrs["min"] = 1


@admin.register(Advice)
class AdviceAdmin(PublicPageMixin, ContentAdmin):
    form = AdviceAdminForm
    list_display = ["number", "title", "publication_status", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = [PublicationStateFilter, "areas"]
    search_fields = ["title", "body"]
    search_help_text = _("Søg i titel og forklaring.")
    autocomplete_fields = ["areas"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (_("Grundoplysninger"), {"fields": ["number", "title", "slug", "body"]}),
        (_("Udfordringsområder"), {"fields": ["areas"]}),
        publication_fieldset(timestamps="updated_at"),
    ]
    edit_conflict_subject = _("dette gode råd")


class ResourceAdminForm(YearRangeFormMixin, forms.ModelForm):
    year_fields = ("year",)

    def clean(self):
        cleaned_data = super().clean()
        chosen = [name for name in PUBLISHER_FIELDS if cleaned_data.get(name)]
        if len(chosen) > 1:
            # On every chosen field, so the editor sees which ones collide. The database
            # constraint says the same; Django skips it once the fields carry an error.
            for name in chosen:
                self.add_error(
                    name,
                    _(
                        "Vælg højst én udgiver: en organisation, en kommune eller en region. "
                        "Tøm de udgiverfelter, der ikke skal bruges."
                    ),
                )
        return cleaned_data


class MissingFilter(admin.SimpleListFilter):
    """Resources with or without something a reader needs (a link, a text)."""

    missing = Q()  # the condition for »mangler«

    def lookups(self, request, model_admin):
        return [("mangler", _("Mangler")), ("har", _("Har"))]

    def queryset(self, request, queryset):
        if self.value() == "mangler":
            return queryset.filter(self.missing)
        if self.value() == "har":
            return queryset.exclude(self.missing)
        return queryset


class LinkFilter(MissingFilter):
    title = _("link")
    parameter_name = "link"
    missing = Q(url="")


class TextFilter(MissingFilter):
    title = _("tekst (resumé eller tekst)")
    parameter_name = "tekst"
    missing = Q(summary="", body="")


@admin.register(Resource)
class ResourceAdmin(PublicPageMixin, DraftPreviewMixin, ContentAdmin):
    form = ResourceAdminForm
    list_display = [
        "title",
        "kind",
        "publisher",
        "year",
        "has_link",
        "has_text",
        "publication_status",
        "updated_at",
    ]
    # »Link: mangler« and »Tekst: mangler« list what a reader cannot reach or read yet.
    list_filter = [PublicationStateFilter, LinkFilter, TextFilter, "kind", "year", "areas"]
    list_select_related = PUBLISHER_FIELDS
    search_fields = [
        "title",
        "summary",
        "publisher_organisation__name",
        "publisher_municipality__name",
        "publisher_region__name",
    ]
    search_help_text = _("Søg i titel, resumé og udgiverens navn.")
    autocomplete_fields = [*PUBLISHER_FIELDS, "areas", "projects"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            _("Grundoplysninger"),
            {"fields": ["kind", "title", "slug", "summary", "body", "url", "year"]},
        ),
        (
            _("Udgiver"),
            {
                "description": _(
                    "Vælg højst én udgiver: en organisation, en kommune eller en region."
                ),
                "fields": list(PUBLISHER_FIELDS),
            },
        ),
        (
            _("Sammenhænge"),
            {
                "description": _("De udfordringsområder og projekter, ressourcen handler om."),
                "fields": ["areas", "projects"],
            },
        ),
        publication_fieldset(),
    ]
    edit_conflict_subject = _("denne ressource")

    def preview_response(self, request, obj, context):
        """The public resource page (resources.views.resource_detail), for any resource."""
        resource = (
            Resource.objects.select_related(*PUBLISHER_FIELDS)
            .prefetch_related(
                "areas",
                Prefetch("projects", queryset=Project.objects.published().order_by("title")),
            )
            .get(pk=obj.pk)
        )
        return TemplateResponse(
            request, "admin/resources/resource_preview.html", {"resource": resource, **context}
        )

    @admin.display(description=_("udgiver"))
    def publisher(self, obj):
        return obj.publisher

    @admin.display(description=_("link"), boolean=True)
    def has_link(self, obj):
        return bool(obj.url)

    @admin.display(description=_("tekst"), boolean=True)
    def has_text(self, obj):
        return obj.has_text
