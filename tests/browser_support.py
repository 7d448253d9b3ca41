"""What the browser tests share: Debian's Chromium driven by Playwright (never a browser
download), the app served on a free loopback port, console errors collected, signing in."""

from __future__ import annotations

import gc
import shutil
import sys
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
    """The app on a free loopback port, as its base URL. Closing waits for every request thread.

    A video element drops its Range requests at will; werkzeug's development server can then
    leave the media file of the dropped response to the garbage collector, whose ResourceWarning
    would fail whichever test is running. Those warnings, for files under the app's MEDIA_ROOT
    only, are let go while the server runs; every other unraisable exception still fails."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _media_leaks_ignored(previous_hook, app.config["MEDIA_ROOT"])
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        gc.collect()
        sys.unraisablehook = previous_hook


def _media_leaks_ignored(hook: Any, media_root: str) -> Any:
    def unraisable(info: Any) -> None:
        name = str(getattr(info.object, "name", ""))
        dropped_stream = isinstance(info.exc_value, ResourceWarning) or "unclosed file" in str(
            info.err_msg or ""
        )
        if dropped_stream and name.startswith(str(media_root)):
            return
        hook(info)

    return unraisable


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
