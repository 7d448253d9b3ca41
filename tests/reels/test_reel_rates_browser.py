"""An editor in a real browser (Debian's Chromium via Playwright) exports a reel mixing 5 to 50 fps
sources from the reel page in all four timeline formats, by the download links and by the export
form with a sequence rate; each file reads back (OTIO, and pycmx for the EDL) with every clip."""

import io
from pathlib import Path

import opentimelineio as otio
import pycmx
import pytest
from browser_support import chromium, needs_chromium, served, watched
from reelkit import PASSWORD, SOURCES, mixed_reel_fixture  # noqa: F401 (fixture)

from media_catalog.reels import conform, timelines

pytestmark = needs_chromium


@pytest.fixture
def page(app, demo_catalog, mixed_reel):  # type: ignore[no-untyped-def]
    with served(app) as base, chromium() as browser:
        page = watched(browser.new_context(accept_downloads=True).new_page())
        page.goto(f"{base}/login")
        page.fill("#email", "cutter@example.org")
        page.fill("#password", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_selector("header .account .who")
        page.goto(f"{base}/reels/{mixed_reel}")
        yield page


def _read(path: str, fmt: str, rate: str | None = None) -> list[otio.schema.Clip]:
    """The file's clips as OTIO reads them; an EDL at its sequence rate (the typed one, else
    the one the page chose: the reel's most common the EDL carries), and by pycmx too."""
    text = Path(path).read_text(encoding="utf-8")
    if fmt != "edl":
        return list(otio.adapters.read_from_string(text, timelines.FORMATS[fmt][0]).find_clips())
    assert len(list(pycmx.parse_cmx3600(io.StringIO(text)).events)) == len(SOURCES)
    sequence = conform.sequence_rate("edl", [r for _s, r, _t in SOURCES], rate)
    timeline = otio.adapters.read_from_string(text, "cmx_3600", rate=float(sequence))
    return list(timeline.find_clips())


@pytest.mark.parametrize(
    "fmt, link",
    [
        ("edl", "CMX 3600 EDL"),
        ("fcp7", "Final Cut Pro 7 XML"),
        ("fcpxml", "FCPXML"),
        ("otio", "OpenTimelineIO (.otio)"),
    ],
)
def test_a_mixed_rate_reel_downloads_in_every_format(page, mixed_reel, fmt, link) -> None:
    with page.expect_download() as info:
        page.click(f"ul.downloads >> text={link}")
    download = info.value
    assert download.suggested_filename == f"{mixed_reel}.{timelines.FORMATS[fmt][1]}"
    assert len(_read(download.path(), fmt)) == len(SOURCES)

    # The export form: the same format at a sequence rate typed as editors type it.
    page.fill("#export-rate", "29.97")
    page.select_option("#export-format", fmt)
    with page.expect_download() as info:
        page.click("form.export-rate button")
    assert len(_read(info.value.path(), fmt, "29.97")) == len(SOURCES)
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []
