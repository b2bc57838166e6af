"""The demo's sites: a city portal and two of its wards (a two-level government since 2025).

Quận 11's portal of 2014 no longer exists: its archive (news.demo.content, the original
article among it) lives on in Phường Minh Phụng, which took over part of its territory,
and the old district's host name is an alias of the ward, so its old addresses still
answer. The city portal and Phường Bình Thới have news of their own.

Hosts: `make run` serves on 127.0.0.1, and browsers send every *.localhost name there
too, so each ward answers on its own name, like tenphuongxa.tentinhthanh.gov.vn.
"""

PROVINCE = "tphcm"
ARCHIVE_SITE = "minhphung"  # where news.demo.content's Quận 11 archive goes

# key, domain, aliases, name, parent key, kind, position
SITES = [
    (
        PROVINCE,
        "127.0.0.1",
        ["tphcm.localhost", "localhost"],
        "Cổng thông tin điện tử Thành phố Hồ Chí Minh",
        None,
        "province",
        0,
    ),
    (
        "minhphung",
        "minhphung.tphcm.localhost",
        ["quan11.tphcm.localhost"],
        "Cổng thông tin điện tử Phường Minh Phụng",
        PROVINCE,
        "commune",
        1,
    ),
    (
        "binhthoi",
        "binhthoi.tphcm.localhost",
        [],
        "Cổng thông tin điện tử Phường Bình Thới",
        PROVINCE,
        "commune",
        2,
    ),
]

# site key, slug, name, parent slug, menu position, description
CATEGORIES = [
    (
        PROVINCE,
        "tin-tuc-su-kien",
        "Tin tức sự kiện",
        None,
        1,
        "Hoạt động của Thành ủy, Hội đồng nhân dân và Ủy ban nhân dân Thành phố.",
    ),
    (
        PROVINCE,
        "chinh-quyen-dia-phuong",
        "Chính quyền địa phương hai cấp",
        None,
        2,
        "Tổ chức và hoạt động của chính quyền thành phố và các xã, phường, đặc khu.",
    ),
    (
        PROVINCE,
        "dich-vu-cong",
        "Dịch vụ công",
        None,
        3,
        "Thủ tục hành chính, dịch vụ công trực tuyến và chuyển đổi số.",
    ),
    (
        "binhthoi",
        "tin-tuc-su-kien",
        "Tin tức sự kiện",
        None,
        1,
        "Hoạt động của Đảng ủy, Hội đồng nhân dân và Ủy ban nhân dân phường.",
    ),
    (
        "binhthoi",
        "van-hoa-xa-hoi",
        "Văn hóa - Xã hội",
        None,
        2,
        "Văn hóa, giáo dục, y tế và an sinh xã hội trên địa bàn phường.",
    ),
]

