"""manage.py import_legacy: the old portal's export, idempotent, resumable, with rejects."""

import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from counters.services import article_total, record_view, site_totals
from news.importer import LegacyImporter
from news.models import Article, Category, LegacyRedirect


def first_site():
    return Site.objects.get(pk=1)


# The importer writes from its own thread and connection: tests need committed data.
# serialized_rollback puts back the rows migrations create (site baseline, editor groups)
# that the flush after each test would otherwise leave missing for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-import.jsonl"
ORIGINAL_LEGACY_ID = "1234"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _article(legacy_id, **overrides):
    record = {
        "type": "article",
        "legacy_id": legacy_id,
        "url": f"/tin-tuc/bai-{legacy_id}.html",
        "title": f"Bài cũ số {legacy_id}",
        "category": "Tin tức sự kiện",
        "published_at": "2014-04-07T10:45:00+07:00",
        "lead": "Sapo bài cũ.",
        "body": "<p>Nội dung bài cũ.</p>",
        "author": "Ban Tuyên giáo",
        "views": 10,
    }
    record.update(overrides)
    return record


def _write(tmp_path, records, name="export.jsonl"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
            handle.write(line + "\n")
    return path


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_sample_gives_original_article_its_views_and_site_its_visits(tmp_path):
    """The documented sample: the original article keeps 7168 views, the site 36312546."""
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))
    _run(path)
    original = Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID)
    assert article_total(original.pk) == 7168
    assert site_totals([1]).visits == 36312546


def test_counting_goes_on_from_the_imported_total(tmp_path):
    """A view after the import shows 7169, and a re-import keeps the live view."""
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))
    _run(path)
    original = Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID)
    assert record_view(original.site_id, original.pk) == 7169
    _run(path)
    assert article_total(original.pk) == 7169


def test_original_article_keeps_its_publish_time_and_category(tmp_path):
    """published_at with its offset and the category name come across exactly."""
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))
    _run(path)
    original = Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID)
    assert original.publish_at.isoformat() == "2014-04-07T03:45:00+00:00"
    assert original.category.name == "Tin tức sự kiện"
    assert original.is_published()


def test_second_run_changes_and_duplicates_nothing(tmp_path):
    """Running the same file twice: everything unchanged, no new rows."""
    path = _write(tmp_path, [_article("1"), _article("2")])
    _run(path)
    out, _err = _run(path)
    assert "tạo mới 0, cập nhật 0, không đổi 2" in out
    assert Article.objects.count() == 2
    assert LegacyRedirect.objects.count() == 2


def test_unchanged_lines_leave_their_rows_untouched(tmp_path):
    """A re-run writes nothing for an unchanged article (its updated_at stays)."""
    path = _write(tmp_path, [_article("1"), _article("2")])
    _run(path)
    before = dict(Article.objects.values_list("legacy_id", "updated_at"))
    _run(_write(tmp_path, [_article("1"), _article("2", author="Ban Tổ chức")]))
    after = dict(Article.objects.values_list("legacy_id", "updated_at"))
    assert after["1"] == before["1"]
    assert after["2"] > before["2"]
    assert Article.objects.get(legacy_id="2").byline == "Ban Tổ chức"


def test_changed_line_updates_the_article(tmp_path):
    """A new title for a known legacy_id updates that article, keeping its URL."""
    _run(_write(tmp_path, [_article("1")]))
    slug = Article.objects.get(legacy_id="1").slug
    out, _err = _run(_write(tmp_path, [_article("1", title="Tiêu đề đã sửa")]))
    article = Article.objects.get(legacy_id="1")
    assert "cập nhật 1" in out
    assert article.title == "Tiêu đề đã sửa"
    assert article.slug == slug


