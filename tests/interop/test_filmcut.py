"""The film's own cut: an EDL made here (with a deliberately unmatched event and one whose
timecode lies outside its source) mapped scene by scene to the demo sources; the film page,
the sources' pages and the finished film's player; editors resolving what did not match."""

import re

import opentimelineio as otio
import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog.db import transaction
from media_catalog.errors import IngestError
from media_catalog.ingest.filmcut import import_cut, read_timeline, scenes
from media_catalog.models import AuditEvent, Film, FilmCutEvent, FilmUse, MediaItem

EDL = """\
TITLE: REFUSENIK FINAL CUT
FCM: NON-DROP FRAME

001  HIST01   V     C        01:00:10:00 01:00:20:00 01:00:00:00 01:00:10:00
* FROM CLIP NAME: Historian interview
002  LENCOURT V     C        01:00:02:00 01:00:06:00 01:00:10:00 01:00:14:00
* FROM CLIP NAME: DEMO-NA-1970-118
003  SEMINAR  V     C        00:00:01:00 00:00:03:00 01:00:14:00 01:00:16:00
* FROM CLIP NAME: refusenik-seminar-moscow-flat-circa-1978
004  UNKNOWN1 V     C        00:00:00:00 00:00:05:00 01:00:16:00 01:00:21:00
* FROM CLIP NAME: Lost roll from Kiev
005  HIST01   V     C        03:00:00:00 03:00:05:00 01:00:21:00 01:00:26:00
"""


@pytest.fixture
def sources(demo_catalog):  # type: ignore[no-untyped-def]
    """Demo sources with the identifiers and start timecodes an edit room would see."""
    with transaction(demo_catalog) as session:
        items = {i.slug: i for i in session.scalars(select(MediaItem))}
        historian = items["interview-historian"]
        historian.identifier, historian.start_timecode = "HIST01", "01:00:00:00"
        historian.frame_rate, historian.duration_ms = 25, 600_000
        court = items["leningrad-court-exterior-1970-12"]
        court.start_timecode, court.frame_rate, court.duration_ms = "01:00:00:00", 25, 35_000
        seminar = items["refusenik-seminar-moscow-flat-circa-1978"]
        seminar.start_timecode, seminar.duration_ms = None, 20_000
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        session.add(
            MediaItem(
                slug="refusenik-the-film",
                kind="film",
                title="Refusenik (2007)",
                films=[film],
                duration_ms=26_000,
            )
        )
    return demo_catalog


@pytest.fixture
def cut(sources, write):  # type: ignore[no-untyped-def]
    path = write("refusenik.edl", EDL)
    with transaction(sources) as session:
        result = import_cut(session, "refusenik", path, 25)
    return result


def test_edl_events_are_mapped_to_their_sources(cut, sources) -> None:
    assert cut.matched == 3, [(e.event, e.reason) for e in cut.unmatched]
    reasons = {e.event: e.reason for e in cut.unmatched}
    assert (
        reasons["004"] == "no media item has the reel or clip name UNKNOWN1 / Lost roll from Kiev"
    )
    assert reasons["005"].startswith(
        "source 03:00:00:00–03:00:05:00 is outside interview-historian"
    )
    with sources() as session:
        uses = session.execute(
            select(MediaItem.slug, FilmUse.source_in_ms, FilmUse.source_out_ms, FilmUse.film_in_ms)
            .join(FilmUse, FilmUse.media_item_id == MediaItem.id)
            .order_by(FilmUse.film_in_ms)
        ).all()
        assert uses == [
            ("interview-historian", 10_000, 20_000, 0),
            ("leningrad-court-exterior-1970-12", 2_000, 6_000, 10_000),
            ("refusenik-seminar-moscow-flat-circa-1978", 1_000, 3_000, 14_000),
        ]
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        assert film.running_time_ms is None  # a cut may be a part of the film: it says nothing
        public = [s.media.slug for s in scenes(session, None, film)]
        assert public == [
            "interview-historian",
            "leningrad-court-exterior-1970-12",
        ]  # restricted left out


def test_importing_the_cut_again_replaces_it(cut, sources, write) -> None:
    path = write("refusenik.edl", EDL)
    with transaction(sources) as session:
        assert import_cut(session, "refusenik", path, 25).status == "unchanged"
    path = write("refusenik.edl", EDL + "\n")  # changed: imported again, in place of the first
    with transaction(sources) as session:
        assert import_cut(session, "refusenik", path, 25).status == "imported"
    with sources() as session:
        assert session.scalar(select(func.count()).select_from(FilmUse)) == 3
        assert session.scalar(select(func.count()).select_from(FilmCutEvent)) == 5


