"""A clip from another archive carries its source's credit into every reel that uses it: the
printable shot list, the CSV, EDL comments, FCP 7 XML and FCPXML metadata, OTIO metadata; each
read back with its own reader. The media's persistent identifier travels too."""

import csv
import io
import xml.etree.ElementTree as ET

import opentimelineio as otio
import pycmx
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from reelkit import PASSWORD, make_reel, views_of

from media_catalog.reels import timelines
from media_catalog.reels.fcpxml import CREDIT_KEY, NOTES_KEY

CREDIT = "Courtesy of Demo Television News Archive (demo credit)"  # the Glienicke clip's source
MOMENTS = [
    ("interview-historian", 4_000, 12_500, "opening line"),
    ("sharansky-glienicke-bridge-1986-02-11", 2_000, 9_000, "walks across"),
]


def _views(demo_catalog):  # type: ignore[no-untyped-def]
    slug = make_reel(demo_catalog, moments=MOMENTS)
    session = demo_catalog()
    reel, views = views_of(session, slug)
    return session, reel, views


def test_edl_comments_credit_the_archive(demo_catalog) -> None:
    session, reel, views = _views(demo_catalog)
    with session:
        text = timelines.write_timeline("edl", reel.name, views)
    assert len(list(pycmx.parse_cmx3600(io.StringIO(text)).events)) == 2  # still a valid EDL
    clips = otio.adapters.read_from_string(text, "cmx_3600").find_clips()
    comments = [c.metadata.get("cmx_3600", {}).get("comments", []) for c in clips]
    assert [[c for c in found if c.startswith("CREDIT")] for found in comments] == [
        [],
        [f"CREDIT: {CREDIT}"],
    ]


def test_fcp7_fcpxml_and_otio_carry_the_credit_and_identifier(demo_catalog) -> None:
    session, reel, views = _views(demo_catalog)
    with session:
        pid = views[1].media.pid
        fcp7 = ET.fromstring(timelines.write_timeline("fcp7", reel.name, views).split("\n", 1)[1])
        fcpx = ET.fromstring(timelines.write_timeline("fcpxml", reel.name, views).split("\n", 3)[3])
        native = timelines.write_timeline("otio", reel.name, views)
    assert [c.text for c in fcp7.iter("mastercomment1")] == [CREDIT]
    credits = [m.get("value") for m in fcpx.iter("md") if m.get("key") == CREDIT_KEY]
    assert credits == [CREDIT]
    clips = list(otio.adapters.read_from_string(native, "otio_json").find_clips())
    meta = [clip.metadata["media_catalog"] for clip in clips]
    assert [m["credit"] for m in meta] == [None, CREDIT]
    assert meta[1]["pid"] == pid and meta[0]["pid"] != pid


def test_the_shot_list_and_csv_credit_the_archive(client, demo_catalog) -> None:
    session, reel, views = _views(demo_catalog)
    with session:
        rows = list(csv.DictReader(io.StringIO(timelines.write_csv(views))))
        slug, pids = reel.slug, [v.media.pid for v in views]
    assert [r["credit"] for r in rows] == ["", CREDIT]
    assert [r["pid"] for r in rows] == pids
    client.post(
        "/login",
        data={
            "email": "cutter@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token_of(client),
        },
    )
    page = BeautifulSoup(client.get(f"/reels/{slug}/shot-list").data, "html.parser")
    cells = [c.get_text() for c in page.select("td.credit-line")]
    assert cells == ["consent: public web, screening, education, broadcast", CREDIT]


def test_every_export_says_what_the_narrators_consented_to(demo_catalog) -> None:
    """The demo's Russian interview was consented for the web, screenings and teaching, not
    broadcast (its sidecar's consents); the archival clip carries no one's testimony."""
    slug = make_reel(
        demo_catalog,
        moments=[("interview-refusenik", 4_000, 12_500, "his words"), MOMENTS[1]],
    )
    session = demo_catalog()
    reel, views = views_of(session, slug)
    line = "consent: public web, screening, education; not broadcast"
    with session:
        assert [v.consent for v in views] == [line, ""]
        edl = timelines.write_timeline("edl", reel.name, views)
        fcp7 = ET.fromstring(timelines.write_timeline("fcp7", reel.name, views).split("\n", 1)[1])
        fcpx = ET.fromstring(timelines.write_timeline("fcpxml", reel.name, views).split("\n", 3)[3])
        native = timelines.write_timeline("otio", reel.name, views)
        rows = list(csv.DictReader(io.StringIO(timelines.write_csv(views))))
    clips = otio.adapters.read_from_string(edl, "cmx_3600").find_clips()
    comments = [c.metadata.get("cmx_3600", {}).get("comments", []) for c in clips]
    assert line.upper() in comments[0] and not any("CONSENT" in c for c in comments[1])
    assert [c.text for c in fcp7.iter("mastercomment2")] == [line]
    assert [m.get("value") for m in fcpx.iter("md") if m.get("key") == NOTES_KEY] == [line]
    timeline = otio.adapters.read_from_string(native, "otio_json")  # keeps its clips alive
    assert [c.metadata["media_catalog"]["consent"] for c in timeline.find_clips()] == [line, ""]
    assert [r["consent"] for r in rows] == [line, ""]