def test_interrupted_import_is_completed_by_a_second_run(tmp_path, monkeypatch):
    """A crash in the second batch loses only that batch; running again completes it."""
    path = _write(tmp_path, [_article(str(n)) for n in range(10)])
    calls = {"n": 0}
    original = LegacyImporter.write_batch

    def crash_on_second_batch(self, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, batch)

    monkeypatch.setattr(LegacyImporter, "write_batch", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        _run(path, "--batch-size", "4")
    assert Article.objects.count() == 4
    monkeypatch.setattr(LegacyImporter, "write_batch", original)
    out, _err = _run(path, "--batch-size", "4")
    assert "tạo mới 6, cập nhật 0, không đổi 4" in out
    assert Article.objects.count() == 10


BAD_LINES = [
    ("{not json", "JSON không hợp lệ"),
    ('["a", "list"]', "đối tượng JSON"),
    ({"type": "poll"}, "“type” không hợp lệ"),
    ({**_article("x"), "legacy_id": ""}, "thiếu trường “legacy_id”"),
    ({**_article("x"), "title": None}, "thiếu trường “title”"),
    ({**_article("x"), "published_at": "2014-04-07 10:45"}, "thiếu múi giờ"),
    ({**_article("x"), "published_at": "07/04/2014"}, "ISO 8601"),
    ({**_article("x"), "views": -5}, "“views” phải là số nguyên không âm"),
    ({**_article("x"), "views": "nhiều"}, "“views” phải là số nguyên không âm"),
    ({**_article("x"), "views": 2**64}, "“views” phải là số nguyên không âm"),
    ({**_article("x"), "title": "x" * 301}, "dài quá 300"),
    ({**_article("x"), "image": "../../etc/passwd"}, "ngoài --media-dir"),
    ({"type": "site", "visits": "36312546"}, "“visits” phải là số nguyên không âm"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[r for _l, r in BAD_LINES])
def test_bad_line_is_reported_with_number_and_reason(tmp_path, line, reason):
    """Each bad line: reported with its line number and reason, the rest imported."""
    path = _write(tmp_path, [_article("1"), line, _article("2")])
    media = tmp_path / "media"
    media.mkdir()
    out, err = _run(path, "--media-dir", str(media))
    assert "Dòng 2: " in err and reason in err
    assert "Bị loại: 1 dòng." in out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["1", "2"]


def test_rejects_file_beside_input_holds_line_reason_and_raw_text(tmp_path):
    """The rejects file sits beside the input with each bad line, its number and reason."""
    path = _write(tmp_path, [_article("1"), "{not json", {"type": "poll"}])
    _run(path)
    rejects = tmp_path / "export.jsonl.rejects.jsonl"
    entries = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [e["line"] for e in entries] == [2, 3]
    assert entries[0]["raw"] == "{not json"
    assert "JSON" in entries[0]["reason"]


def test_clean_run_removes_stale_rejects_file(tmp_path):
    """After the bad lines are fixed, a clean run leaves no old rejects file behind."""
    _run(_write(tmp_path, [_article("1"), "{not json"]))
    assert (tmp_path / "export.jsonl.rejects.jsonl").exists()
    _run(_write(tmp_path, [_article("1")]))
    assert not (tmp_path / "export.jsonl.rejects.jsonl").exists()


def test_invalid_utf8_line_is_rejected(tmp_path):
    """A line that is not UTF-8 is rejected, the others imported."""
    path = tmp_path / "export.jsonl"
    path.write_bytes(
        json.dumps(_article("1")).encode() + b"\n" + b'{"type": "site", "visits": \xff}\n'
    )
    _out, err = _run(path)
    assert "Dòng 2: không phải văn bản UTF-8" in err
    assert Article.objects.filter(legacy_id="1").exists()


def test_duplicate_legacy_id_in_one_file_is_rejected(tmp_path):
    """The same legacy_id twice in one batch: the second is rejected, not merged silently."""
    _out, err = _run(_write(tmp_path, [_article("1"), _article("1", title="Khác")]))
    assert "Dòng 2: “legacy_id” lặp lại" in err
    assert Article.objects.get(legacy_id="1").title == "Bài cũ số 1"


def test_word_junk_is_cleaned_from_bodies(tmp_path):
    """Inline styles, <font>, mso classes, lang and empty paragraphs are gone."""
    body = (
        '<p class="MsoNormal" style="margin:0"><span lang="VI" style="font-size:12pt">'
        '<font face="Arial">Xin chào</font><o:p></o:p></span></p>'
        '<p class="MsoNormal">&nbsp;</p><p><span>\u00a0</span></p><p><b>&nbsp;</b></p>'
        "<script>alert(1)</script><p onclick=x>Hết.</p>"
    )
    _run(_write(tmp_path, [_article("1", body=body)]))
    assert Article.objects.get(legacy_id="1").body == "<p>Xin chào</p><p>Hết.</p>"


def test_all_text_is_normalized_to_nfc(tmp_path):
    """Decomposed (NFD) titles, leads, names come out composed (NFC), one category."""
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    records = [
        _article("1", title=nfd("Hội nghị Đảng ủy"), category=nfd("Xây dựng Đảng")),
        _article("2", lead=nfd("Sapo tiếng Việt"), category="Xây dựng Đảng"),
    ]
    _run(_write(tmp_path, records))
    first = Article.objects.get(legacy_id="1")
    assert first.title == unicodedata.normalize("NFC", "Hội nghị Đảng ủy")
    assert Article.objects.get(legacy_id="2").lead == "Sapo tiếng Việt"
    assert Category.objects.filter(name="Xây dựng Đảng").count() == 1


def test_html_in_lead_becomes_plain_text(tmp_path):
    """A lead with markup from the old portal is stored as plain text."""
    _run(_write(tmp_path, [_article("1", lead="<b>Đậm</b>&nbsp;và <i>nghiêng</i>")]))
    assert Article.objects.get(legacy_id="1").lead == "Đậm và nghiêng"


def test_categories_and_parents_are_created(tmp_path):
    """Category lines create parents by name; articles create missing categories."""
    records = [
        {"type": "category", "name": "Kiểm tra", "parent": "Xây dựng Đảng"},
        _article("1", category="Chuyên mục mới"),
    ]
    _run(_write(tmp_path, records))
    assert Category.objects.get(name="Kiểm tra").parent.name == "Xây dựng Đảng"
    assert Article.objects.get(legacy_id="1").category.name == "Chuyên mục mới"


def test_old_urls_redirect_after_import(client, tmp_path):
    """Each imported article's old URL, with or without its query string, answers 301."""
    records = [
        _article("1", url="/tin-tuc/bai-1.html"),
        _article("2", url="http://quan11.old/Default.aspx?tabid=52&ID=2"),
    ]
    _run(_write(tmp_path, records))
    first = Article.objects.get(legacy_id="1")
    second = Article.objects.get(legacy_id="2")
    assert client.get("/tin-tuc/bai-1.html")["Location"] == first.get_absolute_url()
    assert client.get("/tin-tuc/bai-1.html?from=fb")["Location"] == first.get_absolute_url()
    response = client.get("/Default.aspx?ID=2&tabid=52")
    assert response.status_code == 301
    assert response["Location"] == second.get_absolute_url()


def test_imported_articles_are_searchable(client, tmp_path):
    """The search index is current right after an import (bulk insert included)."""
    _run(_write(tmp_path, [_article("1", title="Khánh thành cầu Phú Định")]))
    response = client.get(reverse("news:search"), {"q": "cau phu dinh"})
    assert [r["article"].legacy_id for r in response.context["results"]] == ["1"]


def _png(path, size=(800, 600)):
    Image.new("RGB", size, (20, 120, 60)).save(path, format="PNG")
    return path


def test_image_is_copied_into_the_cover(tmp_path):
    """An image relative to --media-dir becomes the cover, with its alt text."""
    media = tmp_path / "media"
    (media / "anh").mkdir(parents=True)
    _png(media / "anh" / "hoi-nghi.png")
    records = [_article("1", image="anh/hoi-nghi.png", image_alt="Quang cảnh hội nghị")]
    _run(_write(tmp_path, records), "--media-dir", str(media))
    article = Article.objects.get(legacy_id="1")
    assert article.cover and article.cover_width == 800
    assert article.cover_alt == "Quang cảnh hội nghị"


def test_fake_image_is_rejected_like_an_admin_upload(tmp_path):
    """A text file named .jpg is refused with the admin's Vietnamese message."""
    media = tmp_path / "media"
    media.mkdir()
    (media / "gia.jpg").write_text("không phải ảnh")
    path = _write(tmp_path, [_article("1", image="gia.jpg")])
    _out, err = _run(path, "--media-dir", str(media))
    assert "Dòng 1: ảnh 'gia.jpg': Tệp này không phải là ảnh hợp lệ" in err
    assert not Article.objects.filter(legacy_id="1").exists()


def test_missing_image_is_rejected(tmp_path):
    """An image path that does not exist is a reject, not a silent article without cover."""
    media = tmp_path / "media"
    media.mkdir()
    _out, err = _run(
        _write(tmp_path, [_article("1", image="khong-co.png")]), "--media-dir", str(media)
    )
    assert "Dòng 1: không tìm thấy ảnh" in err


def test_plain_progress_lines_without_a_terminal(tmp_path):
    """Output that is not a terminal gets plain progress lines, no bar."""
    out, _err = _run(_write(tmp_path, [_article("1")]))
    assert "100%: 1 bài mới" in out
    assert "\x1b[" not in out


def test_missing_file_is_a_clear_error(tmp_path):
    """A wrong path ends with a Vietnamese error, not a traceback."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        _run(tmp_path / "khong-co.jsonl")


def test_fast_slug_matches_vietnamese_slugify():
    """The importer's fast slug equals the admin's for Vietnamese titles and punctuation."""
    from news.importer import fast_slug
    from news.text import vietnamese_slugify

    for title in (
        "Giao ban chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”",
        "Đảng bộ Quận 11: 100% đạt — Ủy ban",
        unicodedata.normalize("NFD", "Hòa giải ở cơ sở"),
        "Tiêu đề " + "dài " * 100,
    ):
        assert fast_slug(title) == vietnamese_slugify(title)


def test_parallel_and_sequential_parsing_import_the_same(tmp_path, monkeypatch):
    """Parsing in worker processes gives the same articles, order and counts as inline."""
    monkeypatch.setattr("news.importer.CHUNK_LINES", 2)  # several chunks in flight
    records = [_article(str(n), title=f"Bài {n}") for n in range(7)]
    records.insert(3, {"type": "category", "name": "Chuyên mục giữa tệp"})
    path = _write(tmp_path, [*records, "{bad", _article("7", category="Chuyên mục giữa tệp")])
    summary = LegacyImporter(path, site=first_site(), batch_size=3).run(workers=2)
    assert (summary.articles.created, summary.categories.created, summary.rejected) == (8, 2, 1)
    assert [
        e["line"] for e in map(json.loads, (tmp_path / "export.jsonl.rejects.jsonl").open())
    ] == [9]
    slugs = dict(Article.objects.values_list("legacy_id", "slug"))
    summary = LegacyImporter(path, site=first_site(), batch_size=3).run(workers=0)
    assert (summary.articles.unchanged, summary.rejected) == (8, 1)
    assert dict(Article.objects.values_list("legacy_id", "slug")) == slugs
    assert Article.objects.get(legacy_id="7").category.name == "Chuyên mục giữa tệp"


def test_database_refusal_rejects_only_the_offending_line(tmp_path, monkeypatch):
    """If PostgreSQL refuses one article, the rest of its batch is still imported."""
    from django.db import DataError

    original = LegacyImporter._store_articles

    def refuse_poison(self, rows):
        if any(fields["title"] == "Bài độc" for fields, _category, _new in rows):
            raise DataError("giá trị không hợp lệ")
        return original(self, rows)

    monkeypatch.setattr(LegacyImporter, "_store_articles", refuse_poison)
    path = _write(tmp_path, [_article("1"), _article("2", title="Bài độc"), _article("3")])
    out, err = _run(path)
    assert "Dòng 2: cơ sở dữ liệu từ chối: giá trị không hợp lệ" in err
    assert "tạo mới 2" in out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["1", "3"]


def test_sample_over_demo_content_updates_the_original_instead_of_copying_it(tmp_path):
    """Importing the documented sample into the demo's ward that holds the old district's
    archive leaves one original article."""
    call_command("load_demo", stdout=io.StringIO())
    original = Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID)
    title = original.title
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))

    _run(path, "--site", original.site.domain)

    assert Article.objects.filter(title=title).count() == 1
    assert article_total(Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID).pk) == 7168


def test_a_new_imported_article_was_last_changed_when_it_was_published(tmp_path):
    """Its dateModified is the old portal's publication, not the day of the import."""
    _run(_write(tmp_path, [_article("77")]))
    article = Article.objects.get(legacy_id="77")
    assert article.updated_at == article.publish_at
