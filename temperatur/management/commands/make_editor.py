from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from temperatur.editors.roles import ROLES


class Command(BaseCommand):
    help = (
        "Gør en eksisterende bruger til redaktør eller skribent: giver adgang til "
        "redaktionen (/admin/) og sætter brugeren i gruppen »Redaktør« eller »Skribent«."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Brugernavnet på en bruger, der allerede findes.")
        parser.add_argument(
            "--role",
            required=True,
            choices=sorted(ROLES),
            help="redaktoer: skriver, offentliggør og sletter. skribent: skriver kladder.",
        )

    @transaction.atomic
    def handle(self, *args, username, role, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"Der findes ingen bruger med brugernavnet »{username}«. Opret brugeren "
                "først (i administrationen under Brugere, eller med "
                "»python manage.py createsuperuser« for en administrator), og kør så "
                "kommandoen igen."
            ) from None
        groups = {group.name: group for group in Group.objects.filter(name__in=ROLES.values())}
        missing = sorted(set(ROLES.values()) - set(groups))
        if missing:
            raise CommandError(
                f"Gruppen »{missing[0]}« findes ikke. Kør »python manage.py migrate«, som "
                "opretter grupperne, og prøv igen."
            )
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        # One role at a time: a redaktør made skribent loses the right to publish.
        user.groups.remove(*groups.values())
        user.groups.add(groups[ROLES[role]])
        self.stdout.write(
            self.style.SUCCESS(
                f"»{username}« er nu {ROLES[role].lower()} (gruppen »{ROLES[role]}«) og kan "
                "logge ind i redaktionen på /admin/."
            )
        )
        if not user.has_usable_password():
            self.stdout.write(
                f"»{username}« har ingen adgangskode endnu. Sæt en med "
                f"»python manage.py changepassword {username}« (mindst 12 tegn)."
            )
