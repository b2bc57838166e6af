"""Write the paths make bench's wrk phases cycle through (bench/run.sh, bench/traffic.lua).

Usage: python bench/traffic.py <work-dir> [--sample 200000] [--seed 20261201]

Reads the scratch archive through the portal's own models (DJANGO_SETTINGS_MODULE) and
writes, one path a line:

- ``zipf.paths``: article pages drawn Zipf (s = 1.1) over every published article, the
  k-th most read with weight 1/k^1.1. Popularity is a seeded shuffle of the archive, not
  its age: readers come to old articles through search engines and links too, and the
  newest articles' pages (an empty "TIN MỚI HƠN" list) would be cheaper than the rest.
- ``mix.paths``: the portal mix, 80% articles (more draws of the same Zipf law), 8% home,
  8% category pages 1-5 (a random category, a page that exists), 4% searches of 1-3
  words of a published title, half of them typed without diacritics.
- ``hot.paths``: the newest published article (the one hot URL); ``bare.paths``: ``/``.
- ``articles.tsv``: slug and path of every published article, for the count check.

run.sh measures on the first half of zipf.paths and mix.paths and warms up on the second
half, so a measured phase still meets articles for the first time as a real one does.
"""

import argparse
import os
import random
import sys
import unicodedata
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

ZIPF_S = 1.1
ARTICLE_SHARE, HOME_SHARE, CATEGORY_SHARE = 0.80, 0.08, 0.08  # the rest: search
CATEGORY_PAGES = 5
SEARCH_WORDS = (1, 3)
UNACCENTED_SHARE = 0.5


def fold(text):
    """Return text without Vietnamese diacritics, as a reader types on a plain keyboard."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def category_pages(per_page):
    """Return every category page 1-CATEGORY_PAGES that exists, as paths."""
    from django.db.models import Q

    from news.models import Article, Category

    published = Article.objects.published()
    paths = []
    for category in Category.objects.all():
        count = published.filter(Q(category=category) | Q(category__parent=category)).count()
        pages = min(CATEGORY_PAGES, max(1, -(-count // per_page)))
        base = category.get_absolute_url()
        paths += [base] + [f"{base}?page={n}" for n in range(2, pages + 1)]
    return paths


def search_path(rng, titles):
    """Return a search for 1-3 consecutive words of a title, maybe without diacritics."""
    from django.urls import reverse

    words = rng.choice(titles).lower().split()
    n = min(len(words), rng.randint(*SEARCH_WORDS))
    start = rng.randrange(len(words) - n + 1)
    query = " ".join(words[start : start + n])
    if rng.random() < UNACCENTED_SHARE:
        query = fold(query)
    return reverse("news:search") + "?" + urlencode({"q": query})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--sample", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()

    import django

    django.setup()
    from django.urls import reverse

    from news import views
    from news.models import Article

    rng = random.Random(args.seed)
    articles = list(Article.objects.published().order_by("pk").values_list("slug", "title"))
    if not articles:
        raise SystemExit("Không có bài viết đã xuất bản nào để đo.")
    paths = {slug: reverse("news:article-detail", kwargs={"slug": slug}) for slug, _ in articles}
    by_popularity = [slug for slug, _ in articles]
    rng.shuffle(by_popularity)
    weights = list(accumulate(1 / rank**ZIPF_S for rank in range(1, len(by_popularity) + 1)))

    def draw(n):
        return [paths[s] for s in rng.choices(by_popularity, cum_weights=weights, k=n)]

    (args.work / "zipf.paths").write_text("\n".join(draw(args.sample)) + "\n")

    categories = category_pages(views.CategoryDetailView.paginate_by)
    titles = [title for _, title in articles]
    home = reverse("news:home")
    mix = []
    for path in draw(args.sample):
        r = rng.random()
        if r < ARTICLE_SHARE:
            mix.append(path)
        elif r < ARTICLE_SHARE + HOME_SHARE:
            mix.append(home)
        elif r < ARTICLE_SHARE + HOME_SHARE + CATEGORY_SHARE:
            mix.append(rng.choice(categories))
        else:
            mix.append(search_path(rng, titles))
    (args.work / "mix.paths").write_text("\n".join(mix) + "\n")

    newest = Article.objects.published().newest_first().values_list("slug", flat=True)[0]
    (args.work / "hot.paths").write_text(paths[newest] + "\n")
    (args.work / "bare.paths").write_text("/\n")
    (args.work / "articles.tsv").write_text("".join(f"{s}\t{p}\n" for s, p in paths.items()))
    print(paths[newest])  # noqa: T201 - run.sh names the hot URL


if __name__ == "__main__":
    main()
