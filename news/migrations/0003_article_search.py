"""Full-text search columns for articles, kept current by a trigger.

Two tsvector columns:

- ``search_folded``: title A, lead B, body C, lower case, accents and "đ" folded away
  ("chi bo dang"). Every search matches against it through its GIN index, so readers
  who type without diacritics find everything.
- ``search_exact``: title A and lead B, lower case with diacritics kept. Only used to
  rank: a title or lead with the reader's exact diacritics ranks above an accent-stripped
  match. The body is left out of it: parsing text is the trigger's main cost, and a
  second pass over every body would halve the import rate for a small ranking nuance.

Title and lead go through ``news_vi_norm``: Unicode NFC (old exports mix NFC and NFD), lower case,
and one tone placement for oa/oe/uy ("hòa" and "hoà", "thủy" and "thuỷ" are the same
word written in the old and the new style). ``unaccent()`` is only STABLE (it reads a
dictionary), so it is wrapped in an IMMUTABLE function with the dictionary named
explicitly, as the PostgreSQL documentation suggests for index expressions.

The columns are not model fields: no page but search reads them, so no query of the
admin or the public pages carries their bytes. The trigger fills them on every insert
and on updates of title, lead or body, whatever writes the row (admin, import, shell,
bulk_create, COPY).
"""

from django.db import migrations

# Old-style tone placement (on the first vowel) -> new style (on the second vowel).
TONE_PAIRS = [
    (first + second_plain, first_plain + second)
    for first_plain, second_plain, firsts, seconds in (
        ("o", "a", "òóỏõọ", "àáảãạ"),
        ("o", "e", "òóỏõọ", "èéẻẽẹ"),
        ("u", "y", "ùúủũụ", "ỳýỷỹỵ"),
    )
    for first, second in zip(firsts, seconds, strict=True)
]


def _tone_sql(expression):
    for old, new in TONE_PAIRS:
        expression = f"replace({expression}, '{old}', '{new}')"
    return expression


FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE OR REPLACE FUNCTION news_vi_norm(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT {_tone_sql("lower(normalize(value, NFC))")} $$;

CREATE OR REPLACE FUNCTION news_vi_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, news_vi_norm(value)) $$;

CREATE OR REPLACE FUNCTION news_article_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    title text := news_vi_norm(coalesce(NEW.title, ''));
    lead text := news_vi_norm(coalesce(NEW.lead, ''));
BEGIN
    NEW.search_exact :=
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', lead), 'B');
    -- The body is the bulk of the work (the parser costs about 2 µs a character), so it
    -- is parsed once, folded only: unaccent() removes tone marks whatever their placement
    -- and the combining marks of NFD text, and to_tsvector() lowers case by itself. The
    -- parser skips HTML tags and entities.
    NEW.search_folded :=
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, title)), 'A')
        || setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, lead)), 'B')
        || setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary,
                                                           coalesce(NEW.body, ''))), 'C');
    RETURN NEW;
END
$$;

ALTER TABLE news_article ADD COLUMN search_exact tsvector, ADD COLUMN search_folded tsvector;

CREATE TRIGGER news_article_search_vectors
BEFORE INSERT OR UPDATE OF title, lead, body ON news_article
FOR EACH ROW EXECUTE FUNCTION news_article_search_vectors();

-- Fill existing rows: the trigger fires on this no-op update of the title.
UPDATE news_article SET title = title;

CREATE INDEX news_article_search_folded_gin ON news_article USING gin (search_folded);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS news_article_search_vectors ON news_article;
DROP INDEX IF EXISTS news_article_search_folded_gin;
ALTER TABLE news_article DROP COLUMN IF EXISTS search_exact,
    DROP COLUMN IF EXISTS search_folded;
DROP FUNCTION IF EXISTS news_article_search_vectors();
DROP FUNCTION IF EXISTS news_vi_fold(text);
DROP FUNCTION IF EXISTS news_vi_norm(text);
"""


def _execute(sql):
    def run(apps, schema_editor):
        schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("news", "0002_article_featured_idx")]

    operations = [
        migrations.RunPython(_execute(FORWARD), _execute(BACKWARD), elidable=False),
    ]
