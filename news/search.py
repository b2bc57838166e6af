"""Reader search at /tim-kiem/: PostgreSQL full text, typed the way Vietnamese readers type.

Matching uses the accent-folded tsvector that migration 0003 keeps current with a trigger
(GIN index), so "chi bo dang" finds "chi bộ Đảng", "đ" matches "d", and "hoà"/"hòa",
NFC/NFD input all meet. Ranking adds the diacritic-preserving vector, weighted higher,
so an article written with the reader's exact diacritics comes first.

The reader's text never reaches a tsquery parser as syntax: it is cut to words here
(NUL bytes, operators, quotes, emoji and SQL are just not words) and handed to
plainto_tsquery, which ANDs them. SQLite (``make run`` without PostgreSQL) has none of
this: there search degrades to case-insensitive substring matches on title and lead.
"""

import html
import re
import unicodedata
from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from .models import Article, Category

# Anything longer is cut before it reaches the database: no reader types more.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
PAGE_SIZE = 20
# Ranking reads both vectors of every row it ranks (about 45 µs a row), so ranking all
# matches of a common word in a million articles takes seconds. Only the newest
# MAX_RESULTS matches are ranked and paged: PostgreSQL finds them by walking the
# publish-time index when matches are dense, or through the GIN index when they are
# rare. For a news portal, "the best of the newest 300" is what readers look for.
MAX_RESULTS = 300
# An exact-diacritic match counts this many times an accent-folded one in the rank.
EXACT_MATCH_WEIGHT = 2.0
# ts_rank normalization 1: divide by 1 + log(document length), so a long body does not
# outrank a short article that has the words in its title.
RANK_NORMALIZATION = 1
# Snippets are cut from the lead, or from this much of the body, around the first match.
SNIPPET_SOURCE_CHARS = 5000
SNIPPET_WORDS = 30
# Dates outside these years are typing mistakes; they would overflow datetime arithmetic.
MIN_YEAR = 1900
MAX_YEAR = 2999

FOLDED_QUERY = "plainto_tsquery('simple', news_vi_fold(%s))"
EXACT_QUERY = "plainto_tsquery('simple', news_vi_norm(%s))"

# Same table as migration 0003: old-style tone placement -> new style, for oa/oe/uy.
TONE_PAIRS = [
    (first + second_plain, first_plain + second)
    for first_plain, second_plain, firsts, seconds in (
        ("o", "a", "òóỏõọ", "àáảãạ"),
        ("o", "e", "òóỏõọ", "èéẻẽẹ"),
        ("u", "y", "ùúủũụ", "ỳýỷỹỵ"),
    )
    for first, second in zip(firsts, seconds, strict=True)
]
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def clean_query(raw):
    """Return the reader's query as plain words separated by spaces ("" if none).

    NUL bytes go first (PostgreSQL refuses them in text), then the text is put in NFC so
    decomposed input forms whole words, cut to MAX_QUERY_CHARS and MAX_QUERY_WORDS.
    """
    text = unicodedata.normalize("NFC", (raw or "").replace("\x00", ""))[:MAX_QUERY_CHARS]
    words = [w for w in _WORD.findall(text) if w.strip("_")]
    return " ".join(words[:MAX_QUERY_WORDS])


def normalize_tones(text):
    """Return lower-case NFC text with one tone placement for oa/oe/uy ("hòa" -> "hoà")."""
    text = unicodedata.normalize("NFC", text).lower()
    for old, new in TONE_PAIRS:
        text = text.replace(old, new)
    return text


def fold(text):
    """Return `text` lower-cased without diacritics, "đ" as "d": what readers often type."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def highlight(text, query_words, window=None):
    """Return `text` HTML-escaped with the words matching `query_words` in <mark>.

    Words match accent-insensitively. With `window`, only that many words are kept,
    starting a little before the first match, with "…" where text was cut.
    """
    wanted = {fold(w) for w in query_words}
    text = unicodedata.normalize("NFC", text)
    tokens = list(_WORD.finditer(text))
    start_char, end_char = 0, len(text)
    if window and len(tokens) > window:
        first = next((i for i, m in enumerate(tokens) if fold(m.group()) in wanted), 0)
        begin = max(0, first - window // 4)
        end = min(len(tokens), begin + window)
        start_char = tokens[begin].start() if begin else 0
        end_char = tokens[end - 1].end() if end < len(tokens) else len(text)
        tokens = tokens[begin:end]
    out = ["…"] if start_char else []
    position = start_char
    for match in tokens:
        if fold(match.group()) in wanted:
            out.append(html.escape(text[position : match.start()]))
            out.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    out.append(html.escape(text[position:end_char]))
    if end_char < len(text):
        out.append("…")
    # Every piece above is escaped; only the <mark> tags are markup.
    return mark_safe("".join(out))


def plain_text(body_html):
    """Return the text of an HTML fragment, tags removed and entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", body_html or "")).split())


def newest_match_ids(words, limit=MAX_RESULTS, **filters):
    """Return the ids of the newest `limit` published articles matching `words`."""
    articles = matching_articles(words, **filters).order_by("-publish_at", "-id")
    return list(articles.values_list("id", flat=True)[:limit])


