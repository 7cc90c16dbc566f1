"""Search: the one entry point that chooses PostgreSQL full-text search or a portable search.

:func:`search` filters any searchable QuerySet (projects, challenge areas, challenges,
advice, resources) by what a visitor typed; the project list, the resource list and the
site search (``/soeg/``) all call it. It looks at the database of the QuerySet:

- PostgreSQL: full-text search with the ``danish`` configuration, so »ledig« finds
  »ledige« and »ledighed«, each word also as the start of a compound (»data« finds
  »datasamkøring«). Titles weigh A, summaries B, bodies C. The query is built from
  words :func:`parse` has reduced to letters and digits, so no punctuation can break it.
  The vector is :func:`search_vector` – the same expression an expression GIN index on
  the table must use for PostgreSQL to apply it (see ``SEARCH_INDEXES``).
- Anything else (SQLite): every word must occur somewhere in the fields, whatever the
  case, also of Æ/Ø/Å (SQLite's own LIKE and LOWER only fold ASCII, see
  :func:`_portable_match`). Title matches rank above summary, summary above body.

Nothing here imports a model, so the models' QuerySet methods can call it.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, CharField, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast, Replace
from django.db.models.lookups import Contains
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MIN_WORD_LENGTH = 2
MAX_WORDS = 20
SEARCH_CONFIG = "danish"

# The searched fields of each model and their weight: A titles, B summaries, C bodies.
SEARCH_FIELDS = {
    "projects.project": (("title", "A"), ("summary", "B"), ("description", "C")),
    "challenges.challengearea": (("name", "A"), ("description", "C")),
    "challenges.challenge": (("name", "A"), ("description", "C")),
    "resources.advice": (("title", "A"), ("body", "C")),
    "resources.resource": (("title", "A"), ("summary", "B"), ("body", "C")),
}
# The portable search's score for a word found in a field of each weight.
PORTABLE_WEIGHTS = {"A": 8, "B": 2, "C": 1}

# Letters and digits; everything else (punctuation, operators, symbols) separates words.
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchTerms:
    """What a visitor typed, cleaned: at most 200 characters, words of two letters or more."""

    text: str
    words: tuple = ()
    ignored: tuple = ()
    truncated: bool = False

    def __bool__(self):
        return bool(self.words)


def parse(raw):
    """Clean a query: no control characters, Unicode compatibility forms folded, ≤ 200 chars.

    Never raises. Words shorter than two characters are ignored (and reported), as are
    words after the twentieth; a query of punctuation only has no words.
    """
    text = unicodedata.normalize("NFKC", str(raw or ""))
    # Control and format characters (NUL, zero-width joiners, …) become spaces.
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    words, ignored, seen = [], [], set()
    for token in WORD.findall(text):
        if len(token) < MIN_WORD_LENGTH:
            ignored.append(token)
        elif fold(token) not in seen:
            seen.add(fold(token))
            words.append(token)
    return SearchTerms(
        text=text, words=tuple(words[:MAX_WORDS]), ignored=tuple(ignored), truncated=truncated
    )


def fold(text):
    """Lower case, one character for one (so positions in ``text`` still hold)."""
    return "".join(lowered if len(lowered := char.lower()) == 1 else char for char in text)


def uses_full_text(using):
    return connections[using].vendor == "postgresql"


def search_vector(label):
    """The weighted ``danish`` tsvector of a model (``"projects.project"``).

    A GIN index on exactly this expression makes the search fast on PostgreSQL.
    """
    from django.contrib.postgres.search import SearchVector

    vector = None
    for field, weight in SEARCH_FIELDS[label]:
        part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def search_query(terms):
    """Every word, stemmed, as a prefix: ``ledig:* & borger:*``.

    A prefix, because Danish writes compounds as one word: »data« must find
    »datasamkøring« as the portable search does. The words are letters and digits only
    (:func:`parse`), so no tsquery operator or punctuation can reach the raw query.
    """
    from django.contrib.postgres.search import SearchQuery

    text = " & ".join(f"{word}:*" for word in terms.words)
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="raw")


def _portable_match(field, word):
    """``field`` contains ``word`` (lower case), whatever the case of either.

    SQLite's LIKE ignores the case of ASCII letters only, so an upper-case Æ, Ø, Å (or any
    other non-ASCII capital) is first replaced by its lower case – only for the letters
    that occur in the word, which keeps the search as fast as a plain LIKE otherwise.
    """
    expression = F(field)
    capitals = sorted({char for char in word if not char.isascii() and len(char.upper()) == 1})
    for char in capitals:
        if char.upper() != char:
            expression = Replace(
                expression, Value(char.upper()), Value(char), output_field=TextField()
            )
    return Contains(expression, word)


def search(queryset, query, *, ranked=False):
    """The rows of ``queryset`` that match ``query`` (a string or :class:`SearchTerms`).

    With ``ranked``, each row gets ``search_rank`` (higher is better). A query without
    words matches nothing.
    """
    terms = query if isinstance(query, SearchTerms) else parse(query)
    if not terms:
        return queryset.none()
    fields = SEARCH_FIELDS[queryset.model._meta.label_lower]
    if uses_full_text(queryset.db):
        from django.contrib.postgres.search import SearchRank

        vector = search_vector(queryset.model._meta.label_lower)
        text_query = search_query(terms)
        queryset = queryset.alias(search_vector=vector).filter(search_vector=text_query)
        if ranked:
            queryset = queryset.annotate(search_rank=SearchRank(vector, text_query))
        return queryset

    score = Value(0)
    for word in terms.words:
        condition = Q()
        for field, weight in fields:
            match = _portable_match(field, fold(word))
            condition |= Q(match)
            score += Case(
                When(match, then=Value(PORTABLE_WEIGHTS[weight])),
                default=Value(0),
                output_field=IntegerField(),
            )
        queryset = queryset.filter(condition)
    if ranked:
        queryset = queryset.annotate(search_rank=score)
    return queryset


# Highlighting


def _patterns(terms, stemmed):
    """Regular expressions over folded text for the words, longest first.

    Full-text search matches stems, so there a word is highlighted where a text word
    begins like it (»ledig« marks »ledighed«, »borgere« marks »borger«); the portable
    search matches substrings, so there exactly those are marked.
    """
    patterns = []
    for word in sorted(terms.words, key=len, reverse=True):
        folded = fold(word)
        if stemmed:
            stem = folded[: max(4, len(folded) - 2)]
            patterns.append(r"\b" + re.escape(stem) + r"\w*")
        else:
            patterns.append(re.escape(folded))
    return re.compile("|".join(patterns)) if patterns else None


def _marked(text, spans):
    """``text`` HTML-escaped, with ``<mark>`` around each (start, end) span."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(conditional_escape(text[position:start]))
        parts.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # every part is escaped above


