"""Editors in a real browser (Debian's Chromium via Playwright): sign in through the form, confirm
a suggestion with the keyboard in the review queue; and no page breaks its own CSP."""

import shutil
import threading
from pathlib import Path

import pytest
from conftest import PASSWORD
from werkzeug.serving import make_server

from media_catalog.models import Annotation

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh --tests)"
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_catalog(app, demo_catalog):  # type: ignore[no-untyped-def]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        page = browser.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        yield page
        browser.close()


def sign_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .account .who")


def test_confirm_a_suggestion_with_the_keyboard(live_catalog, page, add_user, demo_catalog) -> None:
    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/review?media=interview-historian")
    second = page.locator("li.suggestion").nth(1)
    annotation_id = int(second.get_attribute("data-id"))
    page.keyboard.press("j")  # first suggestion
    page.keyboard.press("j")  # second
    page.keyboard.press("c")
    page.wait_for_selector(f"li.suggestion.decided[data-id='{annotation_id}']")
    assert second.get_attribute("data-status") == "confirmed"
    assert page.evaluate("document.activeElement.dataset.id") == page.locator("li.suggestion").nth(
        2
    ).get_attribute("data-id")  # focus moved on to the next one
    with demo_catalog() as session:
        annotation = session.get(Annotation, annotation_id)
        assert (annotation.status, annotation.version) == ("confirmed", 2)
    first_id = int(page.locator("li.suggestion").nth(0).get_attribute("data-id"))
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("r")
    page.wait_for_selector(f"li.suggestion.decided[data-id='{first_id}']")
    with demo_catalog() as session:
        assert session.get(Annotation, first_id).status == "rejected"
    # The browser's own favicon request is the only 404 a page makes; no script errors.
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []


def test_pages_raise_no_content_security_policy_errors(live_catalog, page, add_user) -> None:
    sign_in(page, live_catalog, add_user("admin"))
    for path in ("/", "/people", "/media/interview-historian", "/review", "/admin/grants"):
        page.goto(f"{live_catalog}{path}")
        page.wait_for_load_state("load")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
