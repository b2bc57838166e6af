"""Demo content for `manage.py load_demo`: the categories and articles of a district portal.

Each article is keyed by its `legacy_id` so that loading twice never duplicates anything.
Times are either fixed (`at`, portal time zone) or relative to the moment of the first
load (`days_ago`, or `days_ahead` for an article scheduled in the future).
"""

# slug, name, parent slug, menu position, description
CATEGORIES = [
    (
        "tin-tuc-su-kien",
        "Tin tức sự kiện",
        None,
        1,
        "Tin hoạt động của Quận ủy, Ủy ban nhân dân quận và các phường.",
    ),
    (
        "xay-dung-dang",
        "Xây dựng Đảng",
        None,
        2,
        "Công tác tổ chức, cán bộ, đảng viên và sinh hoạt chi bộ.",
    ),
    (
        "kiem-tra-giam-sat",
        "Kiểm tra, giám sát",
        "xay-dung-dang",
        1,
        "Hoạt động của Ủy ban Kiểm tra Quận ủy.",
    ),
    (
        "kinh-te-xa-hoi",
        "Kinh tế - Xã hội",
        None,
        3,
        "Tình hình kinh tế, an sinh xã hội, đô thị và môi trường trên địa bàn quận.",
    ),
    (
        "van-hoa-giao-duc",
        "Văn hóa - Giáo dục",
        None,
        4,
        "Giáo dục, văn hóa, thể thao và các phong trào ở khu dân cư.",
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        None,
        5,
        "Thủ tục hành chính, dịch vụ công trực tuyến và chuyển đổi số.",
    ),
]

# The old portal's id of the original article (its URL was /Default.aspx?tabid=52&ID=1234),
# the same as in docs/sample-import.jsonl: importing the sample into a demo portal then
# updates this article instead of adding a second copy.
ORIGINAL_LEGACY_ID = "1234"

