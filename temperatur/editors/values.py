"""A field's value as an editor reads it, shared by the history, the edit conflicts and
the review of pending changes."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from simple_history.models import DeletedObject

EMPTY = "–"


def format_value(field, value):
    """A field's value as an editor reads it: labels for choices, »Ja«/»Nej«, names."""
    if isinstance(value, list | tuple):
        return ", ".join(format_value(field, item) for item in value) or EMPTY
    if isinstance(value, DeletedObject):
        return gettext("slettet (nr. %(pk)s)") % {"pk": value.pk}
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nej")
    if field is not None and field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return Truncator(str(value)).chars(200)
