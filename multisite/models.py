"""What django.contrib.sites lacks for a province's portal and its component sites.

``Site`` (django.contrib.sites) keeps each site's name and canonical host name; beside it:

- ``SiteProfile``: the site's place in the tree (the province portal is the root, its
  wards, communes and departments are its children) and its kind;
- ``SiteAlias``: other host names of a site. A request to one is sent (301) to the same
  address on the canonical host, after the old-portal redirects had their say, so the
  addresses of a dissolved district's portal keep answering;
- ``StaffAccess``: the sites a staff member edits; ``all_sites`` for province staff.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from portal.content import CleanTextModel


class SiteProfile(CleanTextModel):
    class Kind(models.TextChoices):
        PROVINCE = "province", "Cổng thông tin tỉnh, thành phố"
        COMMUNE = "commune", "Xã, phường, đặc khu"
        DEPARTMENT = "department", "Sở, ban, ngành"

    site = models.OneToOneField(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="profile"
    )
    parent = models.ForeignKey(
        Site,
        verbose_name="thuộc cổng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="component_profiles",
        help_text="Để trống cho cổng thông tin của tỉnh, thành phố (gốc).",
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thông tin trang thành phần"
        verbose_name_plural = "thông tin trang thành phần"
        ordering = ["position", "site__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("site")),
                name="multisite_profile_not_own_parent",
                violation_error_message="Một trang không thể thuộc chính nó.",
            )
        ]

    def __str__(self):
        return self.site.name

    def clean(self):
        # One level: a component site belongs to the province portal, never to another
        # component (Nghị định 224/2026, art. 11.1).
        if self.parent_id:
            parent_profile = SiteProfile.objects.filter(site_id=self.parent_id).first()
            if parent_profile is not None and parent_profile.parent_id:
                raise ValidationError({"parent": "Hãy chọn cổng thông tin gốc của tỉnh."})
            if self.site_id and SiteProfile.objects.filter(parent_id=self.site_id).exists():
                raise ValidationError(
                    {"parent": "Trang này đang có trang thành phần nên không thể thuộc trang khác."}
                )


class SiteAlias(CleanTextModel):
    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="aliases"
    )
    host = models.CharField(
        "tên miền khác",
        max_length=100,
        unique=True,
        help_text=(
            "Ví dụ tên miền của cổng quận, huyện cũ đã giải thể: quan11.tphcm.gov.vn. Địa chỉ "
            "cũ chuyển (301) tới trang này."
        ),
    )

    class Meta:
        verbose_name = "tên miền khác"
        verbose_name_plural = "tên miền khác"
        ordering = ["host"]

    def __str__(self):
        return self.host

    def clean(self):
        self.host = (self.host or "").strip().lower().rstrip(".")
        if Site.objects.filter(domain__iexact=self.host).exists():
            raise ValidationError({"host": "Tên miền này đã là tên miền chính của một trang."})


class StaffAccess(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="site_access",
    )
    sites = models.ManyToManyField(
        Site, verbose_name="các trang được quản lý", blank=True, related_name="staff_access"
    )
    all_sites = models.BooleanField(
        "mọi trang",
        default=False,
        help_text="Dành cho cán bộ của cổng tỉnh: làm việc trên mọi trang thành phần.",
    )

    class Meta:
        verbose_name = "quyền theo trang"
        verbose_name_plural = "quyền theo trang"

    def __str__(self):
        return str(self.user)
