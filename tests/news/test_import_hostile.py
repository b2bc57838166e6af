"""The importer fed hostile lines: each bad one rejected with its number, the rest imported.

A line the importer cannot handle used to stop the whole run with a traceback and no
line number (a lone surrogate, JSON nested 100,000 deep, a 5,000-digit number), and a
legacy_id repeated in a later batch was applied silently as an update. Afterwards every
public page must still answer.
"""

import io
import json

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.management import call_command

from news.importer import LegacyImporter
from news.models import Article, Category
from tests.public_pages import public_urls

pytestmark = pytest.mark.django_db(transaction=True)

# Batches of 10 lines, so that the far repeat of a legacy_id comes three batches later
# (as 600 lines later did with the default 500) while the file stays small.
BATCH = 10
REPEAT_DISTANCE = 3 * BATCH + 5


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def article(legacy_id, **overrides):
    return {
        "type": "article",
        "legacy_id": legacy_id,
        "url": f"/Default.aspx?tabid=52&ID={legacy_id}",
        "title": f"Tin số {legacy_id} về đời sống khu phố",
        "category": "Tin tức sự kiện",
        "published_at": "2014-04-07T10:45:00+07:00",
        "lead": "Sapo của tin.",
        "body": "<p>Nội dung.</p>",
        "views": 3,
        **overrides,
    }


def dumps(record):
    return json.dumps(record, ensure_ascii=False)


