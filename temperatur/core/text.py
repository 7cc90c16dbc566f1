"""Text that every output can carry: no character that XML 1.0 forbids.

XML 1.0 allows tab, line feed, carriage return and every character from U+0020 on, except
the surrogates (U+D800–U+DFFF) and U+FFFE/U+FFFF. Anything else in a title or summary
breaks the Atom feeds for every reader (the XML writer refuses it), and lone surrogates
cannot be stored at all. Word processors paste a vertical tab (U+000B) for a manual line
break and a form feed (U+000C) for a page break; both become a line break.

Text is cleaned where it enters: :func:`clean_text_fields` runs before every save of a
model in the site's apps, so the admin's forms, the CSV import, ``loaddata``/``seed`` and
the readers' error reports all store clean text. The feeds clean once more on the way out
(``temperatur.site.feeds``), for rows written past ``save()`` (``QuerySet.update()``, SQL).
"""

import re

from django.db import models
from django.db.models.signals import pre_save

# Every character XML 1.0 cannot carry.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
LINE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})
# The apps whose rows reach the public outputs or the editors' exports.
TEXT_APPS = frozenset({"projects", "challenges", "resources", "temperatur"})


def xml_safe(text):
    """``text`` with vertical tabs and form feeds as line breaks and every other character
    that XML 1.0 forbids left out. Anything but a string is returned as it is."""
    if not isinstance(text, str):
        return text
    return NOT_IN_XML.sub("", text.translate(LINE_BREAKS))


def clean_text_fields(sender, instance, **kwargs):
    """Before a save (``loaddata`` included), make every text field of the row XML-safe."""
    if sender._meta.app_label not in TEXT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            cleaned = xml_safe(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


pre_save.connect(clean_text_fields, dispatch_uid="temperatur.core.text.clean_text_fields")
