"""``dumpdata`` without the rows the database derives from others.

A model that says ``derived_from_other_rows = True`` (the summary of where projects stand,
the counts over every published project) is written again by the database and by the
save of the rows it derives from. Dumped and loaded again beside those rows, its rows
would clash with the ones their loading writes, so a dump leaves them out, whatever it
is asked for; the rows come back when their sources are loaded.
"""

from django.apps import apps
from django.core.management.commands import dumpdata


def derived_models():
    return [
        model for model in apps.get_models() if getattr(model, "derived_from_other_rows", False)
    ]


class Command(dumpdata.Command):
    help = f"{dumpdata.Command.help} Rows derived from others are never written."

    def handle(self, *app_labels, **options):
        derived = [model._meta.label for model in derived_models()]
        options["exclude"] = [*(options.get("exclude") or []), *derived]
        return super().handle(*app_labels, **options)
