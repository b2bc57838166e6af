"""The browser tests see Chromium in Vietnamese, as the portal's editors and readers do."""

import pytest

from tests.conftest import CHROMIUM_VIETNAMESE, in_ci

pytestmark = pytest.mark.browser


def test_chromium_speaks_vietnamese(browser):
    """Chromium reports Vietnamese as its language and words a required field's message in it."""
    if not CHROMIUM_VIETNAMESE.exists():
        message = f"Thiếu {CHROMIUM_VIETNAMESE}: apt-get install chromium-l10n"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    page = browser.new_page()
    page.set_content('<form><input required id="ten"><button>Gửi</button></form>')
    assert page.evaluate("navigator.language") == "vi-VN"
    assert page.evaluate("document.getElementById('ten').validationMessage") == (
        "Vui lòng điền vào trường này."
    )
    page.close()
