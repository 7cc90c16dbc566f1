"""Template tags for counts and shares, so that every page words them the same way.

The numbers and their definitions are ``challenges.prevalence``'s; these only say them.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

from temperatur.core.choices import choice_label
from temperatur.core.html import fill, join_html
from temperatur.core.written import written
from temperatur.templatetags.content import percent, percentage, project_owner

from .. import charts, prevalence

register = template.Library()


@register.simple_tag
def met_of(count, short=False):
    """»3 af 8 registrerede projekter«: how many recorded projects met something, of how many.

    ``short``: »3 af 8«, where a column heading says the rest.
    """
    if short:
        return gettext("%(met)d af %(recorded)d") % {
            "met": count.projects,
            "recorded": count.recorded,
        }
    return ngettext(
        "%(met)d af %(recorded)d registreret projekt",
        "%(met)d af %(recorded)d registrerede projekter",
        count.recorded,
    ) % {"met": count.projects, "recorded": count.recorded}


@register.simple_tag
def base_sentence(base):
    """How many of the projects in view are recorded, and how many are not, in words."""
    recorded = ngettext(
        "For %(assessed)d af %(total)d projekt er udfordringerne registreret",
        "For %(assessed)d af de %(total)d projekter er udfordringerne registreret",
        base.projects_total,
    ) % {"assessed": base.projects_assessed, "total": base.projects_total}
    if not base.projects_not_recorded:
        return gettext("%(recorded)s.") % {"recorded": recorded}
    not_recorded = ngettext(
        "%(count)d projekt er ikke registreret",
        "%(count)d projekter er ikke registreret",
        base.projects_not_recorded,
    ) % {"count": base.projects_not_recorded}
    return gettext("%(recorded)s; %(not_recorded)s.") % {
        "recorded": recorded,
        "not_recorded": not_recorded,
    }


@register.simple_tag
def interval(count):
    """The 95 % interval of a share: »15–85 %«; empty when the share is unknown."""
    if count.share is None:
        return ""
    return percentage(f"{count.percent_low}–{count.percent_high}")


@register.simple_tag
def too_few_sentence(base):
    """Why a page shows counts and no shares (below the minimum of recorded projects)."""
    return ngettext(
        "For få registrerede projekter til at vise andele: der skal være mindst %(minimum)d.",
        "For få registrerede projekter til at vise andele: der skal være mindst %(minimum)d.",
        base.minimum,
    ) % {"minimum": base.minimum}


@register.simple_tag
def share(count, *, describe=True):
    """A share as a percentage, its base and its interval (shown on hover and focus)."""
    if not describe:
        return fill('<span class="share">{}</span>', percent(count.percent))
    return fill(
        '<span class="share" tabindex="0">{}<span class="share__detail" role="tooltip">{}. {} {}'
        "</span></span>",
        percent(count.percent),
        met_of(count),
        # The catalogue's message, as {% translate %} writes it: a percent sign doubled.
        gettext("95 %%-sikkerhedsinterval:") % {},
        interval(count),
    )


def heat_cells(row, written):
    """A recorded project's cells in the heat map, one ``<td>`` per area; ``written``
    keeps each kind of cell's HTML (a page has 175 cells of a few kinds)."""
    return join_html(
        "{}", ((written.get(cell) or written.setdefault(cell, _cell(cell)),) for cell in row.cells)
    )


def _cell(cell):
    return fill('<td class="heat heat--{}">{}</td>', cell.level, cell.label)


@register.simple_tag
def heatmap_rows(rows, areas):
    """The heat map's rows: each project, then its cells, or one »Ikke registreret« across
    the ``areas`` for a project whose challenges are not recorded. One tag for the page's
    rows rather than a template loop per row and per cell (a page of 25 has 175 cells);
    each row written once per process for each set of values it shows
    (``temperatur.core.written``)."""
    written_cells = {}
    return join_html(
        "{}",
        (
            (
                written(
                    (
                        "heat-row",
                        row.project.slug,
                        row.project.title,
                        len(areas),
                        row.recorded,
                        tuple(row.cells) if row.recorded else (),
                    ),
                    _heat_row,
                    row,
                    len(areas),
                    written_cells,
                ),
            )
            for row in rows
        ),
    )


def _heat_row(row, columns, written_cells):
    if row.recorded:
        cells = heat_cells(row, written_cells)
    else:
        cells = fill(
            '<td class="heat heat--unrecorded" colspan="{}">{}</td>',
            columns,
            gettext("Ikke registreret"),
        )
    return fill(
        '\n<tr><th scope="row"><a href="{}" lang="da">{}</a></th>{}</tr>',
        row.project.get_absolute_url(),
        row.project.title,
        cells,
    )


@register.simple_tag
def area_observation(observation):
    """One observation on an area's page: the concrete challenge and what was observed, then
    how severe it was and in which measurement. One tag, where a dozen template nodes per
    observation took a fifth of the page at 10,000 projects."""
    challenge, description = observation.challenge, observation.description
    if challenge and description:
        what = fill(
            '<strong lang="da">{}</strong>: <span lang="da">{}</span>', challenge.name, description
        )
    elif challenge:
        what = fill('<strong lang="da">{}</strong>', challenge.name)
    elif description:
        what = fill('<span lang="da">{}</span>', description)
    else:
        what = gettext("Ingen beskrivelse")
    if observation.severity:
        how = fill("{} {}", gettext("alvor:"), choice_label(observation, "severity"))
    else:
        how = gettext("alvor ikke oplyst")
    if observation.measurement:
        how = fill('{}, <span lang="da">{}</span>', how, observation.measurement.name)
    return fill('{} <span class="form-hint">({})</span>', what, how)


