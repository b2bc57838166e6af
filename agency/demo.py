"""Demo content of the agency for each demo site (news.demo.sites): its information, the
pages "Giới thiệu" (with "Chức năng, nhiệm vụ", "Cơ cấu tổ chức", "Lịch sử") and
"Liên hệ", and three leaders with portraits drawn by Pillow. Added by ``load_demo``
(news.signals.demo_loaded); what exists already is never changed.
"""

import io
import random
from html import escape

import reversion
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from news.demo.covers import _font

from .models import AgencyInfo, Leader, Page

REVISION_COMMENT = "Nạp nội dung mẫu."
PORTRAIT_SIZE = (600, 800)
INITIALS_FONT_SIZE = 120

# site key -> what differs between the demo sites' agencies.
AGENCIES = {
    "tphcm": {
        "full_name": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "full_name_en": "Ho Chi Minh City People's Committee",
        "short": "Thành phố",
        "short_en": "the City",
        "parent_body": "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "parent_body_en": "Government of the Socialist Republic of Viet Nam",
        "address": "86 Lê Thánh Tôn, phường Sài Gòn, Thành phố Hồ Chí Minh",
        "address_en": "86 Le Thanh Ton Street, Sai Gon Ward, Ho Chi Minh City",
        "phone": "028 3829 6052",
        "fax": "028 3829 5533",
        "email": "vanphong@tphcm.gov.vn",
        "responsible_person": "Trần Minh Đức – Chánh Văn phòng Ủy ban nhân dân Thành phố",
        "licence": "Giấy phép số 05/GP-TTĐT ngày 12/3/2026 của Bộ Văn hóa, Thể thao và Du lịch.",
        "map": (10.7765, 106.7009),
        "founded": "Ủy ban nhân dân Thành phố được thành lập sau ngày thống nhất đất nước năm "
        "1975; từ ngày 01/7/2025 Thành phố vận hành chính quyền địa phương hai cấp với 168 "
        "xã, phường, đặc khu.",
        "leaders": [
            ("Nguyễn Thành Trung", "Chủ tịch Ủy ban nhân dân Thành phố", "Chairman"),
            ("Lê Thị Thu Hà", "Phó Chủ tịch Ủy ban nhân dân Thành phố", "Vice Chairwoman"),
            ("Phạm Quốc Bảo", "Phó Chủ tịch Ủy ban nhân dân Thành phố", "Vice Chairman"),
        ],
        "departments": [
            "Văn phòng Ủy ban nhân dân Thành phố",
            "Sở Nội vụ",
            "Sở Tài chính",
            "Sở Xây dựng",
            "Sở Văn hóa và Thể thao",
            "Sở Khoa học và Công nghệ",
        ],
    },
    "minhphung": {
        "full_name": "Ủy ban nhân dân phường Minh Phụng",
        "full_name_en": "Minh Phung Ward People's Committee",
        "short": "phường",
        "short_en": "the Ward",
        "parent_body": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "parent_body_en": "Ho Chi Minh City People's Committee",
        "address": "270 Minh Phụng, phường Minh Phụng, Thành phố Hồ Chí Minh",
        "address_en": "270 Minh Phung Street, Minh Phung Ward, Ho Chi Minh City",
        "phone": "028 3963 2418",
        "fax": "028 3963 2419",
        "email": "ubnd.minhphung@tphcm.gov.vn",
        "responsible_person": "Võ Thị Ngọc Lan – Phó Chủ tịch Ủy ban nhân dân phường",
        "licence": "",
        "map": (10.7609, 106.6423),
        "founded": "Phường Minh Phụng được thành lập ngày 01/7/2025 trên cơ sở sắp xếp các "
        "phường 1, 7, 16 của Quận 11 cũ; phường tiếp nhận lưu trữ của cổng thông tin Quận 11.",
        "leaders": [
            ("Huỳnh Văn Tâm", "Chủ tịch Ủy ban nhân dân phường", "Chairman"),
            ("Võ Thị Ngọc Lan", "Phó Chủ tịch Ủy ban nhân dân phường", "Vice Chairwoman"),
            ("Đặng Minh Khoa", "Phó Chủ tịch Ủy ban nhân dân phường", "Vice Chairman"),
        ],
        "departments": [
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Phòng Văn hóa - Xã hội",
            "Trung tâm Phục vụ hành chính công",
        ],
    },
    "binhthoi": {
        "full_name": "Ủy ban nhân dân phường Bình Thới",
        "full_name_en": "Binh Thoi Ward People's Committee",
        "short": "phường",
        "short_en": "the Ward",
        "parent_body": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "parent_body_en": "Ho Chi Minh City People's Committee",
        "address": "5 Bình Thới, phường Bình Thới, Thành phố Hồ Chí Minh",
        "address_en": "5 Binh Thoi Street, Binh Thoi Ward, Ho Chi Minh City",
        "phone": "028 3858 0310",
        "fax": "",
        "email": "ubnd.binhthoi@tphcm.gov.vn",
        "responsible_person": "Ngô Thanh Hải – Phó Chủ tịch Ủy ban nhân dân phường",
        "licence": "",
        "map": (10.7663, 106.6492),
        "founded": "Phường Bình Thới được thành lập ngày 01/7/2025 trên cơ sở sắp xếp các "
        "phường 3, 8 và một phần phường 10 của Quận 11 cũ.",
        "leaders": [
            ("Trương Thị Mỹ Dung", "Chủ tịch Ủy ban nhân dân phường", "Chairwoman"),
            ("Ngô Thanh Hải", "Phó Chủ tịch Ủy ban nhân dân phường", "Vice Chairman"),
            ("Lý Quang Vinh", "Phó Chủ tịch Ủy ban nhân dân phường", "Vice Chairman"),
        ],
        "departments": [
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Phòng Văn hóa - Xã hội",
            "Trung tâm Phục vụ hành chính công",
        ],
    },
}

