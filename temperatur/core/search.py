"""Search: the one entry point that chooses PostgreSQL full-text search or a portable search.

:func:`search` filters any searchable QuerySet (projects, challenge areas, challenges,
advice, resources) by what a visitor typed; the project list, the resource list and the
site search (``/soeg/``) all call it (what the site search shows of its hits is
``temperatur.core.search_hits``). It looks at the database of the QuerySet:

- PostgreSQL: full-text search with the ``danish`` configuration, so »ledig« finds
  »ledige« and »ledighed«, each word also as the start of a compound (»data« finds
  »datasamkøring«). Titles weigh A, summaries B, bodies C. The query is built from
  words :func:`parse` has reduced to letters and digits, so no punctuation can break it.
  The vector is :func:`search_vector` – the same expression an expression GIN index on
  the table must use for PostgreSQL to apply it (the indexes of
  ``projects/migrations/0004_search_index.py``).
- Anything else (SQLite): every word must occur somewhere in the fields, whatever the
  case, also of Æ/Ø/Å (SQLite's own LIKE and LOWER only fold ASCII, see
  :func:`_portable_match`). Title matches rank above summary, summary above body.

On both, a word also matches as it is spelled without a Danish keyboard and the other way
round (:func:`spellings`: »kraeft« finds »kræft«, »koebenhavn« finds »København«), and a
row also matches a word through the names of related rows (:class:`Related`: a project
through its domain, region, owners, participants and the areas it met), so »sundhed«
finds every project in »Sundhed generelt«. Every word must match, in the row's own text
or in those names. The related names are subqueries of the same query: the number of
queries does not change.

Nothing here imports a model, so the models' QuerySet methods can call it.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Replace
from django.db.models.lookups import Contains

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


# Danish letters as they are typed without a Danish keyboard, both ways round.
LETTER_FOR_PAIR = {"ae": "æ", "oe": "ø", "aa": "å"}
PAIR_FOR_LETTER = {letter: pair for pair, letter in LETTER_FOR_PAIR.items()}
MAX_SPELLINGS = 8


def spellings(word):
    """``word`` (folded) and its other Danish spellings, the word itself first.

    ``kraeft`` → ``kraeft``, ``kræft``; ``kræft`` → ``kræft``, ``kraeft``; ``aarhus`` →
    ``aarhus``, ``århus``. Every ae/oe/aa may be æ/ø/å and the other way round; at most
    ``MAX_SPELLINGS`` (a word with many of them keeps the first combinations).
    """
    word = fold(word)
    choices, position = [], 0
    while position < len(word):
        pair = word[position : position + 2]
        if pair in LETTER_FOR_PAIR:
            choices.append((pair, LETTER_FOR_PAIR[pair]))
            position += 2
        elif word[position] in PAIR_FOR_LETTER:
            choices.append((word[position], PAIR_FOR_LETTER[word[position]]))
            position += 1
        else:
            choices.append((word[position],))
            position += 1
    return list(itertools.islice(map("".join, itertools.product(*choices)), MAX_SPELLINGS))


@dataclass(frozen=True)
class Related:
    """Rows of another model whose name also makes a row match: a project by its domain.

    ``field`` is the searched model's relation (``"domain"``, ``"municipalities"``,
    ``"challenges"``) and ``names`` the named rows, matched by their field ``name``: by
    default every row the relation leads to. When the relation leads to rows that only
    point at the named ones (a project's observations, which name an area), ``names`` are
    those (``ChallengeArea.objects.all()``), ``through`` says which of the rows between
    count (the observations that count) and ``through_field`` how they point at the named
    rows (``"area"``). Where ``search()`` takes these, a relation's name alone stands for
    ``Related(name)``.
    """

    field: str
    names: object = None
    name: str = "name"
    through: object = None
    through_field: str = ""


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


def word_query(word):
    """One word, stemmed, as a prefix, in any of its spellings: ``(kraeft:* | kræft:*)``.

    A prefix, because Danish writes compounds as one word: »data« must find
    »datasamkøring« as the portable search does. The words are letters and digits only
    (:func:`parse`), so no tsquery operator or punctuation can reach the raw query.
    """
    from django.contrib.postgres.search import SearchQuery

    text = " | ".join(f"{spelling}:*" for spelling in spellings(word))
    return SearchQuery(f"({text})", config=SEARCH_CONFIG, search_type="raw")


def any_word_query(terms):
    """Every word in every spelling, any of them: the query a full-text rank weighs."""
    from django.contrib.postgres.search import SearchQuery

    text = " | ".join(f"{spelling}:*" for word in terms.words for spelling in spellings(word))
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="raw")


def _no_lexeme(query):
    """True when ``query`` has nothing to look for: its word is a stop word (»og«, »i«),
    which PostgreSQL leaves out of every text. Such a word does not narrow the search."""
    from django.db.models.lookups import Exact

    return Exact(Func(query, function="numnode", output_field=IntegerField()), 0)


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


def _portable_word(field, word):
    """``field`` contains ``word`` in any of its spellings."""
    condition = Q()
    for spelling in spellings(word):
        condition |= Q(_portable_match(field, spelling))
    return condition


def _names_matching(names, name, word, full_text):
    """The pks of the rows ``names`` whose field ``name`` matches ``word`` (a subquery)."""
    if full_text:
        from django.contrib.postgres.search import SearchVector

        names = names.alias(search_name=SearchVector(name, config=SEARCH_CONFIG)).filter(
            search_name=word_query(word)
        )
    else:
        names = names.filter(_portable_word(name, word))
    return names.values("pk")


def _through_related(model, related, word, full_text):
    """Rows of ``model`` that a related row's name matching ``word`` leads to."""
    if isinstance(related, str):
        related = Related(related)
    field = model._meta.get_field(related.field)
    names = related.names
    if names is None:
        names = field.related_model._default_manager.all()
    rows = _names_matching(names, related.name, word, full_text)
    if related.through is not None:
        rows = related.through.filter(**{f"{related.through_field}__in": rows})
    if field.many_to_one:
        return Q(**{f"{related.field}__in": rows})
    if field.one_to_many:  # rows that point at the searched row (a project's observations)
        return Q(pk__in=rows.values(field.field.name))
    # Several related rows per row: a subquery, so that no row comes twice.
    return Q(pk__in=model._base_manager.filter(**{f"{related.field}__in": rows}).values("pk"))


def search(queryset, query, *, ranked=False, related=()):
    """The rows of ``queryset`` that match ``query`` (a string or :class:`SearchTerms`).

    Every word must match the row's own fields or the name of one of its ``related`` rows
    (:class:`Related`, or a relation's name), in any of the word's spellings. With
    ``ranked``, each row gets ``search_rank`` (higher is better; a match in the row's own
    fields only). A query without words matches nothing.
    """
    terms = query if isinstance(query, SearchTerms) else parse(query)
    if not terms:
        return queryset.none()
    model = queryset.model
    label = model._meta.label_lower
    fields = SEARCH_FIELDS[label]
    full_text = uses_full_text(queryset.db)

    if full_text:
        from django.contrib.postgres.search import SearchRank

        vector = search_vector(label)
        if not related:
            queryset = queryset.alias(search_vector=vector)
        # A stop word narrows nothing, as long as another word has something to look for.
        skippable = ~Q(_no_lexeme(any_word_query(terms)))
        for word in terms.words:
            text_query = word_query(word)
            if related:
                # The row's own text through the GIN index on the vector (a subquery of pks,
                # so that the names below can be OR-ed with it and the index still serves).
                own = model._base_manager.alias(search_vector=vector).filter(
                    search_vector=text_query
                )
                condition = Q(pk__in=own.values("pk"))
            else:
                condition = Q(search_vector=text_query)
            for item in related:
                condition |= _through_related(model, item, word, full_text)
            queryset = queryset.filter(condition | (Q(_no_lexeme(text_query)) & skippable))
        if ranked:
            queryset = queryset.annotate(search_rank=SearchRank(vector, any_word_query(terms)))
        return queryset

    score = Value(0)
    for word in terms.words:
        condition = Q()
        for field, weight in fields:
            match = _portable_word(field, word)
            condition |= match
            score += Case(
                When(match, then=Value(PORTABLE_WEIGHTS[weight])),
                default=Value(0),
                output_field=IntegerField(),
            )
        for item in related:
            condition |= _through_related(model, item, word, full_text)
        queryset = queryset.filter(condition)
    if ranked:
        queryset = queryset.annotate(search_rank=score)
    return queryset
