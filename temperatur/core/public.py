"""What an app puts on the public site, declared once in its ``public.py``.

Each content app declares a :class:`PublicOutputs`: its feeds, its sitemaps and the pages
that always exist, its kinds in the site search, its lists in the open data, its
fixtures, the pages readers can report errors on, its synthetic rows. The site assembly
(``temperatur.site.assembly``) iterates over the apps in order, so adding a content type
is one app and one line there.

Reference data (regions, areas, measurements …) comes before content (projects, advice,
resources) in the fixtures and the open data, whichever app holds it: content refers to
reference data, never the other way round.
"""

from dataclasses import dataclass, field

from temperatur.core import search_hits


@dataclass(frozen=True)
class Section:
    """A list in the open data: the rows of ``model`` that ``queryset()`` returns, ``fields``
    each, described for the data dictionary.

    ``children`` are nested lists (a measurement's findings), read on each row through the
    attribute ``source`` (a prefetch; the key by default); in the CSV set a child's file
    starts with ``parent_column``, the slug of the row it belongs to.
    """

    key: str
    model: type
    fields: tuple
    queryset: object
    description: str
    children: tuple = field(default=())
    source: str = ""
    parent_column: str = ""

    @property
    def attribute(self):
        return self.source or self.key


@dataclass(frozen=True)
class SearchKind:
    """One kind of hit in the site search (/soeg/): the rows ``rows()`` returns (the published
    ones), their fields that fill a hit's ``columns`` (``search_hits.hit_columns``) and the
    relations ``related()`` names, whose rows' names find them too (``search.Related``).

    ``url(row)`` and ``label(row)`` make a hit's address and label from its row.
    """

    slug: str
    plural: str
    columns: dict
    rows: object
    url: object
    label: object
    related: object = tuple

    def branch(self):
        """The ``search_hits.Branch`` that finds this kind's rows, named by the kind's slug."""
        return search_hits.Branch(self.slug, self.rows(), self.columns, related=self.related())


@dataclass(frozen=True)
class Feed:
    path: str
    view: object
    name: str


@dataclass(frozen=True)
class PublicOutputs:
    feeds: tuple = ()
    #: name → Sitemap class
    sitemaps: dict = field(default_factory=dict)
    #: URL names of the pages that always exist (the static sitemap)
    pages: tuple = ()
    search_kinds: tuple = ()
    reference_sections: tuple = ()
    content_sections: tuple = ()
    reference_fixtures: tuple = ()
    content_fixtures: tuple = ()
    #: URL name of a page → slug → the published row it shows, or None (readers' reports)
    reported_pages: dict = field(default_factory=dict)
    #: the models whose last public change dates the open data
    published_models: tuple = ()
    #: querysets (callables) of synthetic rows: any row makes every page say »Eksempeldata«
    synthetic: tuple = ()
