"""Rows whose foreign keys point to rows a page has read already.

A page's filter form reads every domain, region, municipality, funding round and area for
its choices; joining the same rows again to each project of the page, and building an
instance of each for every row, cost more than the page's own query. ``attach`` points the
rows at the instances read already.
"""


def attach(rows, name, instances):
    """Set each of ``rows``' foreign key ``name`` to the one of ``instances`` it names.

    ``instances`` should hold every row the key can name (a whole table: a form's
    choices). A key that none of them has is left alone; Django reads it on first use, as
    it would without ``attach``.
    """
    if not rows:
        return rows
    field = rows[0]._meta.get_field(name)
    by_key = {instance.pk: instance for instance in instances}
    for row in rows:
        related = by_key.get(getattr(row, field.attname))
        if related is not None:
            field.set_cached_value(row, related)
    return rows


def attach_rows(parents, to_attr, rows, *, by="project_id"):
    """Set each of ``parents``' ``to_attr`` to the list of its ``rows`` (those whose ``by``
    is its id), in the rows' order: a prefetch read by a query of the page's own. ``rows``
    (a queryset of rows of these parents only) is read only when there are parents."""
    by_parent = {parent.pk: [] for parent in parents}
    for row in rows if parents else ():
        by_parent[getattr(row, by)].append(row)
    for parent in parents:
        setattr(parent, to_attr, by_parent[parent.pk])
    return parents
