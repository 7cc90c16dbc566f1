"""``{% load findings %}``: what the measurements found, written by one tag.

Measurement by measurement (an h3 each): its publisher, date and source, how many projects
it covered and how many of them are recorded here, then its findings, ranked ones first,
each with its area, its summary and a quote. The temperature, an area's page and the
regions show them; as a template of a dozen nodes per finding, they were a tenth of the
temperature's rendering. Each measurement is written once per process for each set of
values it shows (``temperatur.core.written``): they change when a measurement, a finding
or a record does.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from temperatur.core.html import fill, format_message, join_html
from temperatur.core.written import written

register = template.Library()

MEASUREMENT = (
    '\n    <article class="finding-measurement">'
    '\n      <h3 class="h4"><span lang="da">{}</span></h3>'
    '\n      <p class="form-hint">\n        {}{}{}\n      </p>'
    "\n      <p>{}</p>\n      {}\n    </article>\n"
)
FINDING = (
    '\n            <li class="finding">\n              <p>{}{}{}</p>'
    '\n              <p lang="da">{}</p>\n              {}\n            </li>\n          '
)


@register.simple_tag
def measurement_findings(measurements, area=None):
    """``measurements`` (``challenges.findings.MeasurementFindings``) and their findings;
    ``area``: the page's own area, named without a link to itself."""
    return format_html(
        "{}\n",
        join_html(
            "{}",
            (
                (written(_measurement_key(item, area), _measurement, item, area),)
                for item in measurements
            ),
        ),
    )


def _measurement_key(item, area):
    measurement = item.measurement
    return (
        "measurement-findings",
        measurement.name,
        measurement.publisher,
        measurement.published_on,
        measurement.source_url,
        item.recorded,
        item.covered,
        tuple(
            (
                finding.area.slug,
                finding.area.name,
                area is not None and finding.area.pk == area.pk,
                finding.rank,
                finding.projects_reporting,
                finding.summary,
                finding.quote,
            )
            for finding in item.findings
        ),
    )


def _measurement(item, area):
    measurement = item.measurement
    publisher = fill('<span lang="da">{}</span>, ', measurement.publisher)
    published = date_format(measurement.published_on, "DATE_FORMAT")
    source = ""
    if measurement.source_url:
        source = fill(
            '. <a href="{}" rel="noopener">{}<span class="sr-only">: <span lang="da">{}</span>'
            "</span></a>",
            measurement.source_url,
            gettext("Kilde"),
            measurement.name,
        )
    if item.findings:
        findings = fill(
            '\n        <ul class="finding-list">\n          {}\n        </ul>\n      ',
            join_html("{}", ((_finding(finding, measurement, area),) for finding in item.findings)),
        )
    else:
        findings = fill(
            "\n        <p>{}</p>\n      ",
            gettext("Målingen har ingen offentliggjort konklusion om området."),
        )
    return fill(
        MEASUREMENT,
        measurement.name,
        publisher if measurement.publisher else "",
        format_message(gettext("offentliggjort %(date)s"), date=published),
        source,
        _coverage(item),
        findings,
    )


def _coverage(item):
    recorded = localize(item.recorded)
    if item.covered is None:
        message = ngettext(
            "For %(recorded)s af målingens projekter er udfordringerne registreret her.",
            "For %(recorded)s af målingens projekter er udfordringerne registreret her.",
            item.recorded,
        )
        return format_message(message, recorded=recorded)
    message = ngettext(
        "Målingen omfattede %(covered)s projekt; for %(recorded)s af dem er udfordringerne "
        "registreret her.",
        "Målingen omfattede %(covered)s projekter; for %(recorded)s af dem er udfordringerne "
        "registreret her.",
        item.covered,
    )
    return format_message(message, covered=localize(item.covered), recorded=recorded)


def _finding(finding, measurement, area):
    if finding.area != area:
        name = fill(
            '<a href="{}" lang="da" class="finding__area">{}</a>',
            finding.area.get_absolute_url(),
            finding.area.name,
        )
    else:
        name = fill('<strong lang="da">{}</strong>', finding.area.name)
    rank = ""
    if finding.rank:
        rank = fill(
            ' <span class="form-hint">({})</span>',
            format_message(gettext("nr. %(rank)s i målingen"), rank=localize(finding.rank)),
        )
    reporting = ""
    if finding.projects_reporting is not None:
        message = ngettext(
            "%(count)s projekt oplevede området",
            "%(count)s projekter oplevede området",
            finding.projects_reporting,
        )
        reporting = fill(
            ' <span class="form-hint">({})</span>',
            format_message(message, count=localize(finding.projects_reporting)),
        )
    quote = ""
    if finding.quote:
        cite = fill(' cite="{}"', measurement.source_url) if measurement.source_url else ""
        quote = fill(
            '<blockquote class="finding__quote" lang="da"{}><p>»{}«</p></blockquote>',
            cite,
            finding.quote,
        )
    return fill(FINDING, name, rank, reporting, linebreaksbr(finding.summary), quote)
