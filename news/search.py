"""Reader search at /tim-kiem/: PostgreSQL full text, typed the way Vietnamese readers type.

Two vectors are kept current by a trigger (migrations 0003 and 0006), each GIN-indexed:

- ``search_folded``: title, lead and body, accent-folded ("đ" as "d"). It decides what
  matches, so "chi bo dang" finds "chi bộ Đảng" and words may be spread over title,
  lead and body.
- ``search_head``: title and lead only, with their diacritics (weights A, B) and folded
  (weights C, D). Small and stored inline: every candidate is ranked from it alone, and
  its index finds title and lead matches however many newer articles match in bodies.

Ranking a row's big body vector costs tens of µs (it is TOASTed), so a common word in a
million articles cannot be ranked over all its matches. Candidates are therefore the
newest MAX_RESULTS matches anywhere plus, when there are more, the newest
MAX_HEAD_RESULTS whose title or lead holds every word (exactly as typed when the query
has diacritics, folded when it has none). They are ranked title above lead above
body-only, exact diacritics above accent-stripped, then newest first; only the page's
rows are read in full.

The reader's text never reaches a tsquery parser as syntax: it is cut to words here
(NUL bytes, operators, quotes, emoji and SQL are just not words) and handed to
plainto_tsquery, which ANDs them.
"""

import functools
import html
import re
import unicodedata
from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from portal.content import DATE_RANGE

from .models import Article
from .templatetags.news_tags import menu_categories
from .text import fold

# Anything longer is cut before it reaches the database: no reader types more.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
PAGE_SIZE = 20
# The newest matches anywhere (title, lead or body) that are ranked. PostgreSQL finds
# them by walking the publish-time index when matches are dense, or through the GIN
# index when they are rare; either way each row tested reads its body vector.
MAX_RESULTS = 300
# With more matches than that, the newest title/lead matches are added, found through
# the small head vector's index: an old article whose title holds the words is still
# ranked first, not lost behind hundreds of newer articles mentioning them in the body.
MAX_HEAD_RESULTS = 200
# An exact-diacritic match counts this many times an accent-folded one in the rank.
EXACT_MATCH_WEIGHT = 2.0
# ts_rank weights, in its order {D, C, B, A}. search_head holds the title (A) and lead
# (B) with diacritics, then folded again (C title, D lead): the exact rank reads A/B
# only, the folded rank C/D only, so "hoa" typed plainly ranks the word "hoa" above
# "hòa" although both hold the folded lexeme "hoa". Title counts 1, lead 0.4.
FOLDED_WEIGHTS = "{0.4, 1, 0, 0}"
EXACT_WEIGHTS = "{0, 0, 0.4, 1}"
# ts_rank normalization 1: divide by 1 + log(length), so a long lead does not outrank a
# short title holding the same words.
RANK_NORMALIZATION = 1
# Snippets are cut from the lead, or from this much of the body, around the first match.
SNIPPET_SOURCE_CHARS = 5000
SNIPPET_WORDS = 30
# Days outside the years a portal date may have (portal.content.DATE_RANGE) are typing
# mistakes, and near year 1 or 9999 they would overflow datetime arithmetic.
MIN_YEAR, MAX_YEAR = DATE_RANGE[0].year, DATE_RANGE[1].year - 1

FOLDED_QUERY = "plainto_tsquery('simple', news_vi_fold(%s))"
EXACT_QUERY = "plainto_tsquery('simple', news_vi_norm(%s))"

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


