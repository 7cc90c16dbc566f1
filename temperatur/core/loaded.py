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
