"""The demo's documents: the two the original article cites, and a few of the city and ward.

Each is keyed by its legacy_id, like the demo articles; ``files`` are written by the demo
itself (documents.samples): (name, "pdf" or "docx", paragraphs).
"""

from news.demo import sites

TYPES = ["Chỉ thị", "Hướng dẫn", "Nghị quyết", "Quyết định", "Kế hoạch", "Thông báo", "Báo cáo"]
ISSUERS = [
    "Ban Bí thư",
    "Ban Tổ chức Trung ương",
    "Thành ủy Thành phố Hồ Chí Minh",
    "Ủy ban nhân dân Thành phố",
    "Đảng ủy Phường Minh Phụng",
    "Ủy ban nhân dân Phường Minh Phụng",
]
FIELDS = ["Xây dựng Đảng", "Cải cách hành chính", "Chuyển đổi số", "Văn hóa - Xã hội"]

DOCUMENTS = [
    {
        "legacy_id": "vb-10-ct-tw",
        "site": sites.PROVINCE,
        "number": "10-CT/TW",
        "type": "Chỉ thị",
        "issuer": "Ban Bí thư",
        "field": "Xây dựng Đảng",
        "signer": "T/M Ban Bí thư",
        "issued_on": "2007-03-30",
        "effective_on": "2007-03-30",
        "summary": "Về nâng cao chất lượng sinh hoạt chi bộ",
        "shared": True,
        "related": ["1234"],
        "files": [
            (
                "Chỉ thị 10-CT-TW về nâng cao chất lượng sinh hoạt chi bộ.pdf",
                "pdf",
                [
                    "Chi bộ là tổ chức cơ sở của Đảng, là hạt nhân chính trị ở cơ sở; sinh "
                    "hoạt chi bộ phải bảo đảm tính lãnh đạo, tính giáo dục và tính chiến đấu.",
                    "Các cấp ủy thực hiện nghiêm nguyên tắc tập trung dân chủ, tự phê bình và "
                    "phê bình trong mỗi kỳ sinh hoạt; định kỳ mỗi quý có ít nhất một kỳ sinh "
                    "hoạt chuyên đề.",
                    "Cấp ủy cấp trên trực tiếp thường xuyên kiểm tra, hướng dẫn và dự sinh "
                    "hoạt với chi bộ.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-09-hd-btctw",
        "site": sites.PROVINCE,
        "number": "09-HD/BTCTW",
        "type": "Hướng dẫn",
        "issuer": "Ban Tổ chức Trung ương",
        "field": "Xây dựng Đảng",
        "signer": "K/T Trưởng ban, Phó Trưởng ban",
        "issued_on": "2012-03-02",
        "effective_on": "2012-03-02",
        "summary": "Một số vấn đề cụ thể về nâng cao chất lượng sinh hoạt chi bộ",
        "shared": True,
        "related": ["1234"],
        "files": [
            (
                "Hướng dẫn 09-HD-BTCTW.docx",
                "docx",
                [
                    "Nội dung sinh hoạt chi bộ thường kỳ gồm: thông tin tình hình, đánh giá "
                    "kết quả thực hiện nhiệm vụ tháng, quyết định nhiệm vụ tháng tới.",
                    "Sinh hoạt chuyên đề tập trung vào việc học tập và làm theo tư tưởng, "
                    "đạo đức, phong cách Hồ Chí Minh, gắn với nhiệm vụ chính trị của đơn vị.",
                    "Biên bản sinh hoạt chi bộ được ghi đầy đủ, lưu giữ theo quy định.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-125-qd-ubnd",
        "site": sites.PROVINCE,
        "number": "125/QĐ-UBND",
        "type": "Quyết định",
        "issuer": "Ủy ban nhân dân Thành phố",
        "field": "Cải cách hành chính",
        "signer": "T/M Ủy ban nhân dân, Chủ tịch",
        "issued_on": "2026-01-12",
        "effective_on": "2026-01-12",
        "summary": "Ban hành Kế hoạch cải cách hành chính năm 2026 của Thành phố",
        "shared": True,
        "files": [
            (
                "Quyết định 125-QĐ-UBND.pdf",
                "pdf",
                [
                    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính "
                    "năm 2026 của Thành phố.",
                    "Điều 2. Quyết định có hiệu lực kể từ ngày ký. Thủ trưởng các sở, ngành, "
                    "Chủ tịch Ủy ban nhân dân các phường, xã chịu trách nhiệm thi hành.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-45-kh-ubnd",
        "site": sites.PROVINCE,
        "number": "45/KH-UBND",
        "type": "Kế hoạch",
        "issuer": "Ủy ban nhân dân Thành phố",
        "field": "Chuyển đổi số",
        "signer": "K/T Chủ tịch, Phó Chủ tịch",
        "issued_on": "2026-02-20",
        "summary": "Chuyển đổi số và phát triển chính quyền số năm 2026",
        "files": [
            (
                "Kế hoạch 45-KH-UBND chuyển đổi số.docx",
                "docx",
                [
                    "Mục tiêu: 100% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết "
                    "trực tuyến.",
                    "Các phường, xã hoàn thành số hóa kết quả giải quyết thủ tục hành chính.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-12-tb-vp",
        "site": sites.PROVINCE,
        "number": "12/TB-UBND",
        "type": "Thông báo",
        "issuer": "Ủy ban nhân dân Thành phố",
        "field": "Văn hóa - Xã hội",
        "signer": "T/L Chủ tịch, Chánh Văn phòng",
        "issued_on": "2026-03-05",
        "effective_on": "2026-03-05",
        "expires_on": "2026-12-31",
        "summary": "Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân Thành phố năm 2026",
        "files": [
            (
                "Thông báo 12-TB-UBND lịch tiếp công dân.pdf",
                "pdf",
                [
                    "Chủ tịch Ủy ban nhân dân Thành phố tiếp công dân định kỳ vào ngày 15 "
                    "hằng tháng tại Trụ sở tiếp công dân Thành phố.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-08-kh-du",
        "site": sites.ARCHIVE_SITE,
        "number": "08-KH/ĐU",
        "type": "Kế hoạch",
        "issuer": "Đảng ủy Phường Minh Phụng",
        "field": "Xây dựng Đảng",
        "signer": "T/M Đảng ủy, Bí thư",
        "issued_on": "2026-04-01",
        "effective_on": "2026-04-01",
        "summary": "Thực hiện Chỉ thị 10-CT/TW và Hướng dẫn 09-HD/BTCTW về nâng cao chất lượng "
        "sinh hoạt chi bộ trong Đảng bộ phường",
        "related": ["1234"],
        "files": [
            (
                "Kế hoạch 08-KH-ĐU.pdf",
                "pdf",
                [
                    "Các chi bộ trực thuộc xây dựng chương trình sinh hoạt chuyên đề hằng quý, báo "
                    "cáo kết quả về Đảng ủy phường trước ngày 25 của tháng cuối quý.",
                ],
            )
        ],
    },
    {
        "legacy_id": "vb-21-bc-ubnd",
        "site": sites.ARCHIVE_SITE,
        "number": "21/BC-UBND",
        "type": "Báo cáo",
        "issuer": "Ủy ban nhân dân Phường Minh Phụng",
        "field": "Cải cách hành chính",
        "signer": "T/M Ủy ban nhân dân, Chủ tịch",
        "issued_on": "2026-10-05",
        "summary": "Kết quả giải quyết thủ tục hành chính quý III năm 2026",
        "files": [
            (
                "Báo cáo 21-BC-UBND quý III.docx",
                "docx",
                [
                    "Trong quý III, phường tiếp nhận 1.284 hồ sơ, giải quyết đúng hạn 1.271 hồ sơ.",
                ],
            )
        ],
    },
]
