"""Open data: the page that lists every download (/data/) and the complete dump.

The dump (``/data/temperatur.json``) holds all published content in one file; the same
content as CSV, one file per list (``/data/temperatur-csv.zip``), lies beside it. Their
sections and fields are declared once, by each app (``<app>/public.py``, in
:data:`SECTIONS` in the apps' order, reference data first); both are written from that
declaration, and the data dictionary on /data/ is generated from it and from the models'
own ``verbose_name`` and ``help_text``, so they cannot drift apart. Nothing unpublished and
no internal field (``editor_note``, the workflow flags) is declared. Each runs a fixed
number of queries whatever the amount of data.
"""

import datetime
import io
import zipfile

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from challenges import outputs as challenge_outputs
from challenges.definitions import DEFINITIONS
from challenges.models import ChallengeArea
from challenges.prevalence import minimum_assessed
from projects.outputs import EXPORT_FIELDS as PROJECT_COLUMNS
from resources.views import EXPORT_COLUMNS as RESOURCE_COLUMNS
from resources.views import GUIDE_CSV_COLUMNS
from temperatur.site import assembly
from temperatur.web.exports import csv_decimal, csv_text, json_response

SECTIONS = assembly.sections()


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
        related = getattr(instance, child.attribute)
        items = related if isinstance(related, list) else related.all()
        row[child.key] = [_row(child, item) for item in items]
    return row


def data_version():
    """The newest change to what is published (None while nothing is): the last public
    change of a row, or when a row came to the site (loaded rows have no known change)."""
    latest = []
    for model in assembly.collect("published_models"):
        dates = {"changed": Max("published_changed_at")}
        if any(field.name == "created_at" for field in model._meta.concrete_fields):
            dates["created"] = Max("created_at")
        latest += model.objects.published().aggregate(**dates).values()
    latest = [value for value in latest if value is not None]
    return timezone.localtime(max(latest)) if latest else None


def dump(request, version):
    """All published content as one dict, in a fixed number of queries."""
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
                "meaning": capfirst(str(child.description)),
                "type": _("liste af objekter (se »%(key)s«)") % {"key": child.key},
            }
        )
    return {
        "key": section.key,
        "name": capfirst(str(section.model._meta.verbose_name_plural)),
        "description": section.description,
        "fields": rows,
    }


def data_dictionary():
    """Every list of the dump and every field in it: meaning (from the model) and type."""
    sections = []
    for section in SECTIONS:
        sections.append(_dictionary_section(section))
        sections.extend(_dictionary_section(child) for child in section.children)
    return sections


# The dump as CSV: one file per list


# The archive's own description, in Danish like the CSV files (whatever the page's language).
CSV_README = """Temperatur: alle offentliggjorte data som CSV

Version: {version}
Licens: {license}
Kilde: {source}
Citér: {citation}

Én fil pr. liste i temperatur.json, med de samme felter; dataordbogen på {source}
forklarer dem. En liste inde i en anden (fx et projekts oplevede udfordringer,
observations.csv) har sin egen fil, hvis første kolonne er det korte navn (slug) på
det, den hører til (project).

Format: UTF-8 med byte order mark, semikolon mellem felterne, decimalkomma. Flere
værdier i ét felt (fx deltagende kommuner) er adskilt af komma og mellemrum. Sand og
falsk er true og false; datoer og tidspunkter er ISO 8601. Et tomt felt er ukendt.
Kolonnernes navne er de samme på alle sprog.
"""


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return csv_decimal(value)
    return value


def csv_tables():
    """``{name: (header, rows)}``: every list of the dump as a table, nested lists as tables
    of their own after their parent's; the same rows and fields as the dump, in a fixed
    number of queries."""
    tables = {}
    for section in SECTIONS:
        rows = []
        nested = {child.key: [] for child in section.children}
        for instance in section.queryset():
            row = _row(section, instance)
            rows.append([_csv_cell(row[name]) for name in section.fields])
            for child in section.children:
                nested[child.key].extend(
                    [row["slug"], *(_csv_cell(item[name]) for name in child.fields)]
                    for item in row[child.key]
                )
        tables[section.key] = (list(section.fields), rows)
        for child in section.children:
            header = [child.parent_column, *child.fields]
            tables[child.key] = (header, nested[child.key])
    return tables


