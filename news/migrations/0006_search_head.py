"""Search ranks title and lead matches among all matches, without reading bodies.

Replaces ``search_exact`` (title and lead with diacritics, ranking only, no index) with
``search_head``: title and lead twice, once with their diacritics (weights A and B) and
once accent-folded (weights C and D), in one small vector with its own GIN index. One
index then answers both "which titles or leads contain these words, typed with or
without diacritics" and "which contain them with exactly these diacritics", so search
finds an old article whose title matches even when thousands of newer articles match in
their bodies, and ranks every candidate from this small vector alone (it is stored
inline, never TOASTed), never from the body's vector. A folded lexeme carries no diacritic, so a query word with
diacritics matches only exact lexemes; a word typed without diacritics matches both, and
the weights tell them apart when ranking (news.search: exact A/B above folded C/D).

``search_folded`` (title, lead and body folded; the GIN index every search uses to match
words spread over title, lead and body) is unchanged. The trigger parses the folded title
and lead once for both vectors, so the only new work per write is the head's index
entries.

Bodies and their vectors are TOASTed; they are compressed with LZ4 instead of pglz from
now on (new and rewritten rows): several times cheaper to compress on import and to
decompress when search tests a row's body vector.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION news_article_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    title text;
    lead text;
    folded_title tsvector;
    folded_lead tsvector;
BEGIN
    -- An update that leaves the text as it was (an admin save, an import line whose
    -- other fields changed) keeps its vectors: parsing is the trigger's whole cost. To
    -- rebuild them anyway, clear search_folded in the same UPDATE.
    IF TG_OP = 'UPDATE' AND NEW.search_folded IS NOT NULL
       AND NEW.title IS NOT DISTINCT FROM OLD.title
       AND NEW.lead IS NOT DISTINCT FROM OLD.lead
       AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        RETURN NEW;
    END IF;
    title := news_vi_norm(coalesce(NEW.title, ''));
    lead := news_vi_norm(coalesce(NEW.lead, ''));
    folded_title := to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, title));
    folded_lead := to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, lead));
    NEW.search_head :=
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', lead), 'B')
        || setweight(folded_title, 'C')
        || setweight(folded_lead, 'D');
    -- The body is the bulk of the work (the parser costs about 2 µs a character), so it
    -- is parsed once, folded only: unaccent() removes tone marks whatever their placement
    -- and the combining marks of NFD text, and to_tsvector() lowers case by itself. The
    -- parser skips HTML tags and entities.
    NEW.search_folded :=
        setweight(folded_title, 'A')
        || setweight(folded_lead, 'B')
        || setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary,
                                                           coalesce(NEW.body, ''))), 'C');
    RETURN NEW;
END
$$;

ALTER TABLE news_article ADD COLUMN search_head tsvector;

-- Existing rows: only the head is computed (bodies are not parsed again). Setting
-- search_head alone does not fire the trigger (it fires on title, lead and body).
UPDATE news_article SET search_head =
    setweight(to_tsvector('simple', news_vi_norm(title)), 'A')
    || setweight(to_tsvector('simple', news_vi_norm(lead)), 'B')
    || setweight(to_tsvector('simple', news_vi_fold(title)), 'C')
    || setweight(to_tsvector('simple', news_vi_fold(lead)), 'D');

ALTER TABLE news_article DROP COLUMN search_exact;

CREATE INDEX news_article_search_head_gin ON news_article USING gin (search_head);

ALTER TABLE news_article ALTER COLUMN body SET COMPRESSION lz4,
    ALTER COLUMN search_folded SET COMPRESSION lz4;
"""

BACKWARD = """
ALTER TABLE news_article ALTER COLUMN body SET COMPRESSION default,
    ALTER COLUMN search_folded SET COMPRESSION default;

CREATE OR REPLACE FUNCTION news_article_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    title text := news_vi_norm(coalesce(NEW.title, ''));
    lead text := news_vi_norm(coalesce(NEW.lead, ''));
BEGIN
    NEW.search_exact :=
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', lead), 'B');
    NEW.search_folded :=
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, title)), 'A')
        || setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, lead)), 'B')
        || setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary,
                                                           coalesce(NEW.body, ''))), 'C');
    RETURN NEW;
END
$$;

DROP INDEX IF EXISTS news_article_search_head_gin;
ALTER TABLE news_article ADD COLUMN search_exact tsvector;
UPDATE news_article SET search_exact =
    setweight(to_tsvector('simple', news_vi_norm(title)), 'A')
    || setweight(to_tsvector('simple', news_vi_norm(lead)), 'B');
ALTER TABLE news_article DROP COLUMN search_head;
"""


def _execute(sql):
    def run(apps, schema_editor):
        schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("news", "0005_legacy_redirect")]

    operations = [
        migrations.RunPython(_execute(FORWARD), _execute(BACKWARD), elidable=False),
    ]