# A results page folds a few hundred words, most of them the same few syllables.
_fold_word = functools.lru_cache(maxsize=8192)(fold)


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
        first = next((i for i, m in enumerate(tokens) if _fold_word(m.group()) in wanted), 0)
        begin = max(0, first - window // 4)
        end = min(len(tokens), begin + window)
        start_char = tokens[begin].start() if begin else 0
        end_char = tokens[end - 1].end() if end < len(tokens) else len(text)
        tokens = tokens[begin:end]
    out = ["…"] if start_char else []
    position = start_char
    for match in tokens:
        if _fold_word(match.group()) in wanted:
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


def match_ids(words, limit=MAX_RESULTS, **filters):
    """Return (ids, more): the articles to rank for `words`, and whether more matched.

    The newest `limit` matches anywhere; when more than that match, also the newest
    MAX_HEAD_RESULTS whose title or lead holds every word: exactly as typed when the
    query has diacritics (those rank first), folded when it has none. Every title/lead
    match is a match anywhere too, so when the first list is complete it holds them all
    and one query is enough.
    """
    anywhere = matching_articles(words, **filters).order_by("-publish_at", "-id")
    ids = list(anywhere.values_list("id", flat=True)[: limit + 1])
    if len(ids) <= limit:
        return ids, False
    ids = ids[:limit]
    exact = fold(words) != words.lower()
    heads = matching_articles(words, vector="search_head", exact=exact, **filters)
    head_ids = heads.order_by("-publish_at", "-id").values_list("id", flat=True)
    seen = set(ids)
    ids.extend(i for i in head_ids[:MAX_HEAD_RESULTS] if i not in seen)
    return ids, True


# Title above lead, exact diacritics above folded; a body-only match ranks 0. Reads only
# the small head vector of news_article (the table is named: RawSQL cannot follow an
# alias, so this is only used where news_article is not aliased).
RANK_SQL = (
    f"ts_rank('{FOLDED_WEIGHTS}', news_article.search_head, {FOLDED_QUERY},"
    f" {RANK_NORMALIZATION}) + {EXACT_MATCH_WEIGHT} * "
    f"ts_rank('{EXACT_WEIGHTS}', news_article.search_head, {EXACT_QUERY},"
    f" {RANK_NORMALIZATION})"
)


def rank_articles(ids, words):
    """Return the articles `ids`, best match for `words` first."""
    articles = Article.objects.filter(id__in=ids)
    rank = RawSQL(RANK_SQL, [words, words], output_field=FloatField())
    return articles.annotate(rank=rank).order_by("-rank", "-publish_at", "-id")


def ranked_slice(ids, words, start, stop):
    """Return the articles ranked start..stop among `ids` for `words`, best first.

    Every candidate is ranked in a subquery that returns only the slice's ids, so only
    the slice's rows are read with their columns.
    """
    page_ids = RawSQL(
        "SELECT news_article.id FROM news_article WHERE news_article.id = ANY(%s)"
        f" ORDER BY {RANK_SQL} DESC, news_article.publish_at DESC, news_article.id DESC"
        " LIMIT %s OFFSET %s",
        [list(ids), words, words, stop - start, start],
    )
    return rank_articles(page_ids, words)


def matching_articles(
    words,
    *,
    site_id,
    vector="search_folded",
    exact=False,
    category_ids=None,
    since=None,
    until=None,
):
    """Return a site's published articles matching `words` and the filters, unordered.

    `vector` is the column matched ("search_folded": title, lead and body, or
    "search_head": title and lead); with `exact`, the words keep their diacritics.
    """
    articles = Article.objects.published().filter(site_id=site_id)
    if category_ids is not None:
        articles = articles.filter(category_id__in=category_ids)
    if since is not None:
        articles = articles.filter(publish_at__gte=since)
    if until is not None:
        articles = articles.filter(publish_at__lt=until)
    return articles.filter(words_match(words, vector=vector, exact=exact))


def words_match(words, *, vector="search_folded", exact=False):
    """Return the condition "the article holds every word of `words`", for filter().

    Accent-insensitive unless `exact`: readers' search and the admin's both use it.
    """
    if vector not in ("search_folded", "search_head"):
        raise ValueError(vector)
    query = EXACT_QUERY if exact else FOLDED_QUERY
    return RawSQL(f"news_article.{vector} @@ {query}", [words], output_field=BooleanField())


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
        return None if chosen is None else chosen.covered_ids

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


class RankedPages:
    """The ranked candidates, read one page at a time (what the paginator slices)."""

    def __init__(self, ids, words):
        self.ids = ids
        self.words = words

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedPages is read by pages (slices)")
        start, stop, _step = index.indices(len(self.ids))
        if start >= stop:
            return Article.objects.none()
        return with_snippet_source(ranked_slice(self.ids, self.words, start, stop))


class SearchView(ListView):
    """Search results for readers, with filters; never indexed by search engines."""

    template_name = "news/search.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        categories = menu_categories(request, all_levels=True)
        self.form = SearchForm(request.GET or None, categories=categories)
        # The words are read even when a filter is invalid (that filter is then ignored),
        # and straight from GET: CharField would refuse a query holding a NUL byte.
        self.words = clean_query(request.GET.get("q", ""))
        self.filters = {"site_id": request.site.pk}
        if self.form.is_bound:
            self.form.is_valid()
            since, until = self.form.date_bounds()
            self.filters.update(category_ids=self.form.category_ids(), since=since, until=until)
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_queryset(self):
        self.match_ids, self.more_results = (
            match_ids(self.words, **self.filters) if self.words else ([], False)
        )
        return RankedPages(self.match_ids, self.words)

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
