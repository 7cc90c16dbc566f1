"""The CSV file of observed challenges (``challenges.observation_import``): its columns,
its encoding and delimiter, its rows as dicts by column."""

import csv
import io
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import record_import

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
SESSION_KEY = "observation-import"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = False


COLUMNS = [
    Column(
        "projekt",
        gettext_lazy("Projektets korte navn i adresser (fx »ai-i-hjemmeplejen«) eller titel."),
        required=True,
    ),
    Column("omraade", gettext_lazy("Udfordringsområdets korte navn eller navn."), required=True),
    Column(
        "udfordring",
        gettext_lazy(
            "Den konkrete udfordrings korte navn eller navn; den skal høre til området. "
            "Kan være tom."
        ),
    ),
    Column("maaling", gettext_lazy("Målingens korte navn eller navn. Kan være tom.")),
    Column(
        "alvor",
        gettext_lazy("1, 2 eller 3 – eller lav, middel eller høj. Tom betyder ikke oplyst."),
    ),
    Column("beskrivelse", gettext_lazy("Fri tekst. Kan være tom.")),
    Column("kilde", gettext_lazy("Adressen på kilden, fx https://… Kan være tom.")),
    Column("offentliggjort", gettext_lazy("ja eller nej. Tom betyder nej.")),
    Column(record_import.COLUMN, record_import.COLUMN_DESCRIPTION),
]
COLUMN_NAMES = [column.name for column in COLUMNS]

SEVERITIES = {
    "1": 1,
    "2": 2,
    "3": 3,
    "lav": 1,
    "middel": 2,
    "mellem": 2,
    "høj": 3,
    "hoej": 3,
}
YES = {"ja", "j", "1", "x", "sand", "true", "yes"}
NO = {"nej", "n", "0", "falsk", "false", "no", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Danish."""


# Reading the file


def decode(data):
    """The text of an uploaded file, or ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _(
                "Filen er for stor: højst 2 MB. Del den op i flere filer, og importér dem "
                "hver for sig."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "Filen er ikke gemt som UTF-8, så æ, ø og å ville blive forkerte. Gem den i "
                "Excel som »CSV UTF-8 (kommasepareret)«, og prøv igen."
            )
        ) from None
    if "\x00" in text:
        raise ImportFileError(
            _("Filen indeholder tegn, som ikke hører hjemme i en CSV-fil. Er det den rigtige fil?")
        )
    return text


def _column_name(value):
    name = value.strip().lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(letter, spelled)
    return name


def _sniff_delimiter(text):
    """Semicolon (Danish Excel) or comma: whichever the header line uses more."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return "," if header.count(",") > header.count(";") else ";"


def read_rows(text):
    """``(header, [(line, cells)])``; blank lines are skipped. Raises ImportFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header, rows, line = None, [], 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    _("Filen har mere end %(max)s rækker. Del den op i flere filer.")
                    % {"max": number_format(MAX_ROWS, force_grouping=True)}
                )
            rows.append((start, cells))
    except csv.Error as error:
        raise ImportFileError(
            _("Linje %(line)d kan ikke læses som CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    if header is None:
        raise ImportFileError(_("Filen er tom."))
    return header, rows


def check_header(header):
    """The canonical column names of ``header``, or ImportFileError naming what is wrong."""
    names = [_column_name(cell) for cell in header]
    known = ", ".join(COLUMN_NAMES)
    problems, seen = [], set()
    for name, cell in zip(names, header, strict=True):
        if name not in COLUMN_NAMES:
            problems.append(
                _("Ukendt kolonne »%(name)s« i første linje. Kolonnerne hedder: %(known)s.")
                % {"name": cell.strip()[:50], "known": known}
            )
        elif name in seen:
            problems.append(
                _("Kolonnen »%(name)s« står flere gange i første linje.") % {"name": name}
            )
        seen.add(name)
    problems += [
        _("Første linje mangler kolonnen »%(name)s«.") % {"name": column.name}
        for column in COLUMNS
        if column.required and column.name not in names
    ]
    if problems:
        raise ImportFileError(" ".join(dict.fromkeys(problems)))
    return names
