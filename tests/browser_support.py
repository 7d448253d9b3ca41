"""What the browser tests share: Debian's Chromium driven by Playwright (never a browser
download), the app served on a free loopback port, console errors collected, signing in."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
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


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app on a free loopback port, as its base URL. Closing waits for every request thread,
    so a media file or poster whose request the browser dropped is closed before the test ends
    (an unclosed file is a ResourceWarning, which fails the test that happens to be running)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium(*extra_args: str) -> Iterator[Any]:
    """A headless Chromium browser (Playwright's Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*LAUNCH_ARGS, *extra_args]
        )
        try:
            yield browser
        finally:
            browser.close()


def watched(page: Any) -> Any:
    """The page, collecting the console's errors in page.console_errors."""
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .account .who")
