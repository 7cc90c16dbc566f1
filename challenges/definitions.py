"""The definitions of ``challenges.prevalence``, for readers: the data page and the data
dump say them in these words."""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = (
    (
        "projects_total",
        _("Projekterne"),
        _("De offentliggjorte projekter, der passer til filtrene."),
    ),
    (
        "projects_assessed",
        _("Registrerede projekter"),
        _(
            "De af projekterne, hvis udfordringer er registreret fuldt ud, inden for alle syv "
            "områder, i den valgte måling (eller i en hvilken som helst måling, når ingen er "
            "valgt). Kun om dem ved vi, hvilke områder de ikke har mødt."
        ),
    ),
    (
        "projects_not_recorded",
        _("Ikke registrerede projekter"),
        _(
            "Projekter uden en offentliggjort registrering. Vi ved ikke, hvilke områder de har "
            "mødt; de tæller hverken som mødt eller som ikke mødt."
        ),
    ),
    (
        "projects",
        _("Mødt"),
        _(
            "Et registreret projekt har mødt et område, når der er registreret mindst én "
            "offentliggjort udfordring i området for projektet i samme måling som "
            "registreringen. Enkeltstående udfordringer uden en registrering tæller ikke."
        ),
    ),
    (
        "share",
        _("Andel"),
        _(
            "De registrerede projekter, der har mødt området, delt med alle registrerede "
            "projekter. Ukendt (null), ikke 0, når intet projekt er registreret."
        ),
    ),
    (
        "share_low, share_high",
        _("Sikkerhedsinterval (95 procent)"),
        _(
            "Wilsons interval for andelen: med så få projekter kan den sande andel ligge et "
            "sted i intervallet."
        ),
    ),
    (
        "mean_severity",
        _("Gennemsnitlig alvor"),
        _(
            "Gennemsnittet af projekternes højeste alvor i området (1 lav, 2 middel, 3 høj), "
            "over de projekter, der har mødt området med en oplyst alvor."
        ),
    ),
    (
        "minimum_assessed",
        _("Mindste antal registrerede projekter"),
        _(
            "Siderne viser kun andele, søjler og rangordner, når mindst så mange projekter er "
            "registreret; ellers kun antal. CSV og JSON giver alle tal, der kan beregnes."
        ),
    ),
)
