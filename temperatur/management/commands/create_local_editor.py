from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

LOCAL_USERNAME = "redaktoer"
LOCAL_PASSWORD = "temperatur-lokal"


def is_local_default_database():
    """Is the database the SQLite file a fresh clone makes (settings.LOCAL_DEFAULT_DATABASE)?"""
    if connection.vendor != "sqlite":
        return False
    name = Path(connection.settings_dict["NAME"]).resolve()
    return name == Path(settings.LOCAL_DEFAULT_DATABASE).resolve()


class Command(BaseCommand):
    help = (
        "Opretter en redaktørkonto til lokal udvikling, med en kendt adgangskode: brugernavn "
        f"{LOCAL_USERNAME!r}, adgangskode {LOCAL_PASSWORD!r}. Kun når `make run` beder om "
        "det (--local-default-database), med DJANGO_DEBUG=1 og på den lokale SQLite-fil "
        "db.sqlite3; aldrig på en anden database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-default-database",
            action="store_true",
            help="Bekræft, at databasen er den lokale db.sqlite3 (det sender `make run`).",
        )

    def handle(self, *args, local_default_database=False, **options):
        if not local_default_database:
            raise CommandError(
                "Nægter at oprette en konto med en kendt adgangskode uden "
                "--local-default-database. Kontoen oprettes af `make run`; brug ellers "
                "`python manage.py createsuperuser`."
            )
        if not settings.DEBUG:
            raise CommandError(
                "Nægter at oprette en konto med en kendt adgangskode, når DEBUG er slået fra. "
                "Brug `python manage.py createsuperuser` i produktion."
            )
        if not is_local_default_database():
            raise CommandError(
                "Nægter at oprette en konto med en kendt adgangskode i en anden database end "
                f"den lokale {Path(settings.LOCAL_DEFAULT_DATABASE).name} "
                f"(databasen er {connection.settings_dict['NAME']}). "
                "Brug `python manage.py createsuperuser`."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=LOCAL_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(LOCAL_PASSWORD)
            user.save()
        self.stdout.write(
            f"Log ind på /admin/ som {LOCAL_USERNAME!r} med adgangskoden {LOCAL_PASSWORD!r} "
            "(kun til lokal brug)."
        )
