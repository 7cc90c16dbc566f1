"""Open data: the page that lists every download (/data/) and the complete dump.

The dump (``/data/temperatur.json``) holds all published content in one file. Its
sections and fields are declared once, in :data:`SECTIONS`; the dump is written from
that declaration and the data dictionary on /data/ is generated from it and from the
models' own ``verbose_name`` and ``help_text``, so the two cannot drift apart. Nothing
unpublished and no internal field (``editor_note``, the workflow flags) is declared.
The dump runs a fixed number of queries whatever the amount of data.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Max, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from challenges.models import (
    AreaFinding,
    Challenge,
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
)
from challenges.prevalence import DEFINITIONS, minimum_assessed
from projects.models import (
    Domain,
    FundingRound,
    Highlight,
    Municipality,
    Organisation,
    Project,
    Region,
)
from resources.models import Advice, Resource
from temperatur.exports import json_response


@dataclass(frozen=True)
class Section:
    """A list in the dump: the rows of ``model`` that ``queryset()`` returns, ``fields`` each.

    ``children`` are nested lists (a measurement's findings), read through the prefetched
    relation of the same name.
    """

    key: str
    model: type
    fields: tuple
    queryset: object
    children: tuple = field(default=())
    relation: str = ""


def published_projects():
    return Project.objects.published()


def published_observations():
    return ProjectChallenge.objects.published().select_related("area", "challenge", "measurement")


CHALLENGES = Section("challenges", Challenge, ("slug", "name", "description", "order"), None)
FINDINGS = Section(
    "findings", AreaFinding, ("area", "rank", "projects_reporting", "summary", "quote"), None
)
RECORDS = Section(
    "records", ChallengeRecord, ("measurement", "source_url", "note", "published_changed_at"), None
)
OBSERVATIONS = Section(
    "observations",
    ProjectChallenge,
    (
        "area",
        "challenge",
        "measurement",
        "severity",
        "description",
        "source_url",
        "published_changed_at",
    ),
    None,
)

SECTIONS = (
    Section("regions", Region, ("slug", "name", "code"), lambda: Region.objects.order_by("code")),
    Section(
        "municipalities",
        Municipality,
        ("slug", "name", "code", "region"),
        lambda: Municipality.objects.select_related("region").order_by("code"),
    ),
    Section("domains", Domain, ("slug", "name", "order"), lambda: Domain.objects.all()),
    Section(
        "organisations",
        Organisation,
        ("slug", "name", "kind", "region", "url"),
        lambda: Organisation.objects.select_related("region"),
    ),
    Section(
        "funding_rounds",
        FundingRound,
        (
            "slug",
            "name",
            "year",
            "projects_reported",
            "budget_dkk",
            "budget_is_approximate",
            "description",
            "source_url",
        ),
        lambda: FundingRound.objects.all(),
    ),
    Section(
        "challenge_areas",
        ChallengeArea,
        ("slug", "name", "description", "order"),
        lambda: ChallengeArea.objects.prefetch_related(
            Prefetch("challenges", queryset=Challenge.objects.order_by("order", "name"))
        ),
        children=(CHALLENGES,),
    ),
    Section(
        "measurements",
        Measurement,
        (
            "slug",
            "name",
            "published_on",
            "publisher",
            "method",
            "projects_covered",
            "source_url",
            "summary",
        ),
        lambda: Measurement.objects.order_by("published_on", "pk").prefetch_related(
            Prefetch(
                "findings",
                queryset=AreaFinding.objects.select_related("area").order_by("rank", "area__order"),
            )
        ),
        children=(FINDINGS,),
    ),
    Section(
        "projects",
        Project,
        (
            "slug",
            "title",
            "title_is_working",
            "summary",
            "description",
            "owner_type",
            "region",
            "lead_municipality",
            "lead_organisation",
            "municipalities",
            "organisations",
            "domain",
            "domain_is_inferred",
            "status",
            "status_as_of",
            "funding_round",
            "funding_round_is_inferred",
            "grant_dkk",
            "grant_is_approximate",
            "start_year",
            "end_year",
            "highlight",
            "source_url",
            "is_synthetic",
            "created_at",
            "published_changed_at",
        ),
        lambda: (
            published_projects()
            .select_related(
                "region", "lead_municipality", "lead_organisation", "domain", "funding_round"
            )
            .prefetch_related(
                "municipalities",
                "organisations",
                Prefetch("challenges", queryset=published_observations(), to_attr="observations"),
                Prefetch(
                    "records",
                    queryset=ChallengeRecord.objects.published()
                    .select_related("measurement")
                    .order_by("measurement__published_on", "pk"),
                    to_attr="published_records",
                ),
            )
            .order_by("title", "slug")
        ),
        children=(RECORDS, OBSERVATIONS),
    ),
    Section(
        "highlights",
        Highlight,
        ("slug", "text", "order", "project", "municipality", "organisation"),
        lambda: Highlight.objects.published().select_related(
            "project", "municipality", "organisation"
        ),
    ),
    Section(
        "advice",
        Advice,
        ("number", "slug", "title", "body", "areas", "published_changed_at"),
        lambda: Advice.objects.published().prefetch_related("areas").order_by("number"),
    ),
    Section(
        "resources",
        Resource,
        (
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "url",
            "publisher_organisation",
            "publisher_municipality",
            "publisher_region",
            "year",
            "areas",
            "projects",
            "is_synthetic",
            "created_at",
            "published_changed_at",
        ),
        lambda: (
            Resource.objects.published()
            .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
            .prefetch_related(
                "areas", Prefetch("projects", queryset=published_projects().order_by("slug"))
            )
            .order_by("kind", "title", "slug")
        ),
    ),
)
# Where a section's nested list comes from on each row (a prefetch).
CHILD_SOURCE = {
    "challenges": "challenges",
    "findings": "findings",
    "observations": "observations",
    "records": "published_records",
}
SECTION_DESCRIPTIONS = {
    "regions": gettext_lazy("De fem regioner."),
    "municipalities": gettext_lazy("Kommunerne."),
    "domains": gettext_lazy("Fagområderne, projekterne hører til."),
    "organisations": gettext_lazy(
        "Hospitaler, fællesoffentlige organisationer, leverandører m.fl."
    ),
    "funding_rounds": gettext_lazy("Investeringsfondens ansøgningsrunder."),
    "challenge_areas": gettext_lazy("Udfordringsområderne med deres konkrete udfordringer."),
    "challenges": gettext_lazy("Et områdes konkrete udfordringer (inde i området)."),
    "measurements": gettext_lazy("Målingerne af udfordringerne, med deres konklusioner."),
    "findings": gettext_lazy("Hvad en måling konkluderede om et område (inde i målingen)."),
    "projects": gettext_lazy("De offentliggjorte projekter."),
    "observations": gettext_lazy(
        "Et projekts offentliggjorte oplevede udfordringer (inde i projektet). En udfordring "
        "tæller kun med i temperaturen, når projektet har en registrering i samme måling."
    ),
    "records": gettext_lazy(
        "Et projekts registreringer (inde i projektet): i hvilke målinger projektets "
        "udfordringer er registreret fuldt ud, inden for alle syv områder. Et projekt uden "
        "registrering er ikke registreret: vi ved ikke, hvilke områder det har mødt."
    ),
    "highlights": gettext_lazy("Fremhævede erfaringer fra første år."),
    "advice": gettext_lazy("De offentliggjorte gode råd."),
    "resources": gettext_lazy("De offentliggjorte værktøjer, cases og rapporter."),
}


# Values


def _value(instance, model_field):
    if model_field.many_to_many:
        return [related.slug for related in getattr(instance, model_field.name).all()]
    if model_field.is_relation:
        related = getattr(instance, model_field.name)
        return related.slug if related is not None else None
    value = getattr(instance, model_field.attname)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value == "" and model_field.null is False and model_field.choices:
        return None
    return value


def _row(section, instance):
    row = {name: _value(instance, section.model._meta.get_field(name)) for name in section.fields}
    for child in section.children:
        related = getattr(instance, CHILD_SOURCE[child.key])
        items = related if isinstance(related, list) else related.all()
        row[child.key] = [_row(child, item) for item in items]
    return row


def data_version():
    """The newest change to what is published (None while nothing is): the last public
    change of a row, or when a row came to the site (loaded rows have no known change)."""
    latest = []
    for model in (Project, ProjectChallenge, ChallengeRecord, Highlight, Advice, Resource):
        dates = {"changed": Max("published_changed_at")}
        if any(field.name == "created_at" for field in model._meta.concrete_fields):
            dates["created"] = Max("created_at")
        latest += model.objects.published().aggregate(**dates).values()
    latest = [value for value in latest if value is not None]
    return timezone.localtime(max(latest)) if latest else None


def dump(request):
    """All published content as one dict, in a fixed number of queries."""
    version = data_version()
    data = {
        "title": _("Temperatur: alle offentliggjorte data"),
        "version": version.isoformat(timespec="seconds") if version else None,
        "license": {"name": settings.DATA_LICENSE_NAME, "url": settings.DATA_LICENSE_URL},
        "source": request.build_absolute_uri(reverse("opendata")),
        "citation": citation(request, version),
        # The pages' rule, as in the temperature's JSON; the words of every definition.
        "minimum_assessed": minimum_assessed(),
        "definitions": {key: str(text) for key, _name, text in DEFINITIONS},
    }
    for section in SECTIONS:
        data[section.key] = [_row(section, instance) for instance in section.queryset()]
    return data


def citation(request, version):
    return _(
        "Temperatur: Kommuners og regioners erfaringer med kunstig intelligens. Data, "
        "version %(version)s. %(url)s (%(license)s)."
    ) % {
        "version": version.date().isoformat() if version else "–",
        "url": request.build_absolute_uri(reverse("opendata")),
        "license": settings.DATA_LICENSE_NAME,
    }


# The data dictionary


def json_type(model_field):
    if model_field.many_to_many:
        return _("liste af tekst (kort navn på %(model)s)") % {
            "model": model_field.related_model._meta.verbose_name
        }
    if model_field.is_relation:
        kind = _("tekst (kort navn på %(model)s)") % {
            "model": model_field.related_model._meta.verbose_name
        }
    elif isinstance(model_field, models.BooleanField):
        kind = _("sand/falsk")
    elif isinstance(model_field, models.IntegerField):
        kind = _("heltal")
    elif isinstance(model_field, models.DateTimeField):
        kind = _("tekst (tidspunkt, ISO 8601)")
    elif isinstance(model_field, models.DateField):
        kind = _("tekst (dato, ÅÅÅÅ-MM-DD)")
    else:
        kind = _("tekst")
    if model_field.choices:
        values = ", ".join(str(value) for value, _label in model_field.flatchoices)
        kind = _("%(kind)s, en af: %(values)s") % {"kind": kind, "values": values}
    if model_field.null or (model_field.choices and model_field.blank):
        kind = _("%(kind)s eller null") % {"kind": kind}
    return kind


def _dictionary_section(section):
    rows = []
    for name in section.fields:
        model_field = section.model._meta.get_field(name)
        meaning = capfirst(str(model_field.verbose_name))
        if model_field.help_text:
            meaning = f"{meaning}. {model_field.help_text}"
        rows.append({"key": name, "meaning": meaning, "type": json_type(model_field)})
    for child in section.children:
        rows.append(
            {
                "key": child.key,
                "meaning": capfirst(str(SECTION_DESCRIPTIONS[child.key])),
                "type": _("liste af objekter (se »%(key)s«)") % {"key": child.key},
            }
        )
    return {
        "key": section.key,
        "name": capfirst(str(section.model._meta.verbose_name_plural)),
        "description": SECTION_DESCRIPTIONS[section.key],
        "fields": rows,
    }


def data_dictionary():
    """Every list of the dump and every field in it: meaning (from the model) and type."""
    sections = []
    for section in SECTIONS:
        sections.append(_dictionary_section(section))
        sections.extend(_dictionary_section(child) for child in section.children)
    return sections


# Views


def _exports():
    """Every CSV/JSON twin of a page on the site, with the page it belongs to."""
    return [
        {"name": _("Projekter (alle offentliggjorte)"), "url": reverse("projects:list")},
        {
            "name": _("Temperaturen (udfordringsområderne)"),
            "url": reverse("challenges:temperature"),
        },
        {"name": _("Værktøjer, cases og rapporter"), "url": reverse("resources:list")},
    ]


@require_safe
def data_page(request):
    version = data_version()
    context = {
        "exports": _exports(),
        "areas": ChallengeArea.objects.only("slug", "name").order_by("order", "name"),
        "version": version,
        "citation": citation(request, version),
        "dictionary": data_dictionary(),
        "definitions": DEFINITIONS,
        "minimum_assessed": minimum_assessed(),
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
    }
    return render(request, "opendata/data.html", context)


@require_safe
def data_dump(request):
    response = json_response(dump(request))
    response["Content-Disposition"] = 'inline; filename="temperatur.json"'
    return response
