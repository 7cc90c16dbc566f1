"""The change history of the editors' content (django-simple-history).

Every save, change of a many-to-many relation and deletion of a tracked row stores a
historical copy of the whole row with who (``history_user``, from the request) and when.
The admin (``temperatur.editors.history_admin.HistoryAdmin``) lists the copies with what
changed field by field and can restore any of them.
"""

from simple_history.models import HistoricalRecords

#: Every model with a ContentHistory, and its records (for :func:`record_first_versions`).
TRACKED = {}


def _is_demo(instance):
    return getattr(instance, "is_synthetic", False)


class ContentHistory(HistoricalRecords):
    """History of editors' changes: not of synthetic demo rows, nor of loaded fixtures.

    The demo data (``is_synthetic``) are generated and cleared in bulk; their history would
    only fill the tables. Fixtures are not edits either: simple-history already skips their
    rows (``raw`` saves), and here also the relations ``loaddata`` sets right after.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            instance._loaded_from_fixture = True
        if not _is_demo(instance):
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if not _is_demo(instance):
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not (_is_demo(instance) or getattr(instance, "_loaded_from_fixture", False)):
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        TRACKED[cls] = self

    def record_first_version(self, instance, reason):
        """A first entry (»Oprettet«) for a row that has none, e.g. one loaded from fixtures."""
        instance._change_reason = reason
        self.create_historical_record(instance, "+")


def record_first_versions(reason):
    """Give every tracked row without history a first entry with ``reason``; returns how many.

    Fixtures are loaded without history (raw saves), so the history of a seeded row would
    start at its first edit, with nothing to compare it with. Rows that have history are
    left alone, so running this again adds nothing; demo rows are never tracked.
    """
    count = 0
    for model, records in TRACKED.items():
        history = getattr(model, records.manager_name)
        rows = model._default_manager.exclude(pk__in=history.values("id"))
        if any(field.name == "is_synthetic" for field in model._meta.concrete_fields):
            rows = rows.filter(is_synthetic=False)
        for row in rows.order_by("pk"):
            records.record_first_version(row, reason)
            count += 1
    return count