ARTICLES = [
    # The article of the page the portal replaces, with its real publish time.
    {
        "legacy_id": ORIGINAL_LEGACY_ID,
        "category": "tin-tuc-su-kien",
        "at": "2014-04-07 10:45",
        "title": "Giao ban chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”",
        "lead": (
            "Ban Tổ chức Quận ủy 11 tổ chức Hội nghị giao ban chuyên đề Cụm thi đua I quý "
            "I/2014 về phương pháp, cách làm nâng cao chất lượng sinh hoạt chi bộ."
        ),
        "byline": "Ban Tổ chức Quận ủy",
        "caption": "Quang cảnh Hội nghị giao ban chuyên đề Cụm thi đua I (ảnh minh họa).",
        "paragraphs": [
            "Vừa qua, Thực hiện theo hướng dẫn của Ban Tổ chức Thành ủy, Ban Tổ chức Quận ủy "
            "11 đã tổ chức Hội nghị giao ban chuyên đề Cụm thi đua I (quận 1, 3, 5, 10, 11, "
            "Tân Bình) quý I/2014 với nội dung là: phương pháp, cách làm nâng cao chất lượng "
            "sinh hoạt chi bộ theo Chỉ thị 10-CT/TVV của Ban Bí thư, Hướng dẫn 09-HD/BTCTW "
            "của Ban Tổ chức Trung ương. Đồng chủ trì Hội nghị là ông Trần Văn Ước - Phó "
            "Trưởng Ban Tổ chức Thành ủy thành phố Hồ Chí Minh, bà Nguyễn Thị Bích Lan - Phó "
            "Bí thư Thường trực Quận ủy 11, ông Nguyễn Thanh Trí - Ủy viên Thường vụ, Trưởng "
            "Ban Tổ chức Quận ủy 11.",
            "Hội nghị đã cùng nhau thảo luận phương pháp, cách làm, kinh nghiệm trong chỉ "
            "đạo nâng cao chất lượng sinh hoạt Chỉ thị 10-CT/TW và Hướng dẫn 09- HD/BTCTW; "
            "những hạn chế tồn tại cần tăng cường lãnh đạo, chỉ đạo để nâng cao chất lượng "
            "sinh hoạt chi bộ; việc tổ chức sinh hoạt chuyên đề là một trong những yêu cầu "
            "để nâng chất lượng sinh hoạt chi bộ. Tuy nhiên, chất lượng sinh hoạt chuyên đề "
            "còn nhiều hạn chế, nhiều chi bộ còn lúng túng về việc chuẩn bị nội dung chuyên "
            "đề. Cần làm thế nào để tổ chức sinh hoạt chuyên đề có chất lượng? Tỷ lệ đảng "
            "viên mới kết nạp Đảng, đảng viên trẻ ít thăm gia phát biểu trong sinh hoạt chi "
            "bộ; cách làm, kinh nghiệm ở đơn vị để tất cả các đảng viên tích cực tham gia "
            "thảo luận góp ý xây dựng Nghị quyết.",
            "Riêng tại quận 11, đến nay, hầu hết các chi bộ đã nâng cao được chất lượng sinh "
            "hoạt, hoạt động, thực hiện tốt quy chế làm việc của chi bộ, duy trì nền nếp "
            "sinh hoạt, nội dung có trọng tâm, thời lượng sinh hoạt chi bộ hợp lý, số lượng "
            "đảng viên dự sinh hoạt tăng từ 85% trở lên, có nhiều chi bộ tỷ lệ đảng viên "
            "sinh hoạt đạt 100% (chi bộ cơ quan, trường học). Hầu hết các chi bộ đều tổ chức "
            "sinh hoạt về nội dung học tập và làm theo tấm gương đạo đức, phong cách Hồ Chí "
            "Minh, thực hiện tự phê bình và phê bình, kết thúc sinh hoạt có kết luận, biểu "
            "quyết, thông qua Nghị quyết chi bộ và phân công nhiệm vụ cho đảng viên. Một số "
            "chi bộ tổ chức sinh hoạt nội dung chuyên đề theo từng quý, các chi bộ thường "
            "chọn nội dung học tập Bác, ngoài ra còn có các nội dung về công tác phát triển "
            "đảng viên, các công tác chuyên môn của các ngành... Qua việc thực hiện các nội "
            "dung trên đã góp phần nâng cao hiệu quả thực hiện Nghị quyết 22-NQ/TW của Ban "
            "chấp hành Trung ương khóa X, Chỉ thị 03-CT/TU của Thành ủy về tiếp tục “Nâng "
            "cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở Đảng và chất lượng đội "
            "ngũ cán bộ, đảng viên; nâng cao chất lượng sinh hoạt chi bộ và xây dựng tổ chức "
            "cơ cơ Đảng trong sạch, vững mạnh” và Nghị quyết Trung ương 4 (khóa XI) về “một "
            "số vấn đề cấp bách về xây dựng Đảng hiện nay”.",
        ],
    },
    # Tin tức sự kiện, before the original (its "TIN ĐÃ ĐƯA" list).
    {
        "legacy_id": "demo-002",
        "category": "tin-tuc-su-kien",
        "at": "2014-04-04 16:20",
        "title": "Quận 11 ra quân Tháng Thanh niên năm 2014",
        "lead": (
            "Hơn 1.500 đoàn viên, thanh niên tham gia lễ ra quân với các công trình vệ sinh "
            "kênh rạch, sửa chữa nhà tình thương và hiến máu tình nguyện."
        ),
        "byline": "Quận Đoàn 11",
        "paragraphs": [
            "Sáng ngày 4/4, Ban Thường vụ Quận Đoàn 11 tổ chức lễ ra quân Tháng Thanh niên "
            "năm 2014 với chủ đề “Tuổi trẻ quận 11 xung kích, tình nguyện vì cộng đồng”. Dự "
            "lễ có đại diện Thường trực Quận ủy, Ủy ban nhân dân quận cùng hơn 1.500 đoàn "
            "viên, thanh niên đến từ 16 phường và các cơ sở Đoàn trực thuộc.",
            "Trong tháng, các cơ sở Đoàn sẽ triển khai 25 công trình thanh niên, tập trung "
            "vào vệ sinh môi trường, chỉnh trang hẻm, hỗ trợ người dân làm thủ tục hành "
            "chính và tổ chức ngày hội hiến máu. Quận Đoàn đề ra chỉ tiêu mỗi đoàn viên "
            "thực hiện ít nhất một việc tốt vì cộng đồng.",
        ],
    },
    {
        "legacy_id": "demo-003",
        "category": "tin-tuc-su-kien",
        "at": "2014-04-02 09:00",
        "title": "Hội nghị sơ kết công tác quý I năm 2014 của Ủy ban nhân dân quận",
        "lead": (
            "Tình hình kinh tế - xã hội quý I ổn định; thu ngân sách đạt 28% dự toán năm, "
            "các chương trình an sinh xã hội được thực hiện đầy đủ, kịp thời."
        ),
        "byline": "Văn phòng HĐND và UBND quận",
        "paragraphs": [
            "Ngày 2/4, Ủy ban nhân dân quận 11 tổ chức hội nghị sơ kết công tác quý I và "
            "triển khai nhiệm vụ trọng tâm quý II năm 2014. Theo báo cáo, tổng thu ngân "
            "sách trên địa bàn đạt 28% dự toán năm, tăng 12% so với cùng kỳ; công tác chăm "
            "lo Tết Nguyên đán cho hộ nghèo, gia đình chính sách được thực hiện chu đáo.",
            "Phát biểu chỉ đạo, Chủ tịch Ủy ban nhân dân quận đề nghị các phòng, ban và "
            "phường tập trung cải cách thủ tục hành chính, xử lý dứt điểm các hồ sơ trễ "
            "hạn, tăng cường quản lý trật tự đô thị và chuẩn bị tốt các hoạt động kỷ niệm "
            "39 năm Ngày giải phóng miền Nam, thống nhất đất nước.",
        ],
    },
    {
        "legacy_id": "demo-004",
        "category": "tin-tuc-su-kien",
        "at": "2014-03-28 14:30",
        "title": "Quận ủy 11 học tập, quán triệt Nghị quyết Hội nghị Trung ương 8 (khóa XI)",
        "lead": (
            "Hơn 600 cán bộ chủ chốt của quận tham dự hội nghị học tập, quán triệt các "
            "nghị quyết của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XI."
        ),
        "byline": "Ban Tuyên giáo Quận ủy",
        "paragraphs": [
            "Hội nghị được tổ chức tại Hội trường Quận ủy với sự tham dự của các đồng chí "
            "Ủy viên Ban Chấp hành Đảng bộ quận, bí thư các chi, đảng bộ cơ sở và lãnh đạo "
            "các phòng, ban, đoàn thể. Báo cáo viên đã truyền đạt những nội dung cơ bản của "
            "Nghị quyết về chiến lược bảo vệ Tổ quốc trong tình hình mới và Nghị quyết về "
            "đổi mới căn bản, toàn diện giáo dục và đào tạo.",
            "Ban Thường vụ Quận ủy yêu cầu các cấp ủy xây dựng chương trình hành động sát "
            "với thực tiễn đơn vị, hoàn thành việc học tập, quán triệt đến từng đảng viên "
            "trong tháng 4/2014.",
        ],
    },
    {
        "legacy_id": "demo-005",
        "category": "tin-tuc-su-kien",
        "at": "2014-03-24 08:15",
        "title": "Phường 5 tổ chức Ngày hội Đại đoàn kết toàn dân tộc điểm",
        "lead": (
            "Khu phố 2, phường 5 được chọn tổ chức điểm Ngày hội Đại đoàn kết toàn dân tộc, "
            "nơi người dân cùng nhìn lại một năm xây dựng khu dân cư văn hóa."
        ),
        "byline": "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
        "paragraphs": [
            "Tại ngày hội, Ban điều hành khu phố báo cáo kết quả thực hiện cuộc vận động "
            "“Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”: 98% hộ gia đình "
            "đạt danh hiệu gia đình văn hóa, không còn hộ nghèo theo chuẩn của thành phố, "
            "hẻm 42 được người dân góp công, góp của bê tông hóa.",
            "Dịp này, Ủy ban Mặt trận Tổ quốc phường trao 30 phần quà cho hộ khó khăn và "
            "biểu dương 12 gia đình tiêu biểu trong phong trào tương thân tương ái.",
        ],
    },
    {
        "legacy_id": "demo-006",
        "category": "tin-tuc-su-kien",
        "at": "2014-03-19 10:00",
        "title": "Đoàn công tác Thành ủy làm việc với Ban Thường vụ Quận ủy 11",
        "lead": (
            "Đoàn công tác ghi nhận kết quả thực hiện Nghị quyết Đại hội Đảng bộ quận giữa "
            "nhiệm kỳ và đề nghị tập trung chỉnh trang đô thị, phát triển thương mại - dịch "
            "vụ."
        ),
        "byline": "Văn phòng Quận ủy",
        "paragraphs": [
            "Báo cáo với đoàn công tác, Bí thư Quận ủy cho biết sau nửa nhiệm kỳ, quận đã "
            "đạt và vượt 14 trên 18 chỉ tiêu chủ yếu; cơ cấu kinh tế tiếp tục chuyển dịch "
            "theo hướng thương mại - dịch vụ; tỷ lệ tổ chức cơ sở Đảng trong sạch, vững "
            "mạnh đạt trên 80%.",
            "Kết luận buổi làm việc, trưởng đoàn đề nghị quận tiếp tục phát huy tinh thần "
            "đoàn kết, tháo gỡ vướng mắc trong bồi thường, giải phóng mặt bằng và quan tâm "
            "hơn nữa đến đời sống người dân ở các khu nhà trọ.",
        ],
    },
    {
        "legacy_id": "demo-007",
        "category": "tin-tuc-su-kien",
        "at": "2014-03-12 15:45",
        "title": "Kỷ niệm 104 năm Ngày Quốc tế Phụ nữ và 1974 năm khởi nghĩa Hai Bà Trưng",
        "lead": (
            "Hội Liên hiệp Phụ nữ quận họp mặt kỷ niệm và tuyên dương 45 cán bộ, hội viên "
            "tiêu biểu trong phong trào thi đua “Phụ nữ tích cực học tập, lao động sáng tạo, "
            "xây dựng gia đình hạnh phúc”."
        ),
        "byline": "Hội Liên hiệp Phụ nữ quận",
        "paragraphs": [
            "Phát biểu tại buổi họp mặt, đại diện Thường trực Quận ủy ghi nhận những đóng góp "
            "của các cấp Hội trong công tác giảm nghèo, vận động hội viên tham gia giữ gìn "
            "trật tự, an toàn xã hội và chăm lo cho trẻ em có hoàn cảnh khó khăn.",
            "Trong năm qua, các cấp Hội đã giúp 320 hội viên vay vốn phát triển kinh tế gia "
            "đình với tổng số tiền hơn 4 tỷ đồng, vận động xây dựng 5 căn nhà tình thương.",
        ],
    },
    {
        "legacy_id": "demo-008",
        "category": "tin-tuc-su-kien",
        "at": "2014-03-05 09:30",
        "title": "Lễ giao nhận quân năm 2014: 180 thanh niên quận 11 lên đường nhập ngũ",
        "lead": (
            "Trong không khí phấn khởi, 180 tân binh quận 11 lên đường thực hiện nghĩa vụ "
            "quân sự, đạt 100% chỉ tiêu được giao."
        ),
        "byline": "Ban Chỉ huy Quân sự quận",
        "paragraphs": [
            "Sáng 5/3, Hội đồng Nghĩa vụ quân sự quận tổ chức lễ giao nhận quân năm 2014. "
            "Đây là năm thứ 10 liên tiếp quận hoàn thành chỉ tiêu gọi công dân nhập ngũ, "
            "trong đó có 36 thanh niên tình nguyện viết đơn xin nhập ngũ và 21 thanh niên có "
            "trình độ cao đẳng, đại học.",
            "Lãnh đạo quận đã tặng quà, động viên các tân binh và gia đình, đồng thời giao "
            "các phường tiếp tục quan tâm, giúp đỡ gia đình quân nhân trong thời gian con em "
            "tại ngũ.",
        ],
    },
    # Tin tức sự kiện, after the original (its "TIN MỚI HƠN" list).
    {
        "legacy_id": "demo-009",
        "category": "tin-tuc-su-kien",
        "at": "2014-04-09 08:30",
        "title": "Quận 11 tổ chức Lễ giỗ Quốc tổ Hùng Vương năm 2014",
        "lead": (
            "Lễ dâng hương tưởng niệm các Vua Hùng được tổ chức trang trọng với sự tham dự "
            "của lãnh đạo quận và đông đảo nhân dân."
        ),
        "byline": "Phòng Văn hóa và Thông tin",
        "paragraphs": [
            "Sáng ngày 9/4 (tức mùng 10 tháng 3 âm lịch), tại Đền thờ Quốc tổ, lãnh đạo "
            "Quận ủy, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban Mặt trận Tổ quốc quận đã "
            "dâng hương tưởng nhớ công đức các Vua Hùng đã có công dựng nước.",
            "Sau phần lễ là chương trình văn nghệ, trưng bày hình ảnh về cội nguồn dân tộc "
            "và hội thi gói bánh chưng, bánh giầy của các phường, thu hút hàng nghìn lượt "
            "người dân và học sinh tham gia.",
        ],
    },
    {
        "legacy_id": "demo-010",
        "category": "tin-tuc-su-kien",
        "at": "2014-04-14 14:00",
        "title": "Tiếp xúc cử tri trước kỳ họp thứ 13 Hội đồng nhân dân thành phố",
        "lead": (
            "Cử tri quận 11 kiến nghị nhiều nội dung về chống ngập, chỉnh trang hẻm và quản "
            "lý giá cả hàng hóa thiết yếu."
        ),
        "byline": "Thường trực HĐND quận",
        "paragraphs": [
            "Tại buổi tiếp xúc, tổ đại biểu Hội đồng nhân dân thành phố đơn vị quận 11 đã "
            "thông báo dự kiến nội dung kỳ họp và lắng nghe 17 ý kiến của cử tri. Nhiều ý "
            "kiến đề nghị sớm hoàn thành tuyến cống thoát nước trên đường Lạc Long Quân và "
            "tăng cường kiểm tra vệ sinh an toàn thực phẩm tại các chợ.",
            "Lãnh đạo Ủy ban nhân dân quận đã trả lời trực tiếp các kiến nghị thuộc thẩm "
            "quyền; các nội dung còn lại được tổ đại biểu tổng hợp, chuyển đến cơ quan chức "
            "năng của thành phố.",
        ],
    },
    {
        "legacy_id": "demo-011",
        "category": "tin-tuc-su-kien",
        "at": "2014-04-22 09:00",
        "title": "Họp mặt kỷ niệm 39 năm Ngày giải phóng miền Nam, thống nhất đất nước",
        "lead": (
            "Các thế hệ cán bộ lão thành cách mạng, gia đình chính sách cùng ôn lại truyền "
            "thống hào hùng của quân và dân quận 11."
        ),
        "byline": "Văn phòng Quận ủy",
        "paragraphs": [
            "Tại buổi họp mặt, các đại biểu đã cùng ôn lại những trận đánh trên địa bàn Phú "
            "Thọ Hòa, Bình Thới trong chiến dịch Hồ Chí Minh lịch sử và những đổi thay của "
            "quận sau 39 năm xây dựng, phát triển.",
            "Ban Thường vụ Quận ủy đã trao tặng 50 phần quà cho các đồng chí cán bộ lão "
            "thành, Mẹ Việt Nam anh hùng và thương binh nặng.",
        ],
    },
    {
        "legacy_id": "demo-012",
        "category": "tin-tuc-su-kien",
        "at": "2014-05-02 10:30",
        "title": "Phát động Tháng hành động vì an toàn thực phẩm năm 2014",
        "lead": (
            "Quận tăng cường kiểm tra các bếp ăn tập thể, cơ sở kinh doanh thức ăn đường "
            "phố và tuyên truyền đến từng hộ kinh doanh."
        ),
        "byline": "Phòng Y tế quận",
        "paragraphs": [
            "Ban Chỉ đạo liên ngành vệ sinh an toàn thực phẩm quận đã thành lập 4 đoàn kiểm "
            "tra, tập trung vào các trường mầm non có bếp ăn bán trú, khu vực chợ Bình Thới "
            "và các tuyến đường có nhiều quán ăn.",
            "Người dân phát hiện vi phạm có thể phản ánh qua đường dây nóng của Ủy ban nhân "
            "dân quận hoặc trực tiếp tại Ủy ban nhân dân phường nơi cư trú.",
        ],
    },
    {
        "legacy_id": "demo-013",
        "category": "tin-tuc-su-kien",
        "at": "2014-05-16 15:00",
        "title": "Quận 11 sẵn sàng cho mùa mưa, chủ động phòng, chống ngập úng",
        "lead": (
            "Ủy ban nhân dân quận kiểm tra, nạo vét 12 km cống thoát nước và phân công lực "
            "lượng trực tại các điểm thường xuyên ngập."
        ),
        "byline": "Phòng Quản lý đô thị",
        "paragraphs": [
            "Trước mùa mưa, quận đã hoàn thành nạo vét hệ thống cống trên các tuyến đường "
            "Hòa Bình, Lạc Long Quân, Lê Đại Hành và kiểm tra toàn bộ các miệng thu nước "
            "trong khu dân cư.",
            "Ban Chỉ huy phòng, chống thiên tai quận đề nghị người dân không xả rác xuống "
            "miệng cống và báo ngay cho phường khi phát hiện điểm ngập mới.",
        ],
    },
    # Tin tức sự kiện, recent: the home page opens on these.
    {
        "legacy_id": "demo-014",
        "category": "tin-tuc-su-kien",
        "days_ago": 1,
        "hour": 9,
        "featured": True,
        "title": "Khai mạc Hội nghị Ban Chấp hành Đảng bộ quận lần thứ 12",
        "lead": (
            "Hội nghị đánh giá kết quả thực hiện nhiệm vụ chính trị trong năm và thảo luận "
            "phương hướng, giải pháp trọng tâm cho năm tới."
        ),
        "byline": "Văn phòng Quận ủy",
        "paragraphs": [
            "Phát biểu khai mạc, Bí thư Quận ủy nhấn mạnh năm nay là năm bứt phá, quận đã "
            "hoàn thành vượt kế hoạch thu ngân sách, đẩy nhanh chuyển đổi số trong giải "
            "quyết thủ tục hành chính và chăm lo tốt đời sống nhân dân.",
            "Các đại biểu tập trung thảo luận các giải pháp phát triển kinh tế đêm, chỉnh "
            "trang đô thị quanh Công viên Văn hóa Đầm Sen và nâng cao chất lượng sinh hoạt "
            "chi bộ khu phố.",
            "Hội nghị làm việc trong hai ngày và sẽ biểu quyết thông qua Nghị quyết về "
            "nhiệm vụ năm tới.",
        ],
    },
    {
        "legacy_id": "demo-015",
        "category": "tin-tuc-su-kien",
        "days_ago": 4,
        "hour": 15,
        "title": "Quận 11 trao 500 phần quà cho hộ gia đình khó khăn",
        "lead": (
            "Từ nguồn Quỹ “Vì người nghèo”, quận trao quà và học bổng cho hộ cận nghèo, "
            "người cao tuổi neo đơn và học sinh vượt khó."
        ),
        "byline": "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
        "paragraphs": [
            "Mỗi phần quà trị giá 800.000 đồng gồm nhu yếu phẩm và tiền mặt. Bên cạnh đó, "
            "120 học sinh có hoàn cảnh khó khăn, học giỏi được nhận học bổng, mỗi suất 1,5 "
            "triệu đồng.",
            "Ủy ban Mặt trận Tổ quốc quận cảm ơn các doanh nghiệp, mạnh thường quân đã đồng "
            "hành cùng chương trình và kêu gọi tiếp tục đóng góp để không ai bị bỏ lại phía "
            "sau.",
        ],
    },
    {
        "legacy_id": "demo-016",
        "category": "tin-tuc-su-kien",
        "days_ahead": 2,
        "hour": 8,
        "title": "Thông báo lịch tiếp công dân của Bí thư Quận ủy tháng tới",
        "lead": (
            "Bí thư Quận ủy tiếp công dân định kỳ vào sáng thứ Năm tuần thứ hai tại Trụ sở "
            "tiếp công dân quận."
        ),
        "byline": "Văn phòng Quận ủy",
        "paragraphs": [
            "Công dân có nhu cầu phản ánh, kiến nghị đăng ký trước tại Trụ sở tiếp công dân "
            "quận, mang theo giấy tờ tùy thân và tài liệu liên quan.",
            "Trường hợp ủy quyền, người được ủy quyền phải có giấy ủy quyền hợp lệ theo quy định.",
        ],
    },
    # Xây dựng Đảng
    {
        "legacy_id": "demo-017",
        "category": "xay-dung-dang",
        "days_ago": 2,
        "hour": 10,
        "featured": True,
        "title": "Kết nạp 35 đảng viên mới nhân kỷ niệm Ngày thành lập Đảng",
        "lead": (
            "Đảng bộ quận tổ chức lễ kết nạp tập trung cho 35 quần chúng ưu tú, trong đó "
            "có 20 đoàn viên thanh niên và 6 người làm việc tại doanh nghiệp tư nhân."
        ),
        "byline": "Ban Tổ chức Quận ủy",
        "paragraphs": [
            "Lễ kết nạp được tổ chức trang nghiêm tại Nhà truyền thống quận. Các đảng viên "
            "mới đã tuyên thệ trước cờ Đảng, hứa suốt đời phấn đấu cho mục tiêu, lý tưởng "
            "của Đảng.",
            "Bí thư Quận ủy đề nghị các chi bộ phân công đảng viên chính thức giúp đỡ đảng "
            "viên mới, đồng thời tiếp tục tạo nguồn phát triển đảng viên trong khu dân cư "
            "và khu vực kinh tế tư nhân.",
        ],
    },
    {
        "legacy_id": "demo-018",
        "category": "xay-dung-dang",
        "days_ago": 9,
        "hour": 14,
        "title": "Sinh hoạt chi bộ chuyên đề: kinh nghiệm từ chi bộ khu phố 3, phường 7",
        "lead": (
            "Mỗi quý một chuyên đề gắn với việc cụ thể của khu phố giúp tỷ lệ đảng viên dự "
            "sinh hoạt duy trì trên 95%."
        ),
        "byline": "Ban Tổ chức Quận ủy",
        "paragraphs": [
            "Chi bộ khu phố 3 chọn chuyên đề từ chính những việc người dân quan tâm: chống "
            "ngập hẻm, giữ gìn an ninh trật tự, chăm lo trẻ em hè. Nội dung được gửi trước "
            "cho đảng viên một tuần để chuẩn bị ý kiến.",
            "Cách làm này giúp đảng viên trẻ mạnh dạn phát biểu, nghị quyết chi bộ sát thực "
            "tế và được người dân đồng tình thực hiện.",
        ],
    },
    {
        "legacy_id": "demo-019",
        "category": "xay-dung-dang",
        "days_ago": 21,
        "hour": 9,
        "title": "Bồi dưỡng lý luận chính trị cho đảng viên mới năm nay",
        "lead": (
            "Trung tâm Chính trị quận khai giảng lớp bồi dưỡng cho 82 đảng viên mới đến từ "
            "các chi, đảng bộ cơ sở."
        ),
        "byline": "Trung tâm Chính trị quận",
        "paragraphs": [
            "Chương trình gồm 8 chuyên đề về chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, "
            "Điều lệ Đảng, nhiệm vụ của đảng viên và công tác xây dựng Đảng ở cơ sở.",
            "Học viên hoàn thành chương trình và đạt yêu cầu bài thu hoạch sẽ được cấp giấy "
            "chứng nhận theo quy định.",
        ],
    },
    {
        "legacy_id": "demo-020",
        "category": "xay-dung-dang",
        "days_ago": 35,
        "hour": 8,
        "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm nay",
        "lead": (
            "Ban Thường vụ Quận ủy biểu dương 40 tập thể, cá nhân tiêu biểu và chọn chuyên "
            "đề về tinh thần phục vụ nhân dân."
        ),
        "byline": "Ban Tuyên giáo Quận ủy",
        "paragraphs": [
            "Qua một năm thực hiện, mỗi cơ quan, đơn vị đều có ít nhất một mô hình cụ thể "
            "như “Cán bộ phường lắng nghe dân nói”, “Một giờ đồng hành cùng người cao tuổi”.",
            "Quận ủy yêu cầu việc học tập và làm theo Bác phải thành nền nếp, gắn với trách "
            "nhiệm nêu gương của người đứng đầu.",
        ],
    },
    {
        "legacy_id": "demo-021",
        "category": "xay-dung-dang",
        "at": "2014-03-26 09:00",
        "title": "Tổng kết công tác đảng viên năm 2013 của Đảng bộ quận",
        "lead": (
            "Năm 2013, Đảng bộ quận kết nạp 210 đảng viên, đạt 105% chỉ tiêu; 91% tổ chức "
            "cơ sở Đảng đạt trong sạch, vững mạnh."
        ),
        "byline": "Ban Tổ chức Quận ủy",
        "paragraphs": [
            "Công tác quản lý đảng viên, chuyển sinh hoạt Đảng được thực hiện chặt chẽ; việc "
            "đảng viên đang công tác giữ mối liên hệ với chi ủy nơi cư trú theo Quy định 76 "
            "có chuyển biến rõ.",
            "Hội nghị cũng chỉ ra hạn chế: một số chi bộ sinh hoạt còn hình thức, chất lượng "
            "phát triển đảng viên trong doanh nghiệp ngoài nhà nước chưa cao.",
        ],
    },
    {
        "legacy_id": "demo-022",
        "category": "xay-dung-dang",
        "days_ago": 50,
        "hour": 10,
        "title": "Hướng dẫn kiểm điểm, đánh giá, xếp loại tổ chức đảng và đảng viên",
        "lead": (
            "Quận ủy ban hành hướng dẫn, yêu cầu việc kiểm điểm phải thực chất, gắn với kết "
            "quả thực hiện nhiệm vụ được giao."
        ),
        "byline": "Ban Tổ chức Quận ủy",
        "paragraphs": [
            "Theo hướng dẫn, các chi bộ hoàn thành kiểm điểm trước ngày 15 tháng 12, đảng "
            "viên làm bản tự kiểm điểm theo mẫu và nhận xét của chi ủy nơi cư trú.",
            "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số được xếp "
            "loại hoàn thành tốt nhiệm vụ.",
        ],
    },
    # Kiểm tra, giám sát (subcategory of Xây dựng Đảng)
    {
        "legacy_id": "demo-023",
        "category": "kiem-tra-giam-sat",
        "days_ago": 6,
        "hour": 9,
        "title": "Ủy ban Kiểm tra Quận ủy giám sát chuyên đề công tác quản lý đảng viên",
        "lead": (
            "Đoàn giám sát làm việc với 6 chi, đảng bộ cơ sở về việc quản lý hồ sơ, chuyển "
            "sinh hoạt và thu nộp đảng phí."
        ),
        "byline": "Ủy ban Kiểm tra Quận ủy",
        "paragraphs": [
            "Qua giám sát, các tổ chức đảng cơ bản thực hiện đúng quy định, hồ sơ đảng viên "
            "được lưu trữ đầy đủ. Một số chi bộ còn chậm cập nhật thay đổi thông tin của "
            "đảng viên trên phần mềm quản lý.",
            "Ủy ban Kiểm tra Quận ủy đề nghị khắc phục trong 30 ngày và báo cáo kết quả.",
        ],
    },
    {
        "legacy_id": "demo-024",
        "category": "kiem-tra-giam-sat",
        "days_ago": 28,
        "hour": 14,
        "title": "Tập huấn nghiệp vụ công tác kiểm tra, giám sát cho cấp ủy cơ sở",
        "lead": (
            "Hơn 150 đồng chí phụ trách công tác kiểm tra của các chi, đảng bộ cơ sở được "
            "cập nhật quy định mới về kiểm tra, giám sát và kỷ luật đảng."
        ),
        "byline": "Ủy ban Kiểm tra Quận ủy",
        "paragraphs": [
            "Nội dung tập huấn gồm quy trình kiểm tra khi có dấu hiệu vi phạm, giám sát "
            "chuyên đề, xem xét xử lý kỷ luật và giải quyết tố cáo đối với đảng viên.",
            "Các học viên được thực hành lập kế hoạch kiểm tra và trao đổi tình huống thường "
            "gặp ở chi bộ khu phố.",
        ],
    },
    {
        "legacy_id": "demo-025",
        "category": "kiem-tra-giam-sat",
        "at": "2014-04-10 10:00",
        "title": "Sơ kết công tác kiểm tra, giám sát quý I năm 2014",
        "lead": (
            "Cấp ủy và ủy ban kiểm tra các cấp đã kiểm tra 48 tổ chức đảng, giám sát chuyên "
            "đề 62 đảng viên trong quý I."
        ),
        "byline": "Ủy ban Kiểm tra Quận ủy",
        "paragraphs": [
            "Công tác kiểm tra tập trung vào việc thực hiện quy chế làm việc, nguyên tắc tập "
            "trung dân chủ và việc tu dưỡng, rèn luyện đạo đức, lối sống của đảng viên.",
            "Quý II, Ủy ban Kiểm tra Quận ủy sẽ kiểm tra việc thu, chi, quản lý đảng phí tại "
            "8 đảng bộ cơ sở.",
        ],
    },
    # Kinh tế - Xã hội
    {
        "legacy_id": "demo-026",
        "category": "kinh-te-xa-hoi",
        "days_ago": 3,
        "hour": 11,
        "featured": True,
        "title": "Chợ Bình Thới sau cải tạo: sạch hơn, văn minh hơn",
        "lead": (
            "Sau 8 tháng cải tạo, chợ Bình Thới đón tiểu thương trở lại với hệ thống phòng "
            "cháy mới, lối đi rộng và thanh toán không dùng tiền mặt."
        ),
        "byline": "Phòng Kinh tế quận",
        "paragraphs": [
            "Toàn bộ 420 sạp hàng được bố trí lại theo ngành hàng, khu thực phẩm tươi sống "
            "có hệ thống thoát nước riêng. Ban Quản lý chợ phối hợp ngân hàng hỗ trợ tiểu "
            "thương mở tài khoản và mã QR thanh toán.",
            "Nhiều người dân cho biết đi chợ thoải mái hơn, hàng hóa có nguồn gốc rõ ràng và "
            "giá được niêm yết công khai.",
        ],
    },
    {
        "legacy_id": "demo-027",
        "category": "kinh-te-xa-hoi",
        "days_ago": 8,
        "hour": 16,
        "title": "Thu ngân sách 10 tháng đạt 92% dự toán năm",
        "lead": (
            "Thu ngân sách trên địa bàn tăng 9% so với cùng kỳ, chủ yếu từ khu vực kinh tế "
            "ngoài quốc doanh và lệ phí trước bạ."
        ),
        "byline": "Chi cục Thuế khu vực",
        "paragraphs": [
            "Chi cục Thuế đã đẩy mạnh hóa đơn điện tử khởi tạo từ máy tính tiền đối với hộ "
            "kinh doanh, rà soát các trường hợp nợ thuế kéo dài và công khai danh sách theo "
            "quy định.",
            "Để hoàn thành dự toán năm, quận yêu cầu các phường phối hợp chặt chẽ với cơ "
            "quan thuế trong quản lý hộ kinh doanh cá thể.",
        ],
    },
    {
        "legacy_id": "demo-028",
        "category": "kinh-te-xa-hoi",
        "days_ago": 15,
        "hour": 9,
        "title": "Hỗ trợ vay vốn giải quyết việc làm cho 300 lao động",
        "lead": (
            "Phòng giao dịch Ngân hàng Chính sách xã hội quận giải ngân hơn 18 tỷ đồng cho "
            "hộ cận nghèo và lao động mất việc."
        ),
        "byline": "Phòng Lao động - Thương binh và Xã hội",
        "paragraphs": [
            "Nguồn vốn tập trung cho các mô hình buôn bán nhỏ, sửa chữa xe máy, may gia công "
            "tại nhà. Các tổ tiết kiệm và vay vốn ở phường giúp người vay lập phương án sử "
            "dụng vốn hiệu quả.",
            "Tỷ lệ nợ quá hạn được giữ dưới 0,3%, thấp hơn mức bình quân của thành phố.",
        ],
    },
    {
        "legacy_id": "demo-029",
        "category": "kinh-te-xa-hoi",
        "days_ago": 24,
        "hour": 10,
        "title": "Chỉnh trang 40 hẻm theo phương thức Nhà nước và nhân dân cùng làm",
        "lead": (
            "Người dân đóng góp gần 3 tỷ đồng cùng ngân sách quận để nâng cấp mặt hẻm, lắp "
            "đèn chiếu sáng và cống thoát nước."
        ),
        "byline": "Phòng Quản lý đô thị",
        "paragraphs": [
            "Các hẻm được chọn đều do người dân đăng ký, thống nhất phương án và giám sát thi "
            "công thông qua ban giám sát đầu tư của cộng đồng.",
            "Sau khi hoàn thành, tình trạng ngập cục bộ tại các hẻm này được giải quyết, bộ "
            "mặt khu dân cư khang trang hơn.",
        ],
    },
    {
        "legacy_id": "demo-030",
        "category": "kinh-te-xa-hoi",
        "days_ago": 40,
        "hour": 15,
        "title": "Phân loại rác tại nguồn: 16 phường cùng triển khai",
        "lead": (
            "Sau giai đoạn thí điểm ở phường 3 và phường 10, quận nhân rộng mô hình phân "
            "loại chất thải rắn sinh hoạt tại nguồn ra toàn địa bàn."
        ),
        "byline": "Phòng Tài nguyên và Môi trường",
        "paragraphs": [
            "Các hộ dân được hướng dẫn phân loại thành ba nhóm: chất thải có khả năng tái "
            "chế, chất thải thực phẩm và chất thải rắn sinh hoạt khác. Lịch thu gom được "
            "thông báo đến từng tổ dân phố.",
            "Tổ công tác sẽ kiểm tra định kỳ và biểu dương các khu phố thực hiện tốt.",
        ],
    },
    {
        "legacy_id": "demo-031",
        "category": "kinh-te-xa-hoi",
        "at": "2014-04-16 09:30",
        "title": "Quận 11 bình ổn giá các mặt hàng thiết yếu dịp lễ",
        "lead": (
            "Hơn 120 điểm bán hàng bình ổn giá trên địa bàn được tăng cường nguồn hàng, bảo "
            "đảm không để xảy ra tình trạng khan hiếm."
        ),
        "byline": "Phòng Kinh tế quận",
        "paragraphs": [
            "Các doanh nghiệp tham gia chương trình cam kết giữ giá ổn định, hàng hóa có "
            "nguồn gốc rõ ràng, đặc biệt là thịt heo, gà, trứng và rau củ.",
            "Đội Quản lý thị trường tăng cường kiểm tra việc niêm yết giá tại các chợ và cửa "
            "hàng tiện lợi.",
        ],
    },
    # Văn hóa - Giáo dục
    {
        "legacy_id": "demo-032",
        "category": "van-hoa-giao-duc",
        "days_ago": 5,
        "hour": 8,
        "title": "Trường THCS Lê Anh Xuân đạt chuẩn quốc gia mức độ 2",
        "lead": (
            "Trường được công nhận sau quá trình đầu tư cơ sở vật chất và nâng cao chất "
            "lượng đội ngũ giáo viên."
        ),
        "byline": "Phòng Giáo dục và Đào tạo",
        "paragraphs": [
            "Trường hiện có 42 phòng học, 100% giáo viên đạt chuẩn trình độ đào tạo, tỷ lệ "
            "học sinh khá, giỏi đạt trên 85%. Thư viện điện tử và phòng học bộ môn được đưa "
            "vào sử dụng từ đầu năm học.",
            "Đây là trường thứ 9 trên địa bàn quận đạt chuẩn quốc gia mức độ 2.",
        ],
    },
    {
        "legacy_id": "demo-033",
        "category": "van-hoa-giao-duc",
        "days_ago": 12,
        "hour": 19,
        "title": "Liên hoan văn nghệ quần chúng “Quận 11 - Khúc ca bốn mùa”",
        "lead": (
            "Hơn 300 diễn viên không chuyên của 16 phường mang đến 48 tiết mục ca, múa, nhạc "
            "đặc sắc."
        ),
        "byline": "Trung tâm Văn hóa - Thể thao quận",
        "paragraphs": [
            "Liên hoan diễn ra trong ba đêm tại sân khấu Trung tâm Văn hóa - Thể thao quận, "
            "với nhiều tiết mục mang âm hưởng dân ca Nam Bộ và các làn điệu của đồng bào "
            "người Hoa.",
            "Ban tổ chức trao 3 giải A toàn đoàn cho phường 5, phường 8 và phường 15.",
        ],
    },
    {
        "legacy_id": "demo-034",
        "category": "van-hoa-giao-duc",
        "days_ago": 30,
        "hour": 7,
        "title": "Khai giảng năm học mới: hơn 45.000 học sinh đến trường",
        "lead": (
            "Các trường trên địa bàn quận đã sẵn sàng cơ sở vật chất, sách giáo khoa và đội "
            "ngũ giáo viên cho năm học mới."
        ),
        "byline": "Phòng Giáo dục và Đào tạo",
        "paragraphs": [
            "Năm học này, quận đưa vào sử dụng thêm 2 trường mầm non và 1 trường tiểu học "
            "mới, giảm sĩ số bình quân ở cấp tiểu học xuống 38 học sinh một lớp.",
            "Lãnh đạo quận đã dự lễ khai giảng và trao học bổng cho học sinh có hoàn cảnh "
            "khó khăn tại các trường.",
        ],
    },
    {
        "legacy_id": "demo-035",
        "category": "van-hoa-giao-duc",
        "days_ago": 45,
        "hour": 17,
        "title": "Giải chạy “Vì sức khỏe cộng đồng” thu hút 2.000 vận động viên",
        "lead": (
            "Giải chạy quanh Công viên Văn hóa Đầm Sen là hoạt động hưởng ứng Ngày chạy "
            "Olympic vì sức khỏe toàn dân."
        ),
        "byline": "Trung tâm Văn hóa - Thể thao quận",
        "paragraphs": [
            "Vận động viên tham gia ở các cự ly 3 km, 5 km và 10 km, trong đó có nhiều gia "
            "đình đăng ký chạy cùng con nhỏ.",
            "Toàn bộ lệ phí đăng ký được chuyển vào quỹ học bổng dành cho học sinh nghèo "
            "hiếu học của quận.",
        ],
    },
    {
        "legacy_id": "demo-036",
        "category": "van-hoa-giao-duc",
        "at": "2014-04-05 08:00",
        "title": "Hội thi “Giáo viên dạy giỏi cấp quận” năm học 2013 - 2014",
        "lead": (
            "86 giáo viên bậc tiểu học và trung học cơ sở tham gia hội thi, 54 giáo viên "
            "được công nhận dạy giỏi cấp quận."
        ),
        "byline": "Phòng Giáo dục và Đào tạo",
        "paragraphs": [
            "Các tiết dạy được đánh giá cao về ứng dụng công nghệ thông tin, phương pháp "
            "dạy học tích cực và tổ chức hoạt động nhóm cho học sinh.",
            "Phòng Giáo dục và Đào tạo sẽ chọn 10 giáo viên tiêu biểu dự hội thi cấp thành phố.",
        ],
    },
    # Cải cách hành chính
    {
        "legacy_id": "demo-037",
        "category": "cai-cach-hanh-chinh",
        "days_ago": 2,
        "hour": 14,
        "title": "Hơn 90% hồ sơ hộ tịch được tiếp nhận trực tuyến",
        "lead": (
            "Người dân quận 11 có thể đăng ký khai sinh, kết hôn, xác nhận tình trạng hôn "
            "nhân qua Cổng dịch vụ công mà không cần đến trụ sở."
        ),
        "byline": "Phòng Tư pháp",
        "paragraphs": [
            "Kết quả được trả qua dịch vụ bưu chính công ích hoặc bản điện tử có giá trị "
            "pháp lý như bản giấy. Thời gian giải quyết trung bình giảm từ 3 ngày xuống "
            "còn 1 ngày làm việc.",
            "Tại bộ phận một cửa các phường, công chức và đoàn viên thanh niên hỗ trợ người "
            "cao tuổi nộp hồ sơ trực tuyến.",
        ],
    },
    {
        "legacy_id": "demo-038",
        "category": "cai-cach-hanh-chinh",
        "days_ago": 18,
        "hour": 9,
        "title": "Khảo sát mức độ hài lòng của người dân đối với bộ phận một cửa",
        "lead": (
            "Kết quả khảo sát quý III cho thấy 96,5% người dân hài lòng với thái độ phục vụ "
            "và thời gian giải quyết hồ sơ."
        ),
        "byline": "Văn phòng HĐND và UBND quận",
        "paragraphs": [
            "Khảo sát được thực hiện qua máy đánh giá đặt tại bộ phận một cửa và qua tin "
            "nhắn gửi đến người dân sau khi nhận kết quả.",
            "Các ý kiến chưa hài lòng tập trung ở lĩnh vực đất đai, xây dựng; quận yêu cầu "
            "các phòng chuyên môn rà soát, rút ngắn thời gian thẩm định.",
        ],
    },
    {
        "legacy_id": "demo-039",
        "category": "cai-cach-hanh-chinh",
        "at": "2014-04-08 10:00",
        "title": "Ứng dụng hệ thống quản lý văn bản điện tử tại các phường",
        "lead": (
            "Từ quý II năm 2014, 100% văn bản đi, đến giữa Ủy ban nhân dân quận và các "
            "phường được gửi nhận qua hệ thống điện tử."
        ),
        "byline": "Phòng Nội vụ",
        "paragraphs": [
            "Việc ứng dụng hệ thống giúp tiết kiệm chi phí in ấn, rút ngắn thời gian luân "
            "chuyển văn bản và theo dõi được tiến độ xử lý công việc.",
            "Quận tổ chức tập huấn cho văn thư và lãnh đạo các phường trước khi vận hành "
            "chính thức.",
        ],
    },
    {
        "legacy_id": "demo-040",
        "category": "cai-cach-hanh-chinh",
        "days_ahead": 5,
        "hour": 9,
        "title": "Từ tháng tới, cấp giấy phép xây dựng nhà ở riêng lẻ hoàn toàn trực tuyến",
        "lead": (
            "Người dân nộp hồ sơ, theo dõi tiến độ và nhận giấy phép xây dựng điện tử qua "
            "Cổng dịch vụ công của thành phố."
        ),
        "byline": "Phòng Quản lý đô thị",
        "paragraphs": [
            "Thời gian cấp phép được rút ngắn còn 10 ngày làm việc. Hồ sơ bản vẽ được nộp "
            "dưới dạng tệp PDF có chữ ký số của đơn vị thiết kế.",
            "Người dân cần hỗ trợ có thể liên hệ bộ phận một cửa của quận trong giờ hành chính.",
        ],
    },
    {
        "legacy_id": "demo-041",
        "category": "cai-cach-hanh-chinh",
        "draft": True,
        "days_ago": 0,
        "hour": 8,
        "title": "Dự thảo: Kế hoạch chuyển đổi số của quận giai đoạn tới",
        "lead": "Bản nháp để biên tập viên hoàn thiện trước khi trình lãnh đạo duyệt.",
        "byline": "Phòng Văn hóa và Thông tin",
        "paragraphs": [
            "Kế hoạch tập trung vào ba trụ cột: chính quyền số, kinh tế số và xã hội số, "
            "với mục tiêu 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến "
            "toàn trình.",
            "(Bản nháp: chờ số liệu từ các phòng chuyên môn.)",
        ],
    },
]