def csv_archive(request, version):
    """The zip archive of :func:`csv_tables` and a description; the same bytes for the same
    data (every file dated with the data version)."""
    stamp = (version or timezone.localtime()).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip file can carry
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name, text):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        with translation.override("da"):
            add(
                "LAES-MIG.txt",
                CSV_README.format(
                    version=version.isoformat(timespec="seconds") if version else "–",
                    license=f"{settings.DATA_LICENSE_NAME} {settings.DATA_LICENSE_URL}".strip(),
                    source=request.build_absolute_uri(reverse("opendata")),
                    citation=citation(request, version),
                ),
            )
        for name, (header, rows) in csv_tables().items():
            add(f"{name}.csv", csv_text(header, rows))
    return buffer.getvalue()


def dump_name(version, suffix=""):
    """``temperatur[-suffix]-<date of the data version>`` (today's date while none is known)."""
    date = (version or timezone.localtime()).date().isoformat()
    return "-".join(part for part in ("temperatur", suffix, date) if part)


# The CSV of the pages: what each holds, its file and its columns (documented on /data/)


def _page_exports():
    """Every CSV/JSON twin of a page on the site: its page, what a row is, its columns.

    Each entry: ``name``, ``url``, ``rows`` (what one row of the CSV is), ``columns`` (the
    CSV's column names, the same in every language) and ``file`` (how its file is named).
    """
    return [
        {
            "name": _("Projekter (alle offentliggjorte)"),
            "url": reverse("projects:list"),
            "rows": _("ét projekt"),
            "columns": [column for _key, column in PROJECT_COLUMNS],
            "file": "projekter-<filtre>-<dato>",
        },
        {
            "name": _("Temperaturen (udfordringsområderne)"),
            "url": reverse("challenges:temperature"),
            "rows": _("ét udfordringsområde"),
            "columns": challenge_outputs.TEMPERATURE_CSV_HEADER,
            "file": "temperatur-<filtre>-<dato>",
        },
        {
            "name": _("Udviklingen mellem to målinger (temperaturen med from= og to=)"),
            "url": reverse("challenges:temperature") + "#udvikling",
            "rows": _("ét udfordringsområde"),
            "columns": challenge_outputs.COMPARISON_CSV_HEADER,
            "file": "udvikling-<filtre>-from-<måling>-to-<måling>-<dato>",
            "no_download": True,
        },
        {
            "name": _("Regionerne"),
            "url": reverse("regions"),
            "rows": _("én region og ét udfordringsområde"),
            "columns": challenge_outputs.REGIONS_CSV_HEADER,
            "file": "regioner-<dato>",
        },
        {
            "name": _("Værktøjer, cases og rapporter"),
            "url": reverse("resources:list"),
            "rows": _("én ressource"),
            "columns": [column for _key, column in RESOURCE_COLUMNS],
            "file": "ressourcer-<filtre>-<dato>",
        },
        {
            "name": _("Kom godt i gang (med jeres svar i adressen)"),
            "url": reverse("resources:guide"),
            "rows": _("ét udfordringsområde, som vejledningen nævner"),
            "columns": [column for _key, column in GUIDE_CSV_COLUMNS],
            "file": "kom-i-gang-domain-<fagområde>-owner_type-<ejer>-<dato>",
            "no_download": True,
        },
        {
            "name": _("Et udfordringsområde (hvert områdes side)"),
            "url": None,
            "rows": _("ét registreret projekt, der har mødt området"),
            "columns": challenge_outputs.AREA_CSV_HEADER,
            "file": "omraade-<område>-<dato>",
            "no_download": True,
        },
    ]


# Views


@require_safe
def data_page(request):
    version = data_version()
    context = {
        "exports": _page_exports(),
        "areas": ChallengeArea.objects.only("slug", "name").order_by("order", "name"),
        "version": version,
        "citation": citation(request, version),
        "dictionary": data_dictionary(),
        "definitions": [
            (key, name, text, challenge_outputs.CSV_DEFINITION_COLUMNS.get(key, []))
            for key, name, text in DEFINITIONS
        ],
        "minimum_assessed": minimum_assessed(),
        "json_name": dump_name(version) + ".json",
        "csv_zip_name": dump_name(version, "csv") + ".zip",
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
    }
    return render(request, "opendata/data.html", context)


@require_safe
def data_dump(request):
    version = data_version()
    return json_response(dump(request, version), dump_name(version))


@require_safe
def data_csv(request):
    """The dump as CSV files, one per list, in one zip archive."""
    version = data_version()
    response = HttpResponse(csv_archive(request, version), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dump_name(version, "csv")}.zip"'
    return response
