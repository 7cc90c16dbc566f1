"""The project list's table, written by one tag.

Twenty rows of a dozen template nodes each (links, flags, five cells, the areas) were the
largest part of the list's rendering; here each row is one ``format_html``. Its cells are
the shared ones of ``temperatur.templatetags.content`` (title, owner, domain, phase, round,
grant, area tags), so they read as everywhere else on the site. Each row is written once
per process for each set of values it shows (``temperatur.core.written``): a project's row
is written again when the project, its areas or its related rows' names change.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from temperatur.core.html import fill, join_html
from temperatur.core.written import written
from temperatur.templatetags.content import (
    area_tags,
    danish,
    project_domain,
    project_grant,
    project_owner,
    project_phase,
    project_round,
    project_title,
)

register = template.Library()

# The columns; every row repeats their names (data-title) for small screens.
COLUMNS = (
    gettext_lazy("Projekt"),
    gettext_lazy("Fagområde"),
    gettext_lazy("Fase"),
    gettext_lazy("Runde"),
    gettext_lazy("Bevilling"),
    gettext_lazy("Udfordringsområder"),
)
HEAD = (
    '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
    '<th scope="col">{}</th><th scope="col" class="align-text-right">{}</th>'
    '<th scope="col">{}</th>'
)
ROW = (
    "\n<tr>"
    '<th scope="row" data-title="{}"><a href="{}">{}</a>'
    ' <span class="project-table__owner">{}</span></th>'
    '<td data-title="{}">{}</td>'
    '<td data-title="{}">{}</td>'
    '<td data-title="{}">{}</td>'
    '<td data-title="{}" class="align-text-right">{}</td>'
    '<td data-title="{}">{}</td>'
    "</tr>"
)


@register.simple_tag
def project_table(projects, list_url):
    """The table of ``projects`` (rows with ``areas_met`` and ``is_recorded``); an area's
    tag links to ``list_url`` filtered by it."""
    names = [str(name) for name in COLUMNS]
    none_met = format_html('<span class="project-table__none">{}</span>', gettext("Ingen mødt"))
    not_recorded = format_html(
        '<span class="project-table__none">{}</span>', gettext("Ikke registreret")
    )
    cells = (names, list_url, none_met, not_recorded)
    rows = join_html(
        "{}",
        ((written(_row_key(project, list_url), _row, project, cells),) for project in projects),
    )
    return format_html(
        '<table class="table table--compact table-lg-responsive-headers project-table">'
        '<caption class="sr-only">{}</caption><thead><tr>{}</tr></thead><tbody>{}\n</tbody>'
        "</table>",
        gettext("Projekterne, der passer til filtrene"),
        format_html(HEAD, *names),
        rows,
    )


def _row_key(project, list_url):
    """Every value a project's row shows (``_row``)."""
    owner, region, round_ = project.owner, project.region, project.funding_round
    return (
        "project-row",
        list_url,
        project.slug,
        project.title,
        project.title_is_working,
        None if owner is None else str(owner),
        None if region is None else str(region),
        project.domain.name,
        project.domain_is_inferred,
        project.status,
        project.status_as_of,
        None if round_ is None else round_.name,
        project.funding_round_is_inferred,
        project.grant_dkk,
        project.grant_is_approximate,
        tuple((area.slug, area.name) for area in project.areas_met),
        project.is_recorded,
    )


def _row(project, cells):
    names, list_url, none_met, not_recorded = cells
    project_, domain, phase, round_, grant, areas = names
    if project.areas_met:
        areas_cell = fill(
            '<ul class="nobullet-list project-table__areas">{}</ul>',
            area_tags(project.areas_met, list_url),
        )
    else:
        areas_cell = none_met if project.is_recorded else not_recorded
    if project.region and project.owner:
        owner = fill("{}, {}", project_owner(project), danish(project.region))
    else:
        owner = project_owner(project)
    return fill(
        ROW,
        project_,
        project.get_absolute_url(),
        project_title(project),
        owner,
        domain,
        project_domain(project),
        phase,
        project_phase(project),
        round_,
        project_round(project),
        grant,
        project_grant(project),
        areas,
        areas_cell,
    )
