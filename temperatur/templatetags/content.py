"""Template filters for the site's content and its figures."""

from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext

from temperatur.core.choices import choice_label
from temperatur.core.html import fill, join_html

register = template.Library()


@register.filter
def choice(instance, field_name):
    """The label of ``instance``'s choice field ``field_name``: ``{{ row|choice:"kind" }}``."""
    return choice_label(instance, field_name)


@register.filter
def danish(value):
    """``value`` (content, which is always Danish) marked ``lang="da"``, escaped.

    For content set inside translated text, e.g. ``{% blocktranslate with
    name=area.name|danish %}``, so that on English pages screen readers read it as Danish
    (WCAG 2.1, 3.1.2 Language of Parts).
    """
    return fill('<span lang="da">{}</span>', value)


def percentage(number):
    """``number`` (already formatted text, e.g. »8« or »15–85«) with the percent sign the
    page's language writes: »8 %« in Danish, »8%« in English."""
    # Translators: a percentage; Danish puts a non-breaking space before the sign.
    return pgettext("percentage", "{number} %").format(number=number)


@register.filter
def percent(value):
    """``value`` as a percentage in the page's language: »8 %« in Danish, »8%« in English."""
    if value is None or value == "":
        return ""
    return percentage(number_format(value))


# How sure a fact is: the flags a source-checked fact carries on the public pages (text, not
# colour: the flag is read out with the fact). One home for each, used by every page that
# shows the fact.


def _flagged(fact, flag):
    """``fact`` (safe HTML) followed by »(flag)« in the page's language."""
    return fill('{} <span class="source-flag">({})</span>', fact, flag)


def _maybe_inferred(name, is_inferred):
    """``name`` marked Danish, with »(udledt)« when the sources do not state it."""
    if not is_inferred:
        return danish(name)
    return _flagged(danish(name), pgettext("inferred fact", "udledt"))


@register.simple_tag
def project_title(project):
    """The project's title, marked Danish, with »(arbejdstitel)« after a working title."""
    title = danish(project.title)
    if not project.title_is_working:
        return title
    return _flagged(title, pgettext("project title", "arbejdstitel"))


@register.simple_tag
def project_domain(project):
    """The project's domain, marked Danish, with »(udledt)« when it is inferred."""
    return _maybe_inferred(project.domain.name, project.domain_is_inferred)


@register.simple_tag
def project_round(project):
    """The project's funding round (»udledt« when inferred), or »Ikke oplyst«."""
    if project.funding_round is None:
        return gettext("Ikke oplyst")
    return _maybe_inferred(project.funding_round.name, project.funding_round_is_inferred)


@register.simple_tag
def project_phase(project):
    """The phase with the month it describes, »Skalering (pr. april 2021)«, or »Ikke oplyst«.

    A phase from a source describes the source's date, never today.
    """
    if not project.status:
        return gettext("Ikke oplyst")
    phase = choice_label(project, "status")
    if project.status_as_of is None:
        return phase
    as_of = date_format(project.status_as_of, "YEAR_MONTH_FORMAT")
    # Translators: a project's phase and the month a source described it in.
    return pgettext("phase as of", "{phase} (pr. {date})").format(phase=phase, date=as_of)


@register.simple_tag
def dkk(amount, approximate=False):
    """An amount in kroner: »1.900.000 kr.«, or »ca. 1,9 mio. kr.« where the source rounds it.

    A rounded amount is given in millions, as the sources give it. ``None`` gives "".
    """
    if amount is None:
        return ""
    if not approximate:
        return gettext("%(amount)s kr.") % {"amount": number_format(amount, force_grouping=True)}
    millions = (Decimal(amount) / Decimal(1_000_000)).normalize()
    if millions == millions.to_integral():
        millions = millions.quantize(Decimal(1))
    # Translators: a rounded amount in millions of kroner, e.g. »ca. 1,9 mio. kr.«
    return pgettext("approximate amount", "ca. {millions} mio. kr.").format(
        millions=number_format(millions)
    )


@register.simple_tag
def project_owner(project):
    """Who owns the project (``Project.owner``), else its region, marked Danish; or
    »Projektejer ikke oplyst«."""
    owner = project.owner or project.region
    if owner is None:
        return gettext("Projektejer ikke oplyst")
    return danish(owner)


@register.simple_tag
def project_grant(project):
    """The project's grant in kroner (``dkk``), or »Ikke oplyst«."""
    if project.grant_dkk is None:
        return gettext("Ikke oplyst")
    return dkk(project.grant_dkk, project.grant_is_approximate)


@register.simple_tag
def project_period(project):
    """The project's years: »2021«, »2021–2023«, »Fra 2021«, »Til 2023« or »Ikke oplyst«."""
    start, end = project.start_year, project.end_year
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if start:
        return gettext("Fra %(year)s") % {"year": start}
    if end:
        return gettext("Til %(year)s") % {"year": end}
    return gettext("Ikke oplyst")


@register.simple_tag
def area_tags(areas, list_url):
    """``areas`` as tags, each a link to ``list_url`` filtered by that area: one tag for a
    row's whole list (a list page has twenty rows of up to seven areas)."""
    return join_html(
        '<li><a class="tag" href="{}?{}" lang="da">{}</a></li>',
        ((list_url, urlencode({"area": area.slug}), area.name) for area in areas),
    )


@register.simple_tag
def resource_list(resources):
    """Tools or cases as a list (the guide, an area's page): each one's page, its publisher,
    and whether it can be reached beyond its page here. One tag for the list, its notes
    translated once (an area can list dozens)."""
    no_link = gettext("intet offentligt link")
    no_link_or_text = gettext("intet offentligt link og ingen beskrivelse")

    def notes(resource):
        said = []
        if resource.publisher:
            said.append(
                fill(
                    ' <span class="form-hint">(<span lang="da">{}</span>)</span>',
                    resource.publisher,
                )
            )
        if not resource.url:
            missing = no_link if resource.has_text else no_link_or_text
            said.append(fill(' <span class="form-hint">– {}</span>', missing))
        return join_html("{}", ((note,) for note in said))

    return fill(
        "<ul>{}</ul>",
        join_html(
            '<li><a href="{}" lang="da">{}</a>{}</li>\n',
            (
                (resource.get_absolute_url(), resource.title, notes(resource))
                for resource in resources
            ),
        ),
    )
