"""What the site search (/soeg/) shows: hits of several kinds in one ranked list
(:class:`Branch`, :func:`combined_counts`, :class:`CombinedResults`), each with the
visitor's words marked in its title and passage (:func:`highlight`, :func:`passage`).
The matching itself is ``temperatur.core.search``'s."""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Cast
from django.utils.html import conditional_escape, format_html

from temperatur.core.html import marked
from temperatur.core.search import fold, search, spellings

# Highlighting


def _patterns(terms, stemmed):
    """Regular expressions over folded text for the words, longest first.

    Full-text search matches stems, so there a word is highlighted where a text word
    begins like it (»ledig« marks »ledighed«, »borgere« marks »borger«); the portable
    search matches substrings, so there exactly those are marked.
    """
    patterns = []
    words = {spelling for word in terms.words for spelling in spellings(word)}
    for folded in sorted(words, key=len, reverse=True):
        if stemmed:
            stem = folded[: max(4, len(folded) - 2)]
            patterns.append(r"\b" + re.escape(stem) + r"\w*")
        else:
            patterns.append(re.escape(folded))
    return re.compile("|".join(patterns)) if patterns else None


def highlight(text, terms, *, stemmed):
    """The whole of ``text``, escaped, with the query's words marked."""
    pattern = _patterns(terms, stemmed)
    text = text or ""
    if pattern is None:
        return conditional_escape(text)
    return marked(text, [match.span() for match in pattern.finditer(fold(text))])


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
    result = marked(excerpt, spans)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return format_html("{}{}{}", prefix, result, suffix) if excerpt else ""


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
    related: tuple = ()


HIT_COLUMNS = ("hit_kind", "hit_slug", "hit_title", "hit_summary", "hit_body", "hit_extra")


def hit_columns(title, summary=None, body=None, extra=None):
    """A branch's columns: the row's slug and the named fields (a missing one is empty)."""
    names = {"hit_slug": "slug", "hit_title": title, "hit_summary": summary}
    names.update({"hit_body": body, "hit_extra": extra})
    return {key: F(value) for key, value in names.items() if value}


def _branch_rows(branch, terms, columns):
    queryset = search(branch.queryset, terms, ranked=True, related=branch.related).order_by()
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