def test_film_page_shows_scene_by_scene_which_source_is_on_screen(client, cut) -> None:
    page = BeautifulSoup(client.get("/films/refusenik").data, "html.parser")
    rows = page.select("table.scenes tbody tr")
    assert [r.find("a").get_text(strip=True) for r in rows][0].startswith("Interview")
    assert len(rows) == 2
    first = rows[0].find_all("td")
    assert first[0].get_text(" ", strip=True) == "00:00:00 – 00:00:10"
    behind = rows[0].find("a", string=lambda s: s and "behind this scene" in s)
    assert behind["href"] == "/media/interview-historian?t=10.0"
    scenes_page = BeautifulSoup(client.get("/films/refusenik/scenes").data, "html.parser")
    assert len(scenes_page.select("table.scenes tbody tr")) == 2
    assert "seminar" not in client.get("/films/refusenik/scenes").get_data(as_text=True).lower()


def test_each_source_page_says_where_it_is_in_the_film(client, cut) -> None:
    page = BeautifulSoup(client.get("/media/leningrad-court-exterior-1970-12").data, "html.parser")
    (entry,) = page.select("ul.in-films li")
    assert "in Refusenik at 00:00:10" in entry.get_text(" ", strip=True)
    assert entry.find("a")["href"].startswith("/media/leningrad-court-exterior-1970-12?t=2,6")


def test_the_film_player_offers_the_full_interview_behind_each_scene(client, cut) -> None:
    page = BeautifulSoup(client.get("/media/refusenik-the-film").data, "html.parser")
    items = page.select("ol.behind-scenes li")
    assert [li["data-from"] for li in items] == ["0", "10000"]
    link = items[0].find("a", string=lambda s: s and "full interview behind this scene" in s)
    assert link["href"] == "/media/interview-historian?t=10.0"
    assert page.find("script", src="/static/scenes.js") is not None


def test_editors_resolve_unmatched_events(client, cut, sources, login_as, write) -> None:
    assert client.get("/films/refusenik/cut/unmatched").status_code == 302  # sign in first
    login_as("editor")
    page = BeautifulSoup(client.get("/films/refusenik/cut/unmatched").data, "html.parser")
    rows = page.select("table.unmatched tbody tr")
    assert [r.find("td").get_text(strip=True) for r in rows] == ["004", "005"]
    assert "UNKNOWN1" in rows[0].get_text()
    action = rows[0].find("form")["action"]
    token = csrf_token_of(client)
    client.post(action, data={"csrf_token": token, "media": ""})
    assert "choose the interview or clip" in client.get("/films/refusenik/cut/unmatched").get_data(
        as_text=True
    )
    bad = client.post(
        action, data={"csrf_token": token, "media": "interview-historian", "source_in": "9999"}
    )
    assert bad.status_code == 302
    assert "past the end of interview-historian" in client.get(
        "/films/refusenik/cut/unmatched"
    ).get_data(as_text=True)
    response = client.post(
        action, data={"csrf_token": token, "media": "interview-historian", "source_in": "42.5"}
    )
    assert response.status_code == 302
    page = BeautifulSoup(client.get("/films/refusenik/cut/unmatched").data, "html.parser")
    assert [r.find("td").get_text(strip=True) for r in page.select("table.unmatched tbody tr")] == [
        "005"
    ]
    with sources() as session:
        event = session.scalar(select(FilmCutEvent).where(FilmCutEvent.event == "004"))
        assert (event.status, event.resolved_by) == ("resolved", "editor@example.org")
        assert (event.film_use.source_in_ms, event.film_use.source_out_ms) == (42_500, 47_500)
        assert session.scalar(select(AuditEvent).where(AuditEvent.object_type == "film_cut_event"))
    assert client.post(action, data={"media": "interview-historian"}).status_code == 400  # no CSRF
    # A re-cut that still has the event keeps the editor's choice; the rest is matched afresh.
    with transaction(sources) as session:
        again = import_cut(session, "refusenik", write("recut.edl", EDL), 25)
    assert (again.matched, again.resolved, [e.event for e in again.unmatched]) == (3, 1, ["005"])
    with sources() as session:
        event = session.scalar(select(FilmCutEvent).where(FilmCutEvent.event == "004"))
        assert (event.status, event.resolved_by, event.film_use.source_in_ms) == (
            "resolved",
            "editor@example.org",
            42_500,
        )


def test_cli_reports_the_unmatched_events(runner, sources, write) -> None:
    path = write("refusenik.edl", EDL)
    result = runner.invoke(args=["import-cut", "refusenik", str(path), "--fps", "25"])
    assert result.exit_code == 0, result.output
    assert "3 event(s) matched, 2 unmatched" in result.output
    assert "unmatched: event 004 UNKNOWN1 at 00:00:00:00: no media item" in result.output