# Articles of the city portal and of Phường Bình Thới, in news.demo.content's format plus
# the site key.
ARTICLES = [
    {
        "site": PROVINCE,
        "legacy_id": "tphcm-001",
        "category": "chinh-quyen-dia-phuong",
        "days_ago": 1,
        "hour": 9,
        "featured": True,
        "title": "Chính quyền địa phương hai cấp vận hành ổn định ở 168 xã, phường, đặc khu",
        "lead": (
            "Sau hơn một năm vận hành, các xã, phường, đặc khu của Thành phố giải quyết phần "
            "lớn thủ tục hành chính ngay tại cơ sở, người dân không còn phải lên quận, huyện."
        ),
        "byline": "Văn phòng Ủy ban nhân dân Thành phố",
        "paragraphs": [
            "Tại hội nghị sơ kết, Ủy ban nhân dân Thành phố cho biết từ ngày 01/7/2025, khi "
            "chính quyền địa phương hai cấp bắt đầu vận hành, 168 xã, phường, đặc khu đã tiếp "
            "nhận các nhiệm vụ trước đây của cấp quận, huyện. Trung tâm phục vụ hành chính "
            "công của mỗi phường, xã mở cửa cả sáng thứ Bảy để người dân nộp hồ sơ.",
            "Thành phố yêu cầu các phường, xã tiếp tục rà soát quy trình, công khai thời hạn "
            "giải quyết từng thủ tục trên cổng thông tin điện tử thành phần của mình, và báo "
            "cáo hằng tháng những hồ sơ trễ hạn cùng nguyên nhân.",
        ],
    },
    {
        "site": PROVINCE,
        "legacy_id": "tphcm-002",
        "category": "dich-vu-cong",
        "days_ago": 2,
        "hour": 14,
        "title": "Nộp hồ sơ đăng ký hộ kinh doanh hoàn toàn trực tuyến từ tháng 12",
        "lead": (
            "Hộ kinh doanh có thể nộp hồ sơ, nhận kết quả và giấy chứng nhận điện tử qua "
            "Cổng Dịch vụ công quốc gia mà không phải đến trung tâm phục vụ hành chính công."
        ),
        "byline": "Sở Tài chính",
        "paragraphs": [
            "Theo kế hoạch của Thành phố, thủ tục đăng ký hộ kinh doanh được cung cấp trực "
            "tuyến toàn trình trên Cổng Dịch vụ công quốc gia. Người dân đăng nhập bằng tài "
            "khoản định danh điện tử mức độ 2, kê khai thông tin và nhận kết quả trong ba "
            "ngày làm việc.",
            "Các phường, xã bố trí cán bộ hướng dẫn tại bộ phận một cửa cho những người chưa "
            "quen dùng dịch vụ trực tuyến, nhất là người cao tuổi.",
        ],
    },
    {
        "site": PROVINCE,
        "legacy_id": "tphcm-003",
        "category": "tin-tuc-su-kien",
        "days_ago": 3,
        "hour": 10,
        "title": "Thành phố triển khai kế hoạch chăm lo Tết cho người dân khó khăn",
        "lead": (
            "Các phường, xã lập danh sách hộ nghèo, hộ cận nghèo và người có công để trao "
            "quà trước ngày 20 tháng Chạp."
        ),
        "byline": "Ban Tuyên giáo và Dân vận Thành ủy",
        "paragraphs": [
            "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố phối hợp với các phường, xã rà soát "
            "danh sách người cần hỗ trợ, bảo đảm không bỏ sót hộ nào và công khai danh sách "
            "tại khu phố.",
            "Thành phố đề nghị các doanh nghiệp, nhà hảo tâm tiếp tục đồng hành, ủng hộ qua "
            "Quỹ Vì người nghèo của từng phường, xã.",
        ],
    },
    {
        "site": PROVINCE,
        "legacy_id": "tphcm-004",
        "category": "dich-vu-cong",
        "days_ago": 6,
        "hour": 8,
        "title": "Hướng dẫn tra cứu tình trạng hồ sơ hành chính bằng mã số biên nhận",
        "lead": (
            "Người dân tra cứu hồ sơ đã nộp ở bất kỳ phường, xã nào bằng mã số trên phiếu "
            "biên nhận, trên cổng thông tin hoặc ứng dụng điện thoại."
        ),
        "byline": "Trung tâm Chuyển đổi số Thành phố",
        "paragraphs": [
            "Mã số biên nhận in trên phiếu gồm mười lăm ký tự. Khi tra cứu, người dân thấy "
            "hồ sơ đang ở bước nào, cán bộ nào đang xử lý và ngày hẹn trả kết quả.",
            "Trường hợp hồ sơ quá hạn, hệ thống tự gửi tin nhắn xin lỗi và ngày hẹn mới, "
            "đồng thời báo cho lãnh đạo phường, xã nơi nhận hồ sơ.",
        ],
    },
    {
        "site": "binhthoi",
        "legacy_id": "binhthoi-001",
        "category": "tin-tuc-su-kien",
        "days_ago": 1,
        "hour": 15,
        "featured": True,
        "title": "Phường Bình Thới tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân",
        "lead": (
            "Cử tri các khu phố kiến nghị sửa chữa hẻm, bố trí thêm điểm thu gom rác và mở "
            "rộng giờ tiếp nhận hồ sơ buổi tối."
        ),
        "byline": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
        "paragraphs": [
            "Tại buổi tiếp xúc, đại biểu Hội đồng nhân dân phường báo cáo tình hình kinh tế - "
            "xã hội năm qua và dự kiến nội dung kỳ họp cuối năm. Nhiều cử tri đánh giá cao "
            "việc giải quyết thủ tục tại phường nhanh hơn so với trước.",
            "Ủy ban nhân dân phường tiếp thu các kiến nghị và hẹn trả lời bằng văn bản, công "
            "khai trên cổng thông tin điện tử của phường.",
        ],
    },
    {
        "site": "binhthoi",
        "legacy_id": "binhthoi-002",
        "category": "van-hoa-xa-hoi",
        "days_ago": 4,
        "hour": 9,
        "title": "Khám sức khỏe miễn phí cho người cao tuổi tại trạm y tế phường",
        "lead": (
            "Hơn 300 người cao tuổi được đo huyết áp, xét nghiệm đường huyết và tư vấn dinh "
            "dưỡng trong ngày hội sức khỏe."
        ),
        "byline": "Trạm Y tế phường Bình Thới",
        "paragraphs": [
            "Chương trình do Trạm Y tế phường phối hợp với Hội Người cao tuổi tổ chức trong "
            "hai buổi sáng cuối tuần. Những người có chỉ số bất thường được hẹn khám lại và "
            "hướng dẫn theo dõi tại nhà.",
            "Phường dự kiến tổ chức ngày hội sức khỏe mỗi quý một lần, luân phiên tại các khu phố.",
        ],
    },
    {
        "site": "binhthoi",
        "legacy_id": "binhthoi-003",
        "category": "van-hoa-xa-hoi",
        "days_ago": 8,
        "hour": 16,
        "title": "Thư viện khu phố mở cửa buổi tối cho học sinh ôn thi",
        "lead": (
            "Phòng đọc của nhà văn hóa khu phố 3 mở cửa đến 21 giờ các ngày trong tuần, có "
            "tình nguyện viên hỗ trợ học sinh."
        ),
        "byline": "Đoàn Thanh niên phường",
        "paragraphs": [
            "Sáng kiến xuất phát từ đề xuất của phụ huynh trong khu phố, nhiều em học sinh "
            "không có góc học tập yên tĩnh ở nhà. Đoàn Thanh niên phường phân công sinh viên "
            "tình nguyện trực hằng tối.",
            "Sau một tháng, mỗi tối có khoảng bốn mươi em đến học; phường đang vận động thêm "
            "sách tham khảo và máy tính.",
        ],
    },
]