DUTIES = [
    "Lãnh đạo, điều hành chung mọi hoạt động của Ủy ban nhân dân; trực tiếp phụ trách công "
    "tác tổ chức cán bộ, quốc phòng, an ninh và cải cách hành chính.",
    "Phụ trách lĩnh vực văn hóa, giáo dục, y tế, lao động và an sinh xã hội; theo dõi công "
    "tác dân tộc, tôn giáo.",
    "Phụ trách lĩnh vực kinh tế, tài chính, quy hoạch, xây dựng, giao thông, đô thị và môi "
    "trường; chuyển đổi số.",
]
DUTIES_EN = [
    "Leads and directs all work of the People's Committee; in charge of personnel, defence, "
    "security and administrative reform.",
    "In charge of culture, education, health, labour and social welfare.",
    "In charge of the economy, finance, planning, construction, transport, urban affairs "
    "and the environment; digital transformation.",
]


def _html(paragraphs):
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)


def _list(title, items):
    rows = "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)
    return f"<h2>{escape(title, quote=False)}</h2><ul>{rows}</ul>"


def page_specs(agency):
    """Return (path, parent path, fields) of the demo pages of one agency, parents first."""
    name, short = agency["full_name"], agency["short"]
    name_en, short_en = agency["full_name_en"], agency["short_en"]
    return [
        (
            "gioi-thieu",
            None,
            {
                "title": "Giới thiệu",
                "lead": f"{name}: chức năng, nhiệm vụ, cơ cấu tổ chức, lịch sử và lãnh đạo.",
                "body": _html(
                    [
                        f"{name} là cơ quan hành chính nhà nước ở địa phương, chấp hành nghị "
                        f"quyết của Hội đồng nhân dân {short} và chịu trách nhiệm trước "
                        f"{agency['parent_body']}.",
                        "Các trang dưới đây giới thiệu chức năng, nhiệm vụ, cơ cấu tổ chức, "
                        "lịch sử hình thành và lãnh đạo của cơ quan.",
                    ]
                ),
                "block": Page.Block.LEADERS,
                "title_en": "About us",
                "lead_en": f"{name_en}: functions, organisation, history and leadership.",
                "body_en": _html(
                    [
                        f"The {name_en} is the local state administrative body of {short_en}. "
                        f"It carries out the resolutions of the People's Council and answers "
                        f"to the {agency['parent_body_en']}.",
                    ]
                ),
                "show_in_menu": True,
                "position": 1,
            },
        ),
        (
            "gioi-thieu/chuc-nang-nhiem-vu",
            "gioi-thieu",
            {
                "title": "Chức năng, nhiệm vụ",
                "body": _html(
                    [
                        f"{name} thực hiện chức năng quản lý nhà nước trên địa bàn {short} "
                        "theo Luật Tổ chức chính quyền địa phương năm 2025.",
                    ]
                )
                + _list(
                    "Nhiệm vụ chủ yếu",
                    [
                        "Xây dựng, trình Hội đồng nhân dân và tổ chức thực hiện kế hoạch phát "
                        "triển kinh tế - xã hội, dự toán ngân sách hằng năm.",
                        "Giải quyết thủ tục hành chính cho người dân, doanh nghiệp tại Trung "
                        "tâm Phục vụ hành chính công.",
                        "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội trên địa bàn.",
                        "Quản lý đất đai, xây dựng, đô thị, môi trường theo phân cấp.",
                    ],
                ),
                "title_en": "Functions and duties",
                "body_en": _html(
                    [
                        f"The {name_en} manages state affairs in {short_en} under the 2025 "
                        "Law on Local Government: it plans socio-economic development, "
                        "prepares the budget, handles administrative procedures for citizens "
                        "and businesses, and keeps public order.",
                    ]
                ),
                "position": 1,
            },
        ),
        (
            "gioi-thieu/co-cau-to-chuc",
            "gioi-thieu",
            {
                "title": "Cơ cấu tổ chức",
                "body": _html(
                    [
                        f"{name} gồm Chủ tịch, các Phó Chủ tịch và các ủy viên; giúp việc "
                        "có các cơ quan chuyên môn sau:",
                    ]
                )
                + _list("Cơ quan chuyên môn", agency["departments"]),
                "title_en": "Organisational structure",
                "body_en": _html(
                    [
                        f"The {name_en} consists of a Chair, Vice Chairs and members, "
                        "assisted by specialised offices and a Public Administration Service "
                        "Centre.",
                    ]
                ),
                "position": 2,
            },
        ),
        (
            "gioi-thieu/lich-su",
            "gioi-thieu",
            {
                "title": "Lịch sử",
                "body": _html([agency["founded"]]),
                "position": 3,
            },
        ),
        (
            "lien-he",
            None,
            {
                "title": "Liên hệ",
                "lead": "Địa chỉ, điện thoại và thư điện tử của cơ quan; giờ tiếp công dân.",
                "body": _html(
                    [
                        "Bộ phận tiếp nhận và trả kết quả làm việc từ thứ Hai đến thứ Sáu, "
                        "sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ – 17 giờ, và sáng thứ Bảy.",
                        "Phản ánh, kiến nghị về thủ tục hành chính xin gửi qua thư điện tử "
                        "hoặc Cổng Dịch vụ công quốc gia.",
                    ]
                ),
                "block": Page.Block.CONTACT,
                "title_en": "Contact",
                "body_en": _html(
                    [
                        "The reception desk is open Monday to Friday, 7:30–11:30 and "
                        "13:00–17:00, and on Saturday mornings.",
                    ]
                ),
                "show_in_menu": True,
                "position": 2,
            },
        ),
    ]


