"""A variant of the production settings for `make bench`: the fragment-caching experiment.

Not part of the portal. docs/performance.md ("Where the article page's time goes") reports
what it gains. Run it with:

    PYTHONPATH=bench/fragment_cache_variant BENCH_SETTINGS=variant_settings bench/run.sh

Its templates are copies of templates/base.html and templates/news/article_detail.html
with {% cache %} fragments around the menu, the article and the related lists; they may
lag behind the shipped ones.
"""

from pathlib import Path

from portal.settings import *  # noqa: F403
from portal.settings import TEMPLATES

TEMPLATES[0]["DIRS"].insert(0, Path(__file__).resolve().parent / "templates")
ROOT_URLCONF = "variant_urls"