AREA_PROJECT = (
    '\n<li class="area-project"><h3 class="h4"><a href="{}" lang="da">{}</a></h3>'
    '\n<p>{} · <span lang="da">{}</span> · {} <span class="heat heat--{} heat-tag">{}</span>'
    "</p>{}</li>"
)


@register.simple_tag
def area_projects(projects):
    """An area's page of projects (``(project, heat cell)`` pairs), each with its owner, its
    domain, its highest severity and its observations in the area: one tag for the list,
    where a dozen template nodes per project were a third of the page's. Each project is
    written once per process for each set of values it shows (``temperatur.core.written``),
    so an edit of one project leaves the others written."""
    return join_html(
        "{}",
        (
            (written(_area_project_key(project, cell), _area_project, project, cell),)
            for project, cell in projects
        ),
    )


def _area_project_key(project, cell):
    owner = project.owner or project.region
    return (
        "area-project",
        project.slug,
        project.title,
        None if owner is None else str(owner),
        project.domain.name,
        cell,
        tuple(
            (
                None if item.challenge is None else item.challenge.name,
                item.description,
                item.severity,
                None if item.measurement is None else item.measurement.name,
            )
            for item in project.area_observations
        ),
    )


def _area_project(project, cell):
    observations = ""
    if project.area_observations:
        observations = fill(
            '\n<ul class="area-project__observations">{}</ul>',
            join_html(
                "<li>{}</li>", ((area_observation(item),) for item in project.area_observations)
            ),
        )
    return fill(
        AREA_PROJECT,
        project.get_absolute_url(),
        project.title,
        project_owner(project),
        project.domain.name,
        gettext("Højeste alvor:"),
        cell.level,
        cell.label,
        observations,
    )


# The table of areas and how many recorded projects met each (the temperature page): shares,
# bars and intervals only where the base shows shares (``challenges.prevalence``).
PREVALENCE_TABLE = (
    '<div class="table--responsive-scroll" tabindex="0" role="region" aria-label="{}">'
    '\n<table class="table temperature-table">\n  <caption>{}</caption>\n  <thead>\n    <tr>'
    '\n      <th scope="col">{}</th>\n      <th scope="col">{}</th>\n      {}'
    '\n      <th scope="col">{}</th>\n    </tr>\n  </thead>\n  <tbody>\n    {}'
    "\n  </tbody>\n</table>\n</div>\n"
)
SHARE_HEADINGS = '\n        <th scope="col">{}</th>\n        <th scope="col">{}</th>\n      '
PREVALENCE_ROW = (
    '\n      <tr>\n        <th scope="row"><a href="{}" lang="da">{}</a></th>'
    "\n        <td>{}</td>\n        {}\n        <td>{}</td>\n      </tr>\n    "
)
SHARE_CELLS = (
    '\n          <td><div class="temperature-share">'
    '\n            <span class="temperature-bar" aria-hidden="true">'
    '<span class="temperature-bar__fill temperature-bar__fill--{}"></span></span>'
    '\n            <span class="temperature-share__text">{}</span></div>'
    "\n          </td>\n          <td>{}</td>\n        "
)


@register.simple_tag
def prevalence_table(rows, caption, result):
    """``rows`` (``challenges.views.AreaRow``) as a table captioned ``caption``; shares when
    ``result`` shows them, otherwise counts. Written once per process for each set of
    counts, names and links it shows (``temperatur.core.written``)."""
    key = (
        "prevalence-table",
        str(caption),
        result.shows_shares,
        tuple(
            (
                row.projects_url,
                row.prevalence.area.slug,
                row.prevalence.area.name,
                row.prevalence.projects,
                row.prevalence.recorded,
                row.prevalence.mean_severity,
            )
            for row in rows
        ),
    )
    return written(key, _prevalence_table, rows, caption, result.shows_shares)


def _prevalence_table(rows, caption, shares):
    headings = ""
    if shares:
        # The interval's heading as {% translate %} looks it up: a percent sign doubled.
        interval_heading = gettext("95 %%-sikkerhedsinterval") % {}
        headings = fill(SHARE_HEADINGS, gettext("Andel"), interval_heading)
    return fill(
        PREVALENCE_TABLE,
        caption,
        caption,
        gettext("Udfordringsområde"),
        gettext("Mødt af (registrerede projekter)"),
        headings,
        gettext("Gennemsnitlig alvor (1–3)"),
        join_html("{}", ((_prevalence_row(row, shares),) for row in rows)),
    )


def _prevalence_row(row, shares):
    item = row.prevalence
    met = met_of(item, short=True)
    if item.projects:
        met = fill('<a href="{}">{}</a>', row.projects_url, met)
    cells = ""
    if shares:
        cells = fill(SHARE_CELLS, str(item.percent), percent(item.percent), interval(item))
    if item.mean_severity is not None:
        severity = floatformat(item.mean_severity, 1)
    else:
        severity = gettext("Ikke oplyst") if item.projects else gettext("Ikke mødt")
    return fill(PREVALENCE_ROW, item.area.get_absolute_url(), item.area.name, met, cells, severity)


@register.simple_tag
def area_line(area, line):
    """An area through the measurements (``trends.area_line``): a small chart and the same
    numbers as a table (``_area_line.html``), written once per process for each set of
    names, counts and findings it shows (``temperatur.core.written``), so an edit that
    leaves this area's counts alone leaves its chart written."""
    key = (
        "area-line",
        area.name,
        prevalence.minimum_assessed(),
        tuple(
            (
                point.measurement.name,
                point.count.projects,
                point.count.recorded,
                point.count.mean_severity,
                point.finding and (point.finding.rank, point.finding.summary),
            )
            for point in line
        ),
    )
    return written(
        key,
        lambda: render_to_string(
            "challenges/_area_line.html",
            {"area": area, "line": line, "chart": charts.line_chart(line)},
        ),
    )
