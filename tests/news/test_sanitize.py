"""Hostile article bodies: whatever an editor's HTML holds, only the allow-list is stored."""

from django.test import SimpleTestCase, TestCase

from news.text import clean_html
from tests.factories import make_article

YOUTUBE = "https://www.youtube.com/embed/dQw4w9WgXcQ"


class ScriptTests(SimpleTestCase):
    """Scripts and event handlers."""

    def test_script_element_and_its_content_removed(self):
        """A <script> is removed with the code inside it."""
        self.assertEqual(clean_html("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>")

    def test_event_handler_attributes_removed(self):
        """on* attributes (quoted or not) are removed, the element stays."""
        self.assertEqual(clean_html('<p onclick="x()" onmouseover=y>t</p>'), "<p>t</p>")

    def test_img_onerror_removed(self):
        """The classic <img onerror> payload loses its handler."""
        self.assertEqual(clean_html('<img src="x.jpg" onerror="alert(1)">'), '<img src="x.jpg">')

    def test_split_script_tag_leaves_only_text(self):
        """A script tag split around another one leaves harmless escaped text."""
        cleaned = clean_html("<scr<script>ipt>alert(1)</script>")
        self.assertNotIn("<script", cleaned.lower())

    def test_conditional_comment_removed(self):
        """IE conditional comments with a script inside are dropped."""
        html = "<!--[if IE]><script>alert(1)</script><![endif]--><p>t</p>"
        self.assertEqual(clean_html(html), "<p>t</p>")

    def test_noscript_mutation_payload_is_inert(self):
        """The noscript/title mutation trick yields no live <img onerror>."""
        cleaned = clean_html('<noscript><p title="</noscript><img src=x onerror=alert(1)>">')
        self.assertNotIn("onerror", cleaned)

    def test_template_content_removed(self):
        """A script hidden in a <template> is removed."""
        self.assertEqual(
            clean_html("<div><template><script>alert(1)</script></template></div>"), "<div></div>"
        )


class LinkTests(SimpleTestCase):
    """Dangerous URL schemes in links."""

    def assert_href_dropped(self, href):
        cleaned = clean_html(f'<a href="{href}">x</a>')
        self.assertNotIn("href", cleaned, href)
        self.assertIn(">x</a>", cleaned)

    def test_javascript_link(self):
        """A javascript: link loses its href."""
        self.assert_href_dropped("javascript:alert(1)")

    def test_mixed_case_javascript_link(self):
        """ "jAvAsCrIpT:" is caught like the lower-case form."""
        self.assert_href_dropped("jAvAsCrIpT:alert(1)")

    def test_entity_encoded_javascript_link(self):
        """A scheme written as decimal character references is decoded then refused."""
        encoded = "".join(f"&#{ord(c)};" for c in "javascript:")
        self.assert_href_dropped(encoded + "alert(1)")

    def test_hex_entity_and_named_colon(self):
        """Hex references and "&colon;" do not hide the scheme."""
        self.assert_href_dropped("&#x6A;avascript&colon;alert(1)")

    def test_tab_and_leading_space_in_scheme(self):
        """Browsers ignore tabs and leading spaces in URLs; so does the sanitizer."""
        self.assert_href_dropped("java\tscript:alert(1)")
        self.assert_href_dropped("java&#x09;script:alert(1)")
        self.assert_href_dropped("  javascript:alert(1)")

    def test_vbscript_and_data_links(self):
        """vbscript: and data: links are dropped too."""
        self.assert_href_dropped("vbscript:msgbox(1)")
        self.assert_href_dropped("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")

    def test_https_link_kept_with_noopener(self):
        """A normal link is kept, and opening it in a new tab cannot reach our page."""
        self.assertEqual(
            clean_html('<a href="https://chinhphu.vn" target="_blank">x</a>'),
            '<a href="https://chinhphu.vn" target="_blank" rel="noopener noreferrer">x</a>',
        )


class IframeTests(SimpleTestCase):
    """Embedded players: YouTube and Vimeo only."""

    def test_youtube_iframe_kept(self):
        """A YouTube embed over https is kept with its size."""
        html = f'<iframe src="{YOUTUBE}" width="560" height="315" allowfullscreen></iframe>'
        self.assertEqual(
            clean_html(html),
            f'<iframe src="{YOUTUBE}" width="560" height="315" allowfullscreen=""></iframe>',
        )

    def test_foreign_iframe_removed_entirely(self):
        """An iframe from another host disappears, content and all."""
        html = '<iframe src="https://evil.example/x"><p>trong</p></iframe><p>ok</p>'
        self.assertEqual(clean_html(html), "<p>ok</p>")

    def test_plain_http_youtube_removed(self):
        """A YouTube embed over plain http is removed."""
        self.assertEqual(clean_html('<iframe src="http://www.youtube.com/embed/x"></iframe>'), "")

    def test_lookalike_hosts_removed(self):
        """Hosts that only look like YouTube are removed."""
        for src in (
            "https://www.youtube.com.evil.example/embed/x",
            "//www.youtube.com/embed/x",
            "https://user@www.youtube.com@evil.example/embed/x",
            "https://evil.example\\@www.youtube.com/embed/x",
            "https://evil.example&#92;@www.youtube.com/embed/x",
            "https://www.youtube.com\\@evil.example/embed/x",
            "https://www.youtube.com:8443/embed/x",
        ):
            with self.subTest(src=src):
                self.assertEqual(clean_html(f'<iframe src="{src}"></iframe>'), "")

    def test_players_with_an_id_and_a_query_kept(self):
        """The embed addresses editors paste keep working, query included."""
        for src in (
            "https://www.youtube.com/embed/dQw4w9WgXcQ?si=a1B2-c_3&amp;start=30",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
        ):
            with self.subTest(src=src):
                self.assertIn("<iframe", clean_html(f'<iframe src="{src}"></iframe>'))

    def test_dot_segments_never_leave_the_player(self):
        """/embed/../ and its encoded forms could reach any page of the host: removed."""
        for src in (
            "https://www.youtube.com/embed/../../redirect?q=https://evil.example",
            "https://www.youtube.com/embed/./../watch?v=x",
            "https://www.youtube.com/embed/%2e%2e/%2e%2e/redirect",
            "https://www.youtube.com/embed/%2E%2E%2Fredirect",
            "https://www.youtube.com/embed/x/../../redirect",
            "https://www.youtube.com/embed/x%2f..%2f..%2fredirect",
            "https://player.vimeo.com/video/../../evil",
            "https://player.vimeo.com/video/1?a=/../x",
            "https://www.youtube.com/embed/x#/../../redirect",
            "https://www.youtube.com/embed/",
        ):
            with self.subTest(src=src):
                self.assertEqual(clean_html(f'<iframe src="{src}"></iframe>'), "")

    def test_youtube_pages_other_than_the_player_removed(self):
        """Only the /embed/ player of YouTube may be framed, not any page of the site."""
        html = '<iframe src="https://www.youtube.com/redirect?q=https://evil.example"></iframe>'
        self.assertEqual(clean_html(html), "")

    def test_srcdoc_and_onload_removed_from_allowed_iframe(self):
        """A kept iframe loses srcdoc and handlers."""
        html = f'<iframe src="{YOUTUBE}" srcdoc="<script>alert(1)</script>" onload="x()"></iframe>'
        self.assertEqual(clean_html(html), f'<iframe src="{YOUTUBE}"></iframe>')

    def test_src_text_in_title_does_not_save_a_foreign_iframe(self):
        """A title containing 'src=' does not keep a foreign iframe alive."""
        html = '<iframe title=\'a" src="b\' src="https://evil.example/x"></iframe>'
        self.assertEqual(clean_html(html), "")

    def test_upper_case_iframe_removed(self):
        """Tag and attribute case does not matter."""
        self.assertEqual(clean_html('<IFRAME SRC="https://evil.example/x"></IFRAME>'), "")


class OtherMarkupTests(SimpleTestCase):
    """Styles, foreign content, forms, plugins and data URIs."""

    def test_style_element_and_attribute_removed(self):
        """<style> (with its rules) and style attributes are removed."""
        html = '<style>p{color:red}</style><p style="background:url(javascript:x)">t</p>'
        self.assertEqual(clean_html(html), "<p>t</p>")

    def test_data_uri_image_loses_src(self):
        """An image embedded as a data: URI loses its src; alt text stays."""
        html = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="ảnh">'
        self.assertEqual(clean_html(html), '<img alt="ảnh">')

    def test_svg_and_math_removed(self):
        """SVG and MathML (script-capable foreign content) are removed with their children."""
        html = '<svg onload="alert(1)"><circle r="1"/></svg><math><mi>x</mi></math><p>t</p>'
        self.assertEqual(clean_html(html), "<p>t</p>")

    def test_form_controls_removed(self):
        """Forms and inputs (phishing a password) are removed; visible text stays."""
        html = (
            '<form action="https://evil"><input name="p" type="password">'
            "<button>Gửi</button></form>"
        )
        self.assertEqual(clean_html(html), "Gửi")

    def test_object_embed_base_meta_removed(self):
        """Plugins, <base> and <meta refresh> are removed."""
        html = (
            '<object data="x.swf"></object><embed src="x.swf"><base href="https://evil/">'
            '<meta http-equiv="refresh" content="0;url=https://evil">'
        )
        self.assertEqual(clean_html(html), "")


class KeptMarkupTests(SimpleTestCase):
    """What editors need survives cleaning unchanged."""

    def test_editor_markup_kept(self):
        """Headings, emphasis, lists, quotes, tables and figures are kept."""
        html = (
            "<h2>Tiêu đề</h2><h3>Mục</h3><h4>Tiểu mục</h4>"
            "<p><strong>Đậm</strong> và <em>nghiêng</em></p>"
            "<ul><li>một</li></ul><ol><li>hai</li></ol>"
            "<blockquote><p>Trích dẫn</p></blockquote>"
            '<table><tbody><tr><th scope="col">A</th><td colspan="2">B</td></tr></tbody></table>'
            '<figure><img src="/media/uploads/2026/11/a.jpg" alt="Ảnh">'
            "<figcaption>Chú thích</figcaption></figure>"
        )
        self.assertEqual(clean_html(html), html)

    def test_vietnamese_text_is_normalized_to_nfc(self):
        """Text typed with combining accents is stored precomposed (NFC)."""
        import unicodedata

        decomposed = unicodedata.normalize("NFD", "<p>Nâng cao chất lượng</p>")
        self.assertEqual(clean_html(decomposed), "<p>Nâng cao chất lượng</p>")

    def test_empty_body(self):
        """An empty or missing body stays empty."""
        self.assertEqual((clean_html(""), clean_html(None)), ("", ""))


class ModelSaveTests(TestCase):
    """Article.save() cleans the body whatever path stores it."""

    def test_saved_body_is_clean(self):
        """A body created from code is stored cleaned."""
        article = make_article(
            body='<p>Tin</p><script>alert(1)</script><a href="javascript:x">l</a>'
        )
        article.refresh_from_db()
        self.assertEqual(article.body, '<p>Tin</p><a rel="noopener noreferrer">l</a>')


class AlignmentTests(SimpleTestCase):
    """Alignment survives as one of a few fixed classes; nothing else of a style does."""

    def test_text_align_on_a_paragraph_becomes_its_class(self):
        """ "text-align: center" written by Word or TinyMCE becomes class="text-center"."""
        for align in ("left", "center", "right", "justify"):
            with self.subTest(align):
                self.assertEqual(
                    clean_html(f'<p style="text-align: {align};">Kính gửi</p>'),
                    f'<p class="text-{align}">Kính gửi</p>',
                )

    def test_headings_list_items_and_cells_keep_their_alignment(self):
        """Centred headings, right-aligned signatures in cells: every block of the list."""
        for tag in ("h2", "h3", "h4", "li", "td", "th", "blockquote", "div", "figcaption"):
            with self.subTest(tag):
                html = f'<{tag} style="text-align:right">x</{tag}>'
                if tag in ("td", "th"):
                    html = f"<table><tr>{html}</tr></table>"
                self.assertIn('class="text-right"', clean_html(html))

    def test_picture_alignment_from_tinymce_styles_and_classes(self):
        """float left/right and the auto-margin centring become the picture's class."""
        cases = {
            '<img src="a.jpg" style="float: left;">': '<img src="a.jpg" class="image-left">',
            '<img src="a.jpg" style="float:right">': '<img src="a.jpg" class="image-right">',
            '<img src="a.jpg" style="display: block; margin-left: auto; margin-right: auto;">': (
                '<img src="a.jpg" class="image-center">'
            ),
            '<img src="a.jpg" class="image-center">': '<img src="a.jpg" class="image-center">',
        }
        for html, expected in cases.items():
            with self.subTest(html):
                self.assertEqual(clean_html(html), expected)

    def test_captioned_picture_keeps_tinymce_marker_and_alignment(self):
        """<figure class="image image-center"> stays: TinyMCE finds captions by "image"."""
        html = (
            '<figure class="image image-center"><img src="a.jpg">'
            "<figcaption>Ảnh: Hà</figcaption></figure>"
        )
        self.assertEqual(clean_html(html), html)

    def test_hostile_style_values_leave_nothing(self):
        """Expressions, urls, escapes, comments, imports: the style goes, no class comes."""
        for style in (
            "text-align: expression(alert(1))",
            "text-align: center expression(alert(1))",
            "text-align: url(javascript:alert(1))",
            "text-align: \\63 enter",
            "text-align: cent/**/er",
            "text-align: center !important",
            "text-align:center\x00",
            "@import url(//evil.example/x.css)",
            "background-image: url(javascript:alert(1))",
            "position: fixed; top: 0; left: 0; width: 100%; height: 100%",
            "behavior: url(x.htc)",
            "float: left",  # no float on a paragraph
            "text-align: start",
        ):
            with self.subTest(style):
                cleaned = clean_html(f'<p style="{style}">x</p>')
                self.assertEqual(cleaned, "<p>x</p>")

    def test_alignment_is_kept_and_every_other_declaration_dropped(self):
        """Word's "text-align:center; font-family:Times" keeps only the alignment."""
        html = '<p style="TEXT-ALIGN:center;font-family:Times;color:red">x</p>'
        self.assertEqual(clean_html(html), '<p class="text-center">x</p>')

    def test_no_style_attribute_ever_reaches_readers(self):
        """Whatever the input, the stored body has no style attribute."""
        for html in (
            '<p style="text-align:center">a</p>',
            '<img src="a.jpg" style="float:left; border: 0">',
            '<span style="text-align:center">a</span>',
            '<table style="width:100%"><tr><td style="text-align:center">a</td></tr></table>',
        ):
            with self.subTest(html):
                self.assertNotIn("style", clean_html(html))

    def test_unknown_classes_are_dropped(self):
        """Only the alignment classes (and figure's "image") survive; MsoNormal does not."""
        self.assertEqual(
            clean_html('<p class="MsoNormal text-center evil">x</p>'),
            '<p class="text-center">x</p>',
        )
        self.assertEqual(clean_html('<p class="image-left">x</p>'), "<p>x</p>")

    def test_a_quote_inside_a_title_cannot_forge_a_class(self):
        """Text that looks like an attribute inside another attribute stays text."""
        cleaned = clean_html('<p title="x&quot; class=&quot;evil" style="text-align:left">t</p>')
        self.assertEqual(cleaned, '<p title="x&quot; class=&quot;evil" class="text-left">t</p>')

    def test_tinymce_english_caption_never_reaches_readers(self):
        """A caption left as TinyMCE wrote it ("Caption", or our "Chú thích ảnh") goes."""
        for caption in ("Caption", "Chú thích ảnh"):
            with self.subTest(caption):
                html = f'<figure class="image"><img src="a.jpg"><figcaption>{caption}</figcaption>'
                self.assertNotIn("figcaption", clean_html(html))

    def test_an_empty_aligned_paragraph_is_dropped_like_any_empty_one(self):
        """A centred &nbsp; paragraph is spacing, not text."""
        self.assertEqual(clean_html('<p style="text-align:center">&nbsp;</p><p>a</p>'), "<p>a</p>")
