"""Small builders for test data: each returns a saved object, any field overridable."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from news.models import Article, Category

_seq = itertools.count(1)


# The installation's first site (multisite migration 0001): the test client's host.
FIRST_SITE_ID = 1


def make_site(domain=None, *, name=None, parent=None, kind=None):
    """Return a new site with its profile: a component of `parent`, or a root."""
    from django.contrib.sites.models import Site

    from multisite.models import SiteProfile

    n = next(_seq)
    site = Site.objects.create(domain=domain or f"trang{n}.test", name=name or f"Trang {n}")
    SiteProfile.objects.create(
        site=site,
        parent=parent,
        kind=kind or (SiteProfile.Kind.COMMUNE if parent else SiteProfile.Kind.PROVINCE),
    )
    return site


def make_category(**overrides):
    n = next(_seq)
    fields = {"name": f"Chuyên mục {n}", "menu_position": n}
    if "site" not in overrides:
        fields["site_id"] = FIRST_SITE_ID
    fields.update(overrides)
    return Category.objects.create(**fields)


def make_article(**overrides):
    """Return a published article, due an hour ago, unless overrides say otherwise."""
    n = next(_seq)
    fields = {
        "title": f"Bài viết số {n} về đời sống Đảng bộ",
        "lead": f"Sapo của bài viết số {n}.",
        "body": f"<p>Nội dung bài viết số {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    if "category" not in fields:
        fields["category"] = make_category()
    return Article.objects.create(**fields)


def make_user(
    username=None, *, staff=False, superuser=False, perms=(), password="mat-khau-123", sites=None
):
    """Return a user; `perms` are "app_label.codename" strings granted directly.

    A staff member works on `sites` (site ids), by default the installation's first site.
    """
    from django.contrib.auth.models import Permission

    from multisite.models import StaffAccess

    user = get_user_model().objects.create_user(
        username=username or f"nguoidung{next(_seq)}",
        password=password,
        is_staff=staff or superuser,
        is_superuser=superuser,
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if staff and not superuser:
        access = StaffAccess.objects.create(user=user)
        access.sites.set([FIRST_SITE_ID] if sites is None else sites)
    return user


def make_document(**overrides):
    """Return a published document of the first site with its own type and issuing body."""
    from documents.models import Document, DocumentType, IssuingBody

    n = next(_seq)
    site_id = overrides.pop("site_id", None) or getattr(overrides.get("site"), "pk", FIRST_SITE_ID)
    fields = {
        "site_id": site_id,
        "number": f"{n}-CT/TW",
        "summary": f"Về việc số {n} nâng cao chất lượng sinh hoạt chi bộ",
        "issued_on": timezone.localdate() - timedelta(days=n),
        "status": Document.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    overrides.pop("site", None)
    fields.update(overrides)
    if "doc_type" not in fields:
        fields["doc_type"] = DocumentType.objects.create(site_id=site_id, name=f"Chỉ thị {n}")
    if "issuer" not in fields:
        fields["issuer"] = IssuingBody.objects.create(site_id=site_id, name=f"Ban Bí thư {n}")
    return Document.objects.create(**fields)


def make_attachment(content, name="van-ban.pdf", **owner):
    """Return an Attachment stored from `content` (bytes), after the file checks."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.uploads import store_upload

    if "site_id" not in owner and "document" not in owner and "article" not in owner:
        owner["site_id"] = FIRST_SITE_ID
    return store_upload(SimpleUploadedFile(name, content), **owner)