def draw_portrait(seed, name):
    """Return JPEG bytes: a head-and-shoulders silhouette and the person's initials."""
    rng = random.Random(seed)
    width, height = PORTRAIT_SIZE
    top = (rng.randrange(30, 80), rng.randrange(60, 110), rng.randrange(120, 170))
    bottom = (rng.randrange(150, 200), rng.randrange(170, 210), rng.randrange(200, 235))
    mask = Image.linear_gradient("L").resize(PORTRAIT_SIZE)
    image = Image.composite(
        Image.new("RGB", PORTRAIT_SIZE, bottom), Image.new("RGB", PORTRAIT_SIZE, top), mask
    )
    draw = ImageDraw.Draw(image)
    suit = (rng.randrange(20, 50), rng.randrange(25, 50), rng.randrange(50, 80))
    skin = (rng.randrange(200, 235), rng.randrange(160, 190), rng.randrange(130, 160))
    draw.ellipse((60, 520, width - 60, height + 320), fill=suit)  # shoulders
    draw.polygon([(width // 2 - 60, 540), (width // 2 + 60, 540), (width // 2, 660)], fill="white")
    draw.rectangle((width // 2 - 45, 430, width // 2 + 45, 545), fill=skin)  # neck
    draw.ellipse((width // 2 - 130, 170, width // 2 + 130, 480), fill=skin)  # head
    draw.ellipse((width // 2 - 140, 150, width // 2 + 140, 300), fill=(40, 30, 25))  # hair
    draw.rectangle((width // 2 - 120, 260, width // 2 + 120, 300), fill=skin)
    initials = "".join(word[0] for word in name.split()[-2:])
    draw.text(
        (width // 2, 720), initials, font=_font(INITIALS_FONT_SIZE), fill="white", anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def ensure_info(site, agency):
    lat, lon = agency["map"]
    AgencyInfo.objects.get_or_create(
        site=site,
        defaults={
            "full_name": agency["full_name"],
            "full_name_en": agency["full_name_en"],
            "parent_body": agency["parent_body"],
            "parent_body_en": agency["parent_body_en"],
            "address": agency["address"],
            "address_en": agency["address_en"],
            "phone": agency["phone"],
            "fax": agency["fax"],
            "email": agency["email"],
            "responsible_person": agency["responsible_person"],
            "licence": agency["licence"],
            "map_url": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
        },
    )


def ensure_pages(site, agency):
    """Return how many pages were added."""
    found = {p.path: p for p in Page.objects.filter(site=site)}
    added = 0
    for path, parent_path, fields in page_specs(agency):
        if path in found:
            continue
        page = Page(
            site=site,
            parent=found.get(parent_path),
            slug=path.rsplit("/", 1)[-1],
            status=Page.Status.PUBLISHED,
            **fields,
        )
        with reversion.create_revision():
            reversion.set_comment(REVISION_COMMENT)
            page.save()
        found[path] = page
        added += 1
    return added


def ensure_leaders(site, key, agency):
    """Return how many leaders were added."""
    taken = set(Leader.objects.filter(site=site).values_list("name", flat=True))
    added = 0
    for order, (name, position, title_en) in enumerate(agency["leaders"], start=1):
        if name in taken:
            continue
        leader = Leader(
            site=site,
            name=name,
            position=position,
            position_en=f"{title_en}, {agency['full_name_en']}",
            biography=(
                f"Sinh năm {1968 + order * 3}. Cử nhân Luật, Thạc sĩ Quản lý công. Trước khi "
                f"giữ chức vụ hiện nay, từng công tác tại {agency['parent_body']}."
            ),
            biography_en=(
                f"Born in {1968 + order * 3}. Bachelor of Laws, Master of Public Administration."
            ),
            duties=DUTIES[order - 1],
            duties_en=DUTIES_EN[order - 1],
            phone=f"{agency['phone'][:-1]}{order}",
            email=f"lanhdao{order}.{agency['email']}",
            order=order,
        )
        photo = f"{key}-lanh-dao-{order}.jpg"
        leader.photo.save(photo, ContentFile(draw_portrait(photo, name), name=photo), save=False)
        with reversion.create_revision():
            reversion.set_comment(REVISION_COMMENT)
            leader.save()
        added += 1
    return added


def load(sites, stdout=None):
    """Add the agency demo content missing on the demo `sites` ({key: Site})."""
    pages = leaders = 0
    for key, site in sites.items():
        agency = AGENCIES.get(key)
        if agency is None:
            continue
        ensure_info(site, agency)
        pages += ensure_pages(site, agency)
        leaders += ensure_leaders(site, key, agency)
    if stdout is not None:
        stdout.write(f"Giới thiệu cơ quan: thêm {pages} trang, {leaders} lãnh đạo.")
