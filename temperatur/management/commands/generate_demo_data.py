from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from projects.models import Region
from temperatur.tools import demo

MAX_PROJECTS = 100_000


class Command(BaseCommand):
    # Plain text at import (commands load after setup): argparse formats its help with
    # re.sub, which refuses a lazy string.
    help = _(
        "Opretter opdigtede eksempelprojekter med oplevede udfordringer og ressourcer til "
        "demonstration og ydelsesmålinger. Kør `seed` først. Alle rækker er markeret som "
        "eksempeldata, og siden viser et banner, så længe de findes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects",
            type=int,
            help=_(
                "Antal eksempelprojekter, fx 10000. Uden --projects sletter --clear blot "
                "eksempeldataene."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help=_("Startværdi for tilfældighederne; samme værdi giver samme data."),
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help=_("Slet tidligere eksempeldata først."),
        )

    def handle(self, *args, projects, seed, clear, **options):
        if projects is None and clear:
            self.remove()
            return
        if projects is None:
            raise CommandError(
                _("Angiv --projects, eller --clear alene for at slette eksempeldataene.")
            )
        if not 1 <= projects <= MAX_PROJECTS:
            raise CommandError(
                _("--projects skal være mellem 1 og %(max)d.") % {"max": MAX_PROJECTS}
            )
        self.require_tables()
        try:
            summary = demo.generate(projects=projects, seed=seed, clear=clear)
        except demo.MissingReferenceData as error:
            raise CommandError(
                _(
                    "Der mangler referencedata (%(missing)s). Kør `python manage.py seed` "
                    "først; eksempeldata fordeles over de rigtige regioner, kommuner, "
                    "fagområder og udfordringsområder."
                )
                % {"missing": ", ".join(error.args[0])}
            ) from None
        except demo.SyntheticDataExists:
            raise CommandError(
                _("Der findes allerede eksempeldata. Brug --clear for at erstatte dem.")
            ) from None
        if summary.removed_projects:
            self.stdout.write(
                _("Slettede %(count)d tidligere eksempelprojekter.")
                % {"count": summary.removed_projects}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Oprettede %(projects)d eksempelprojekter med %(observations)d oplevede "
                    "udfordringer, %(records)d registreringer, %(participants)d deltagende "
                    "kommuner og %(resources)d eksempelressourcer på %(seconds).1f s."
                )
                % {
                    "projects": summary.projects,
                    "observations": summary.observations,
                    "records": summary.records,
                    "participants": summary.participants,
                    "resources": summary.resources,
                    "seconds": summary.seconds,
                }
            )
        )

    def remove(self):
        self.require_tables()
        removed = demo.remove()
        if removed:
            self.stdout.write(
                self.style.SUCCESS(_("Slettede %(count)d eksempelprojekter.") % {"count": removed})
            )
        else:
            self.stdout.write(_("Der var ingen eksempeldata."))

    def require_tables(self):
        if Region._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                _(
                    "Databasen har ingen tabeller endnu. Kør `python manage.py migrate` og "
                    "`python manage.py seed` først."
                )
            )
