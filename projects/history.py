"""The change history of the editors' content (django-simple-history).

Every save, change of a many-to-many relation and deletion of a tracked row stores a
historical copy of the whole row with who (``history_user``, from the request) and when.
The admin (``temperatur.editing.HistoryAdmin``) lists the copies with what changed field
by field and can restore any of them.
"""

from simple_history.models import HistoricalRecords


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