def rank_articles(ids, words):
    """Return the articles `ids`, best match for `words` first (newest first on SQLite)."""
    articles = Article.objects.filter(id__in=ids)
    if connection.vendor != "postgresql":
        return articles.newest_first()
    rank = RawSQL(
        f"ts_rank(news_article.search_folded, {FOLDED_QUERY}, {RANK_NORMALIZATION})"
        f" + {EXACT_MATCH_WEIGHT} * "
        f"ts_rank(news_article.search_exact, {EXACT_QUERY}, {RANK_NORMALIZATION})",
        [words, words],
        output_field=FloatField(),
    )
    return articles.annotate(rank=rank).order_by("-rank", "-publish_at", "-id")


def search_articles(words, **filters):
    """Return published articles matching `words` (cleaned by clean_query), best first.

    Runs one query at once (the newest matches' ids); the ranking runs when evaluated.
    """
    return rank_articles(newest_match_ids(words, **filters), words)


def matching_articles(words, *, category_ids=None, since=None, until=None):
    """Return published articles matching `words` and the filters, unordered."""
    articles = Article.objects.published()
    if category_ids is not None:
        articles = articles.filter(category_id__in=category_ids)
    if since is not None:
        articles = articles.filter(publish_at__gte=since)
    if until is not None:
        articles = articles.filter(publish_at__lt=until)
    if connection.vendor != "postgresql":
        for word in words.split():
            articles = articles.filter(Q(title__icontains=word) | Q(lead__icontains=word))
        return articles
    matches = RawSQL(
        f"news_article.search_folded @@ {FOLDED_QUERY}", [words], output_field=BooleanField()
    )
    return articles.filter(matches)


class SearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False)
    chuyen_muc = forms.ChoiceField(label="Chuyên mục", required=False)
    tu_ngay = forms.DateField(
        label="Từ ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    den_ngay = forms.DateField(
        label="Đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError("Ngày nằm ngoài khoảng cho phép.", code="out_of_range")
        return day

    def clean_tu_ngay(self):
        return self._clean_day("tu_ngay")

    def clean_den_ngay(self):
        return self._clean_day("den_ngay")

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        choices = [("", "Tất cả chuyên mục")]
        for category in self.categories:
            prefix = "— " if category.parent_id else ""
            choices.append((category.slug, prefix + category.name))
        self.fields["chuyen_muc"].choices = choices

    def category_ids(self):
        """Return the ids of the chosen category and its subcategories, or None for all."""
        slug = self.cleaned_data.get("chuyen_muc")
        chosen = next((c for c in self.categories if c.slug == slug), None)
        if chosen is None:
            return None
        return [c.pk for c in self.categories if c.pk == chosen.pk or c.parent_id == chosen.pk]

    def date_bounds(self):
        """Return (since, until) aware datetimes for the chosen local days, None if unset."""
        tz = timezone.get_current_timezone()
        since = until = None
        if self.cleaned_data.get("tu_ngay"):
            since = datetime.combine(self.cleaned_data["tu_ngay"], time.min, tzinfo=tz)
        if self.cleaned_data.get("den_ngay"):
            next_day = self.cleaned_data["den_ngay"] + timedelta(days=1)
            until = datetime.combine(next_day, time.min, tzinfo=tz)
        return since, until


class SearchPaginator(Paginator):
    """A paginator over ranked matches whose number is already known."""

    def __init__(self, object_list, per_page, count, **kwargs):
        self._count = count
        super().__init__(object_list, per_page, **kwargs)

    @property
    def count(self):
        return self._count


class SearchView(ListView):
    """Search results for readers, with filters; never indexed by search engines."""

    template_name = "news/search.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        categories = Category.objects.order_by("menu_position", "name").only(
            "name", "slug", "parent_id", "menu_position"
        )
        self.form = SearchForm(request.GET or None, categories=categories)
        # The words are read even when a filter is invalid (that filter is then ignored),
        # and straight from GET: CharField would refuse a query holding a NUL byte.
        self.words = clean_query(request.GET.get("q", ""))
        self.filters = {}
        if self.form.is_bound:
            self.form.is_valid()
            since, until = self.form.date_bounds()
            self.filters = {
                "category_ids": self.form.category_ids(),
                "since": since,
                "until": until,
            }
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_queryset(self):
        # One id more than shown tells "exactly 300" from "more than 300".
        ids = newest_match_ids(self.words, MAX_RESULTS + 1, **self.filters) if self.words else []
        self.more_results = len(ids) > MAX_RESULTS
        self.match_ids = ids[:MAX_RESULTS]
        return with_snippet_source(rank_articles(self.match_ids, self.words))

    def paginate_queryset(self, queryset, page_size):
        paginator = SearchPaginator(queryset, page_size, len(self.match_ids))
        # get_page() turns a missing, invalid or too large page number into a real page.
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, list(page.object_list), page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.words.split()
        results = []
        for article in context["articles"]:
            source = article.lead or plain_text(article.body_head)
            results.append(
                {
                    "article": article,
                    "title": highlight(article.title, words),
                    "snippet": highlight(source, words, window=SNIPPET_WORDS),
                }
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form,
            words=self.words,
            results=results,
            query_text=(self.request.GET.get("q") or "").replace("\x00", "")[:MAX_QUERY_CHARS],
            query_string=query.urlencode(),
            max_results=MAX_RESULTS,
            more_results=self.more_results,
        )
        return context


def with_snippet_source(queryset):
    """Return `queryset` with only the columns a result shows and the head of the body."""
    return (
        queryset.select_related("category")
        .defer("body", "byline", "legacy_id", "cover_caption")
        .annotate(body_head=Substr("body", 1, SNIPPET_SOURCE_CHARS))
    )
