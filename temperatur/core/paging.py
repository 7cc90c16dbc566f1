"""Pages of a long, ordered queryset that read the page's rows only."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A paginator whose page is one query in two steps: the page's keys are ranked from the
    ordering's own columns, then only those rows are read, joined and annotated.

    Sorting thousands of rows otherwise carries each one's joined columns and annotations
    through the sort: at 10,000 projects the page of an area's projects took 11.7 ms that
    way and 6.7 ms this way (SQLite). ``object_list`` must be an ordered queryset.

    ``rows``, given the page's keys (a subquery), returns the queryset of the rows shown, in
    the same order; by default ``object_list`` filtered by them, which repeats its
    conditions. Where the conditions are on the rows alone, a queryset without them lets
    the database start from the keys.
    """

    def __init__(self, object_list, per_page, *, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows or (lambda keys: object_list.filter(pk__in=keys))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.rows(keys), number, self)
