"""The editors' workplace for regions, municipalities, domains and projects.

The small building blocks at the top (``YearRangeFormMixin``, ``PublicPageMixin``,
``format_dkk``) are shared by the admins of ``challenges`` and ``resources``, which build
on this app; nothing here knows about those apps. Publishing, history, the protection
against overwriting another editor's changes and the draft preview come from
``temperatur.editors.editing``.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from temperatur.editors.editing import (
    ConcurrentEditMixin,
    DraftPreviewMixin,
    HistoryAdmin,
    PublicationStateFilter,
    WorkflowAdminMixin,
)
from temperatur.editors.review_admin import WorkflowInlineMixin

from .models import (
    MAX_YEAR,
    MIN_YEAR,
    Domain,
    FundingRound,
    Highlight,
    Municipality,
    Organisation,
    Project,
    Region,
)
from .views import ProjectDetailView

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


@admin.register(Region)
class RegionAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    list_display = ["name", "code", "municipality_count"]
    search_fields = ["name", "code"]
    search_help_text = _("Søg på navn eller regionskode.")
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "code"]
    list_per_page = 50

    def get_queryset(self, request):
        # A GROUP BY drops Meta.ordering; the autocomplete's paginator needs an order.
        queryset = super().get_queryset(request).order_by(*Region._meta.ordering)
        return queryset.annotate(_municipality_count=Count("municipalities"))

    @admin.display(description=_("kommuner"), ordering="_municipality_count")
    def municipality_count(self, obj):
        return obj._municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]
    search_help_text = _("Søg på navn eller kommunekode.")
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "code", "region"]
    list_per_page = 100


@admin.register(Domain)
class DomainAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    list_display = ["name", "order", "project_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "order"]
    list_per_page = 50

    def get_queryset(self, request):
        # A GROUP BY drops Meta.ordering; the autocomplete's paginator needs an order.
        queryset = super().get_queryset(request).order_by(*Domain._meta.ordering)
        return queryset.annotate(_project_count=Count("projects"))

    @admin.display(description=_("projekter"), ordering="_project_count")
    def project_count(self, obj):
        return obj._project_count


@admin.register(Organisation)
class OrganisationAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "kind", "region", "url"]
    formfield_overrides = HTTPS_URLS
    list_per_page = 50


class FundingRoundAdminForm(YearRangeFormMixin, forms.ModelForm):
    year_fields = ("year",)


@admin.register(FundingRound)
class FundingRoundAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    form = FundingRoundAdminForm
    list_display = ["name", "year", "projects_reported", "budget", "project_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    fields = [
        "name",
        "slug",
        "year",
        "projects_reported",
        ("budget_dkk", "budget_is_approximate"),
        "description",
        "source_url",
    ]
    formfield_overrides = HTTPS_URLS
    list_per_page = 50

    def get_queryset(self, request):
        # A GROUP BY drops Meta.ordering; the autocomplete's paginator needs an order.
        queryset = super().get_queryset(request).order_by(*FundingRound._meta.ordering)
        return queryset.annotate(_project_count=Count("projects"))

    @admin.display(description=_("samlet bevilling"), ordering="budget_dkk")
    def budget(self, obj):
        return format_dkk(obj.budget_dkk)

    @admin.display(description=_("projekter beskrevet her"), ordering="_project_count")
    def project_count(self, obj):
        return obj._project_count


class ProjectPreview(ProjectDetailView):
    """The public project page for any project, drafts included (»Vis kladde«)."""

    template_name = "admin/projects/project_preview.html"

    def get_queryset(self):
        # The public page's queryset without its ``.published()``: the same related rows.
        public = super().get_queryset()
        return Project.objects.with_related().prefetch_related(*public._prefetch_related_lookups)


class ProjectAdminForm(YearRangeFormMixin, forms.ModelForm):
    """Put the project's rules on the field an editor has to change, not above the form.

    The database constraints say the same; an error attached to a field here also keeps
    the constraint from repeating it at the top of the form (Django skips constraints
    on fields that already have an error).
    """

    year_fields = ("start_year", "end_year")

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("owner_type") == Project.OwnerType.MUNICIPAL
            and not cleaned_data.get("lead_municipality")
            and "lead_municipality" not in self.errors
        ):
            self.add_error(
                "lead_municipality",
                _(
                    "Et kommunalt projekt skal have en projektejer (kommune). Vælg kommunen "
                    "her, eller sæt »Ejer« til »Regionalt«, hvis en region står bag."
                ),
            )
        start_year, end_year = cleaned_data.get("start_year"), cleaned_data.get("end_year")
        if start_year and end_year and end_year < start_year:
            self.add_error(
                "end_year",
                _(
                    "Slutåret (%(end)s) ligger før startåret (%(start)s). Ret et af årene, "
                    "eller lad slutåret stå tomt, hvis det ikke er kendt."
                )
                % {"end": end_year, "start": start_year},
            )
        return cleaned_data


class HighlightInline(WorkflowInlineMixin, admin.TabularInline):
    model = Highlight
    formset = EditorInlineFormSet
    extra = 0
    fields = ["order", "text", "slug", "ready_for_review", "is_published"]
    prepopulated_fields = {"slug": ("text",)}
    # Keep rows compact; the text is a sentence or two.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(Project)
class ProjectAdmin(
    PublicPageMixin, DraftPreviewMixin, WorkflowAdminMixin, ConcurrentEditMixin, HistoryAdmin
):
    # challenges/admin.py extends this class with the observed challenges inline and a
    # challenge-area filter; see the comment there.
    form = ProjectAdminForm
    list_display = [
        "title",
        "owner",
        "domain",
        "region",
        "status",
        "funding_round",
        "grant",
        "publication_status",
        "updated_at",
    ]
    list_filter = [
        PublicationStateFilter,
        "domain",
        "owner_type",
        "region",
        "status",
        "funding_round",
    ]
    list_select_related = [
        "lead_municipality",
        "lead_organisation",
        "domain",
        "region",
        "funding_round",
    ]
    search_fields = [
        "title",
        "slug",
        "summary",
        "lead_municipality__name",
        "lead_organisation__name",
    ]
    search_help_text = _("Søg i titel, resumé og projektejer.")
    autocomplete_fields = [
        "region",
        "lead_municipality",
        "lead_organisation",
        "municipalities",
        "organisations",
        "domain",
        "funding_round",
    ]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            _("Grundoplysninger"),
            {
                "fields": [
                    ("title", "title_is_working"),
                    "slug",
                    ("domain", "domain_is_inferred"),
                    ("status", "status_as_of"),
                    "summary",
                    "description",
                    "highlight",
                ]
            },
        ),
        (
            _("Ejer og deltagere"),
            {
                "description": _(
                    "Et kommunalt projekt skal have en projektejer (kommune). Et regionalt "
                    "projekt har typisk en organisation, fx et hospital, som projektejer."
                ),
                "fields": [
                    "owner_type",
                    "lead_municipality",
                    "lead_organisation",
                    "region",
                    "municipalities",
                    "organisations",
                ],
            },
        ),
        (
            _("Økonomi og periode"),
            {
                "fields": [
                    ("funding_round", "funding_round_is_inferred"),
                    ("grant_dkk", "grant_is_approximate"),
                    ("start_year", "end_year"),
                ]
            },
        ),
        (
            _("Kontakt"),
            {
                "description": _(
                    "Hvordan man kommer i kontakt med projektet. Udfyld kun, hvad en offentlig "
                    "kilde viser. Står felterne tomme, siger projektets side, at ingen offentlig "
                    "kontakt er kendt, og henviser til redaktionen."
                ),
                "fields": ["contact_url", ("contact_name", "contact_email")],
            },
        ),
        (_("Kilde og noter"), {"fields": ["source_url", "editor_note"]}),
        (
            _("Offentliggørelse"),
            {
                "description": _(
                    "Kun offentliggjorte projekter vises på det offentlige site. Markér "
                    "projektet som klar til gennemsyn, når det er færdigt; en redaktør "
                    "offentliggør det."
                ),
                "fields": ["ready_for_review", "is_published", TIMESTAMPS],
            },
        ),
    ]
    inlines = [HighlightInline]
    formfield_overrides = HTTPS_URLS
    list_per_page = 50
    show_facets = admin.ShowFacets.ALWAYS
    edit_conflict_subject = _("dette projekt")

    def preview_response(self, request, obj, context):
        return ProjectPreview.as_view(extra_context=context)(request, pk=obj.pk)

    @admin.display(
        description=_("projektejer"),
        ordering=Coalesce("lead_municipality__name", "lead_organisation__name"),
    )
    def owner(self, obj):
        return obj.lead_municipality or obj.lead_organisation

    @admin.display(description=_("bevilling"), ordering="grant_dkk")
    def grant(self, obj):
        return format_dkk(obj.grant_dkk)


@admin.register(Highlight)
class HighlightAdmin(WorkflowAdminMixin, ConcurrentEditMixin, HistoryAdmin):
    list_display = [
        "excerpt",
        "project",
        "municipality",
        "organisation",
        "order",
        "publication_status",
    ]
    list_filter = [PublicationStateFilter]
    list_select_related = ["project", "municipality", "organisation"]
    search_fields = ["text", "project__title", "municipality__name", "organisation__name"]
    search_help_text = _("Søg i teksten og i navnet på projekt, kommune eller organisation.")
    autocomplete_fields = ["project", "municipality", "organisation"]
    prepopulated_fields = {"slug": ("text",)}
    fieldsets = [
        (None, {"fields": ["text", "slug", "order"]}),
        (
            _("Hvem erfaringen stammer fra"),
            {
                "description": _(
                    "Udfyld det, kilden nævner: projekt, kommune og/eller organisation."
                ),
                "fields": ["project", "municipality", "organisation"],
            },
        ),
        (
            _("Offentliggørelse"),
            {
                "description": _(
                    "Erfaringen vises kun offentligt, når den er offentliggjort, og dens "
                    "projekt (hvis den har et) også er det."
                ),
                "fields": ["ready_for_review", "is_published"],
            },
        ),
    ]
    list_per_page = 50
    edit_conflict_subject = _("denne fremhævede erfaring")

    @admin.display(description=_("tekst"), ordering="text")
    def excerpt(self, obj):
        return str(obj)
