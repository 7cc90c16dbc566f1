"""Pages of a long, ordered queryset that read the page's rows only."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window

from temperatur.core.statements import kept_queryset

# More rows than any list has; an offset beyond it is a page past the last.
MAX_OFFSET = 2**31


class KeysFirstPaginator(Paginator):
    """A paginator whose page is read in two queries: the page's keys, ranked from the
    ordering's own columns, then only those rows, joined and annotated.

    Sorting thousands of rows otherwise carries each one's joined columns and annotations
    through the sort: at 10,000 projects the page of an area's projects took 11.7 ms that
    way and 6.7 ms this way (SQLite). ``object_list`` must be an ordered queryset.

    ``count_with_keys``: the query for the keys counts the rows too (``COUNT(*) OVER ()``),
    so that conditions on many rows are evaluated once instead of twice; a separate count
    is read only for a page past the last. For a filtered list, whose keys are sorted
    from all the matching rows anyway: with two filters at 10,000 projects, 4.9 ms
    instead of 11.6 ms. Not for a list whose keys come straight from an index in order
    (all the projects by title), where counting in the same query reads every row
    (8.8 ms instead of about 1). Not with a ``count`` set beforehand.

    ``rows``, given the page's keys (a list), returns the queryset of the rows shown, in
    the same order; by default ``object_list`` filtered by them.

    ``key``: everything the SQL of ``rows`` depends on beside the keys, and of
    ``object_list`` unless counting with the keys; ``statement_key``: everything the SQL
    of ``object_list`` depends on. Each as for ``temperatur.core.statements.kept_queryset``:
    the page's rows, and its keys, are then read with SQL compiled once per process.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        rows=None,
        count_with_keys=False,
        key=None,
        statement_key=None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.key = key
        self.statement_key = statement_key
        if count_with_keys and self.orphans:
            raise ValueError("Counting with the keys reads the keys before the count: no orphans.")
        self.count_with_keys = count_with_keys
        self.rows = rows or (lambda keys: object_list.filter(pk__in=keys))

    def page(self, number):
        if not self._counting():
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(
                self._rows((bottom, top), lambda: self.object_list.values("pk")[bottom:top]),
                number,
                self,
            )
        number = self._whole_number(number)
        bottom = (number - 1) * self.per_page
        if bottom >= MAX_OFFSET:
            # Past the last page of any list, and past what the database's OFFSET takes (a
            # 64-bit integer): the count, read now, says which page is the last.
            self.validate_number(number)
        ranked = list(self._ranked(bottom))
        if ranked or number == 1:
            self.count = ranked[0][1] if ranked else 0
        # Else past the last page, or no rows at all: the count, read now, tells which.
        number = self.validate_number(number)
        keys = [pk for pk, _count in ranked]
        return self._get_page(self._rows(tuple(keys), lambda: keys), number, self)

    def get_page(self, number):
        """As Django's: the first page for a number that is none, the last for one past it;
        without reading the count first when the keys count the rows."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(max(self.num_pages, 1))

    def _rows(self, which, keys):
        """The rows of the page ``which`` names (its bounds, or its keys); ``keys()`` makes
        the keys the rows are read by (a subquery, or a list)."""
        if self.key is None:
            return self.rows(keys())
        return kept_queryset((*self.key, "rows", which), lambda: self.rows(keys()))

    def _ranked(self, bottom):
        """The keys of the page from ``bottom`` on, each with the count of all the rows."""

        def ranked():
            counted = self.object_list.annotate(_count=Window(Count("pk")))
            return counted.values_list("pk", "_count")[bottom : bottom + self.per_page]

        if self.statement_key is None:
            return ranked()
        return kept_queryset((*self.statement_key, "keys", bottom), ranked)

    def _counting(self):
        return self.count_with_keys and "count" not in self.__dict__

    def _whole_number(self, number):
        """As ``validate_number``, short of comparing with the count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