def hostile_lines():
    """Return (lines as bytes, {line number: reason expected}, legacy ids expected in)."""
    lines, bad, good = [], {}, []

    def ok(record):
        lines.append(dumps(record).encode())
        good.append(record["legacy_id"])

    def refuse(raw, reason):
        lines.append(raw if isinstance(raw, bytes) else raw.encode())
        bad[len(lines)] = reason

    ok(article("a1"))
    refuse(dumps(article("x1"))[:-1] + ', "title": "\\ud800 nửa cặp"}', "ký tự Unicode hỏng")
    refuse('{"type": "article", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "lồng nhau quá sâu")
    refuse('{"type": "article", "views": 1' + "0" * 4999 + "}", "số quá dài")
    refuse(dumps(article("x2", published_at="9999-12-31T23:59:59-07:00")), "ngoài khoảng năm")
    refuse(dumps(article("x3", published_at="0001-01-01T00:00:00+07:00")), "ngoài khoảng năm")
    refuse(dumps(article("x4", published_at="2014-04-07T10:45:00+25:00")), "ISO 8601")
    refuse(dumps(article("x5", published_at="2014-02-30T10:45:00+07:00")), "ISO 8601")
    refuse("{not json", "JSON không hợp lệ")
    refuse("null", "đối tượng JSON")
    refuse("[1, 2, 3]", "đối tượng JSON")
    refuse("{}", "“type” không hợp lệ")
    refuse(b'{"type": "article", "title": "\xff\xfe"}', "không phải văn bản UTF-8")
    refuse(dumps(article("x6", title={"vi": "Tin"})), "phải là chuỗi")
    refuse(dumps(article("x7", title="\x00\x01\x0b ")), "thiếu trường “title”")
    refuse(dumps(article("x8", views=-1)), "“views” phải là số nguyên không âm")
    refuse(dumps(article("x9")).replace('"views": 3', '"views": NaN'), "“views”")
    refuse(dumps(article("x10")).replace('"views": 3', '"views": 1e999'), "“views”")
    refuse(dumps(article("x" * 65)), "dài quá 64")
    refuse(dumps(article("x11", url="/tin/a%00b.html")), "“url” có ký tự điều khiển")
    refuse(dumps(article("x12", image="../../etc/passwd")), "--media-dir")
    refuse(dumps(article("x13", category="\x00 ")), "thiếu trường “category”")
    refuse(dumps({"type": "category", "name": "A", "parent": "A"}), "cha của chính nó")
    refuse(dumps({"type": "site", "visits": 2**70}), "“visits”")
    refuse(dumps({"type": "poll"}), "“type” không hợp lệ")
    refuse(dumps(article("a1", title="Cùng lô, cùng mã")), "lặp lại (đã có ở dòng 1)")
    # Clean text arrives whatever the export held: Word's Shift+Enter, NUL, CRLF.
    ok(article("c1", title="Giao ban\x0bchuyên đề\x00", lead="Dòng một\r\ndòng hai\x07"))
    ok(
        article(
            "c2", title="Tiêu đề có dấu “ngoặc” & <thẻ>", body="<p>A\x0cB</p><script>x</script>"
        )
    )
    for n in range(REPEAT_DISTANCE):
        ok(article(f"f{n}"))
    refuse(dumps(article("a1", title="Lặp lại xa")), "lặp lại (đã có ở dòng 1)")
    ok(article("z1"))
    return lines, bad, good


def write_file(tmp_path):
    lines, bad, good = hostile_lines()
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, bad, good


def rejects(path):
    text = path.with_name(path.name + ".rejects.jsonl").read_text(encoding="utf-8")
    return {entry["line"]: entry for entry in map(json.loads, text.splitlines())}


def assert_outcome(path, bad, good):
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == sorted(good)
    found = rejects(path)
    assert sorted(found) == sorted(bad)
    for number, reason in bad.items():
        assert reason in found[number]["reason"], (number, found[number])


def test_every_bad_line_is_rejected_with_its_number_and_every_good_one_imported(tmp_path):
    """The command finishes; rejects name each bad line; the good ones are all there."""
    path, bad, good = write_file(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", str(path), "--batch-size", str(BATCH), stdout=out, stderr=err)
    assert_outcome(path, bad, good)
    assert f"Bị loại: {len(bad)} dòng." in out.getvalue()
    assert "Traceback" not in err.getvalue()
    first = Article.objects.get(legacy_id="a1")
    assert first.title == "Tin số a1 về đời sống khu phố"  # neither repeat was applied
    cleaned = Article.objects.get(legacy_id="c1")
    assert (cleaned.title, cleaned.lead) == ("Giao ban chuyên đề", "Dòng một dòng hai")
    assert Article.objects.get(legacy_id="c2").body == "<p>A\nB</p>"


def test_parallel_parsing_rejects_the_same_lines(tmp_path):
    """Worker processes (big files) reject and import exactly what one process does."""
    path, bad, good = write_file(tmp_path)
    LegacyImporter(path, site=Site.objects.get(pk=1), batch_size=BATCH).run(workers=2)
    assert_outcome(path, bad, good)


def test_every_public_page_answers_after_the_hostile_import(tmp_path, client):
    """Home, categories, articles, feeds, sitemaps and search all answer 200."""
    path, _bad, _good = write_file(tmp_path)
    LegacyImporter(path, site=Site.objects.get(pk=1), batch_size=BATCH).run()
    urls = public_urls()
    assert len(urls) > REPEAT_DISTANCE
    broken = [(url, status) for url in urls if (status := client.get(url).status_code) != 200]
    assert not broken


def test_an_unforeseen_failure_of_one_article_rejects_only_it(tmp_path, monkeypatch):
    """Not a database error, in a batch of one: that line is rejected and the run goes on."""
    original = LegacyImporter._store_articles

    def fail_on_poison(self, rows):
        if any(fields["legacy_id"] == "poison" for fields, _category, _new in rows):
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return original(self, rows)

    monkeypatch.setattr(LegacyImporter, "_store_articles", fail_on_poison)
    path = tmp_path / "export.jsonl"
    path.write_text(
        "\n".join(dumps(article(i)) for i in ("1", "poison", "3")) + "\n", encoding="utf-8"
    )
    summary = LegacyImporter(path, site=Site.objects.get(pk=1), batch_size=1).run()
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["1", "3"]
    [(number, reason)] = summary.first_rejects
    assert number == 2
    assert reason.startswith("không xử lý được dòng (UnicodeEncodeError: ")


def test_a_category_line_that_fails_unexpectedly_is_rejected(tmp_path, monkeypatch):
    """A category line failing outside the checks is rejected; the next lines still come."""
    original = Category.save

    def fail_for_poison(self, *args, **kwargs):
        if self.name == "Độc":
            raise RuntimeError("không lường trước")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Category, "save", fail_for_poison)
    path = tmp_path / "export.jsonl"
    path.write_text(
        dumps({"type": "category", "name": "Độc"}) + "\n" + dumps(article("1")) + "\n",
        encoding="utf-8",
    )
    summary = LegacyImporter(path, site=Site.objects.get(pk=1)).run()
    assert summary.first_rejects == [(1, "không xử lý được dòng (RuntimeError: không lường trước)")]
    assert Article.objects.filter(legacy_id="1").exists()