def test_an_otio_timeline_imports_like_an_edl(sources, tmp_path) -> None:
    timeline = otio.schema.Timeline(name="cut")
    track = otio.schema.Track(kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    track.append(
        otio.schema.Gap(
            source_range=otio.opentime.TimeRange(duration=otio.opentime.RationalTime(50, 25))
        )
    )
    track.append(
        otio.schema.Clip(
            name="leningrad-court-exterior-1970-12",
            source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(90_000 + 250, 25), otio.opentime.RationalTime(100, 25)
            ),
        )
    )
    path = tmp_path / "cut.otio"
    otio.adapters.write_to_file(timeline, str(path))
    with transaction(sources) as session:
        result = import_cut(session, "refusenik", path)
    assert result.matched == 1 and not result.unmatched
    with sources() as session:
        use = session.scalar(select(FilmUse))
        assert (use.film_in_ms, use.source_in_ms, use.source_out_ms) == (2_000, 10_000, 14_000)


@pytest.mark.parametrize(
    "name, text, reason",
    [
        (
            "cut.edl",
            "TITLE: X\n\n001  AX V C 00:00:0 garbage\n",
            "not a readable cmx_3600 timeline",
        ),
        ("cut.edl", "TITLE: EMPTY\n", "no video events"),
        ("cut.xml", "<xml/>", "an .edl (CMX 3600) or .otio file"),
    ],
)
def test_bad_cuts_are_refused_and_change_nothing(
    sources, write, snapshot, name, text, reason
) -> None:
    path = write(name, text)
    before = snapshot()
    with pytest.raises(IngestError, match=re.escape(reason)), transaction(sources) as session:
        import_cut(session, "refusenik", path)
    assert snapshot() == before


def test_read_timeline_gives_film_times_from_the_record_timecode(write) -> None:
    events = read_timeline(write("x.edl", EDL), 25)
    assert [(e.event, e.film_in_ms, e.film_out_ms) for e in events][:2] == [
        ("001", 0, 10_000),
        ("002", 10_000, 14_000),
    ]
    assert events[0].reel == "HIST01" and events[0].clip_name == "Historian interview"


def test_the_demo_film_has_its_cut(client, demo_catalog, login_as) -> None:
    """films/refusenik.edl comes in with the demo catalog: scenes for the public without the
    restricted clip, and the roll nobody catalogued waiting for an editor."""
    public = BeautifulSoup(client.get("/films/refusenik/scenes").data, "html.parser")
    sources = [r.find("a")["href"] for r in public.select("table.scenes tbody tr")]
    assert len(sources) == 7 and "/media/interview-refusenik" in sources
    assert "/media/refusenik-seminar-moscow-flat-circa-1978" not in sources
    login_as("editor")
    editor = BeautifulSoup(client.get("/films/refusenik/scenes").data, "html.parser")
    assert len(editor.select("table.scenes tbody tr")) == 8
    unmatched = BeautifulSoup(client.get("/films/refusenik/cut/unmatched").data, "html.parser")
    (row,) = unmatched.select("table.unmatched tbody tr")
    assert (
        "KIEV01" in row.get_text() and "no media item has the reel or clip name" in row.get_text()
    )


def test_the_film_manifest_has_its_scenes_as_ranges(client, cut, login_as) -> None:
    from iiif_prezi3 import Manifest

    public = client.get("/iiif/refusenik-the-film/manifest.json").get_json(force=True)
    Manifest.model_validate(public)
    scenes = next(r for r in public["structures"] if r["id"].endswith("/range/scenes"))
    labels = [r["label"]["none"][0] for r in scenes["items"]]
    assert labels[0].startswith("Interview: Miriam Halpern") and len(labels) == 2
    assert scenes["items"][1]["items"][0]["id"].endswith("/canvas/1#t=10,14")
    login_as("editor")
    editor = client.get("/iiif/refusenik-the-film/manifest.json").get_json(force=True)
    scenes = next(r for r in editor["structures"] if r["id"].endswith("/range/scenes"))
    assert len(scenes["items"]) == 3  # the restricted clip's scene too


def test_scene_pages_and_unmatched_events_speak_russian_and_hebrew(client, cut, login_as) -> None:
    login_as("editor")
    ru = {"Accept-Language": "ru"}
    scenes = client.get("/films/refusenik/scenes", headers=ru).get_data(as_text=True)
    assert "Сцена за сценой" in scenes and "События монтажа без источника" in scenes
    unmatched = client.get("/films/refusenik/cut/unmatched", headers={"Accept-Language": "he"})
    html = unmatched.get_data(as_text=True)
    assert 'dir="rtl"' in html and "אירועי עריכה ללא מקור" in html and "שיוך" in html
    assert "Assign each to the interview" not in html
