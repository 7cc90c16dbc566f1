"""The project list's table, written by one tag.

Twenty rows of a dozen template nodes each (links, flags, five cells, the areas) were the
largest part of the list's rendering; here each row is one ``format_html``. Its cells are
the shared ones of ``temperatur.templatetags.content`` (title, owner, domain, phase, round,
grant, area tags), so they read as everywhere else on the site.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from temperatur.core.html import fill, join_html
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
    project_, domain, phase, round_, grant, areas = names
    none_met = format_html('<span class="project-table__none">{}</span>', gettext("Ingen mødt"))
    not_recorded = format_html(
        '<span class="project-table__none">{}</span>', gettext("Ikke registreret")
    )

    def areas_cell(project):
        if project.areas_met:
            return fill(
                '<ul class="nobullet-list project-table__areas">{}</ul>',
                area_tags(project.areas_met, list_url),
            )
        return none_met if project.is_recorded else not_recorded

    def owner(project):
        if project.region and project.owner:
            return fill("{}, {}", project_owner(project), danish(project.region))
        return project_owner(project)

    rows = join_html(
        ROW,
        (
            (
                project_,
                project.get_absolute_url(),
                project_title(project),
                owner(project),
                domain,
                project_domain(project),
                phase,
                project_phase(project),
                round_,
                project_round(project),
                grant,
                project_grant(project),
                areas,
                areas_cell(project),
            )
            for project in projects
        ),
    )
    return format_html(
        '<table class="table table--compact table-lg-responsive-headers project-table">'
        '<caption class="sr-only">{}</caption><thead><tr>{}</tr></thead><tbody>{}\n</tbody>'
        "</table>",
        gettext("Projekterne, der passer til filtrene"),
        format_html(HEAD, *names),
        rows,
    )
