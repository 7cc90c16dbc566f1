from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

LOCAL_USERNAME = "redaktoer"
LOCAL_PASSWORD = "temperatur-lokal"


class Command(BaseCommand):
    help = (
        "Opretter en redaktørkonto til lokal udvikling (kun med DJANGO_DEBUG=1). "
        f"Brugernavn {LOCAL_USERNAME!r}, adgangskode {LOCAL_PASSWORD!r}."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Nægter at oprette en konto med en kendt adgangskode, når DEBUG er slået fra. "
                "Brug `python manage.py createsuperuser` i produktion."
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