def highlight(text, terms, *, stemmed):
    """The whole of ``text``, escaped, with the query's words marked."""
    pattern = _patterns(terms, stemmed)
    text = text or ""
    if pattern is None:
        return conditional_escape(text)
    return _marked(text, [match.span() for match in pattern.finditer(fold(text))])


def passage(texts, terms, *, stemmed, length=240):
    """The passage of the first of ``texts`` that matches, escaped, the words marked.

    Cut at word boundaries around the first match, with »…« where text was left out.
    When no text matches (the title did), the start of the first non-empty text.
    """
    pattern = _patterns(terms, stemmed)
    texts = [" ".join((text or "").split()) for text in texts]
    for text in texts:
        if pattern and (first := pattern.search(fold(text))):
            break
    else:
        text = next((text for text in texts if text), "")
        first = None
    start = 0 if first is None else max(0, first.start() - length // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    else:
        end = len(text)
    excerpt = text[start:end]
    spans = [m.span() for m in pattern.finditer(fold(excerpt))] if pattern else []
    result = _marked(excerpt, spans)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{result}{suffix}") if excerpt else ""


# Several kinds in one ranked list


@dataclass(frozen=True)
class Branch:
    """One kind of result in a combined search: its rows and which fields fill the columns.

    ``columns`` maps the column names of :data:`HIT_COLUMNS` (except kind) to expressions
    over ``queryset``'s model; a missing column is empty. ``hit_extra`` is whatever else
    a result needs (a challenge's area, a resource's type).
    """

    kind: str
    queryset: object
    columns: dict


HIT_COLUMNS = ("hit_kind", "hit_slug", "hit_title", "hit_summary", "hit_body", "hit_extra")


def _branch_rows(branch, terms, columns):
    queryset = search(branch.queryset, terms, ranked=True).order_by()
    annotations = {"hit_kind": Value(branch.kind, output_field=CharField())}
    for name in HIT_COLUMNS[1:]:
        expression = branch.columns.get(name, Value("", output_field=TextField()))
        # One type per column on every database, so the UNION lines up.
        annotations[name] = Cast(expression, TextField())
    annotations["hit_rank"] = F("search_rank")
    wanted = [name for name in (*HIT_COLUMNS, "hit_rank") if name in columns]
    return queryset.annotate(**annotations).values(*wanted)


def combined_counts(branches, terms):
    """``{kind: number of matches}`` for every branch, in one query."""
    if not terms:
        return {branch.kind: 0 for branch in branches}
    parts = [_branch_rows(branch, terms, ("hit_kind",)) for branch in branches]
    union = parts[0].union(*parts[1:], all=True)
    compiler = union.query.get_compiler(using=union.db)
    sql, params = compiler.as_sql()
    counts = {branch.kind: 0 for branch in branches}
    with connections[union.db].cursor() as cursor:
        cursor.execute(
            f"SELECT hits.hit_kind, COUNT(*) FROM ({sql}) hits GROUP BY hits.hit_kind", params
        )
        counts.update(dict(cursor.fetchall()))
    return counts


class CombinedResults:
    """The matches of several branches, best first, sliceable for a Paginator.

    The total comes from :func:`combined_counts`, so paginating costs one query (the
    slice) and not a second COUNT.
    """

    def __init__(self, branches, terms, total):
        self.total = total
        parts = [_branch_rows(branch, terms, (*HIT_COLUMNS, "hit_rank")) for branch in branches]
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        self.queryset = union.order_by("-hit_rank", "hit_title", "hit_kind", "hit_slug")

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if self.total == 0:
            return []
        return list(self.queryset[index])
