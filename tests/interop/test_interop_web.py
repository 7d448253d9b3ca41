"""The exchange formats on the web, over the demo catalog: IIIF manifests validated with the
iiif-prezi3 models, W3C Web Annotations of a media item and of an entity, WebVTT chapters (read
back by the chapters importer) and metadata tracks, OHMS downloads; restricted material absent
for those not allowed."""

import json
import xml.etree.ElementTree as ET

import pytest
from iiif_prezi3 import Manifest
from sqlalchemy import select

from media_catalog import catalog
from media_catalog.chapters import add_chapter, chapters_of, import_webvtt_chapters
from media_catalog.db import transaction
from media_catalog.formats.cues import parse_cues
from media_catalog.models import Annotation, Film, MediaItem, Segment, Transcript

RESTRICTED_ITEM = "refusenik-seminar-moscow-flat-circa-1978"
PASSAGE_ITEM = "interview-refusenik"  # public, with a restricted passage
PASSAGE_WORDS = "psychiatric"


@pytest.fixture
def chaptered(demo_catalog):  # type: ignore[no-untyped-def]
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        add_chapter(session, None, item, title="Начало", start_ms=0, language="ru")
        add_chapter(session, None, item, title="The trials", start_ms=20_000, end_ms=40_000)
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        film.running_time_ms = 600_000
        add_chapter(session, None, film, title="Opening", start_ms=0, end_ms=90_000)
    return demo_catalog


def _annotations(document: dict) -> list[dict]:  # type: ignore[type-arg]
    canvas = document["items"][0]
    pages = [p for p in canvas.get("annotations", []) if p["id"].endswith("/page/annotations")]
    return pages[0]["items"] if pages else []


def test_manifest_is_valid_iiif_presentation_3(client, chaptered) -> None:
    response = client.get("/iiif/interview-historian/manifest.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.get_json(force=True)
    Manifest.model_validate(document)  # raises on anything the models refuse
    canvas = document["items"][0]
    assert canvas["type"] == "Canvas" and canvas["duration"] > 0
    captions = [p for p in canvas["annotations"] if p["id"].endswith("/page/captions")][0]
    bodies = [a["body"] for a in captions["items"]]
    assert all(a["motivation"] == "supplementing" for a in captions["items"])
    assert [(b["format"], b["language"]) for b in bodies] == [("text/vtt", "en")]
    assert document["rendering"][0]["id"] == bodies[0]["id"]
    vtt = client.get(bodies[0]["id"])
    assert vtt.status_code == 200 and vtt.get_data(as_text=True).startswith("WEBVTT")
    assert vtt.headers["Access-Control-Allow-Origin"] == "*"
    ranges = document["structures"][0]["items"]
    assert [r["label"] for r in ranges] == [{"ru": ["Начало"]}, {"none": ["The trials"]}]
    assert ranges[1]["items"][0]["id"] == canvas["id"] + "#t=20,40"
    annotations = _annotations(document)
    with chaptered() as session:
        item = catalog.media_item(session, None, "interview-historian")
        expected = catalog.media_annotations(session, None, item)
    assert len(annotations) == len(expected) > 0
    assert all(a["target"]["source"] == canvas["id"] for a in annotations)
    assert all(a["type"] == "Annotation" and a["body"] for a in annotations)


def test_manifest_of_a_video_clip_paints_its_media(client, demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        item = session.scalar(
            select(MediaItem).where(MediaItem.slug == "leningrad-court-exterior-1970-12")
        )
        item.media_status, item.media_path, item.duration_ms = "ok", "clip.mp4", 12_000
        item.technical = {"video_codec": "h264", "width": 640, "height": 360}
        item.poster_path = "derived/court/poster.jpg"
    document = client.get("/iiif/leningrad-court-exterior-1970-12/manifest.json").get_json(
        force=True
    )
    Manifest.model_validate(document)
    canvas = document["items"][0]
    (painting,) = canvas["items"][0]["items"]
    assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
    assert painting["body"]["type"] == "Video" and painting["body"]["format"] == "video/mp4"
    assert (canvas["width"], canvas["height"], canvas["duration"]) == (640, 360, 12.0)
    assert document["thumbnail"][0]["id"].endswith("/file/poster")


def test_restricted_material_is_absent_for_the_public(client, demo_catalog, login_as) -> None:
    with transaction(demo_catalog) as session:  # a tag on the restricted passage's stretch
        passage = session.scalar(
            select(Segment)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == PASSAGE_ITEM, Segment.restricted.is_(True))
        )
        session.add(
            Annotation(
                media_item_id=passage.transcript.media_item_id,
                start_ms=passage.start_ms,
                end_ms=passage.end_ms,
                tag="hospital-record",
                origin="editor",
                status="confirmed",
            )
        )
    for url in (
        f"/iiif/{RESTRICTED_ITEM}/manifest.json",
        f"/media/{RESTRICTED_ITEM}/annotations.jsonld",
        f"/media/{RESTRICTED_ITEM}/metadata.vtt",
        f"/media/{RESTRICTED_ITEM}/ohms.xml",
        f"/media/{RESTRICTED_ITEM}/chapters.vtt",
    ):
        assert client.get(url).status_code == 404, url
    public = client.get(f"/iiif/{PASSAGE_ITEM}/manifest.json").get_json(force=True)
    public_ohms = client.get(f"/media/{PASSAGE_ITEM}/ohms.xml").get_data(as_text=True)
    public_captions = client.get(f"/iiif/{PASSAGE_ITEM}/captions/en.vtt").get_data(as_text=True)
    login_as("editor")
    assert client.get(f"/iiif/{RESTRICTED_ITEM}/manifest.json").status_code == 200
    editor = client.get(f"/iiif/{PASSAGE_ITEM}/manifest.json").get_json(force=True)
    editor_captions = client.get(f"/iiif/{PASSAGE_ITEM}/captions/en.vtt").get_data(as_text=True)
    assert len(_annotations(public)) < len(_annotations(editor))
    assert "hospital-record" in json.dumps(editor) and "hospital-record" not in json.dumps(public)
    assert PASSAGE_WORDS in editor_captions
    assert PASSAGE_WORDS not in public_captions and PASSAGE_WORDS not in public_ohms


def test_web_annotations_of_a_media_item(client, demo_catalog) -> None:
    response = client.get("/media/interview-historian/annotations.jsonld")
    assert response.status_code == 200 and "ld+json" in response.content_type
    collection = response.get_json(force=True)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) > 0
    for annotation in items:
        assert annotation["type"] == "Annotation"
        assert annotation["target"]["source"].endswith("/media/interview-historian")
        selectors = annotation["target"]["selector"]
        selectors = selectors if isinstance(selectors, list) else [selectors]
        assert selectors[0]["type"] == "FragmentSelector"
        assert selectors[0]["value"].startswith("t=")
    # Each id is a fragment of its media item's collection, the same from an entity's export.
    assert all(
        a["id"].startswith(
            "http://localhost/media/interview-historian/annotations.jsonld#annotation-"
        )
        for a in items
    )
    mention = next(
        a
        for a in items
        if a["motivation"] == "identifying" and isinstance(a["target"]["selector"], list)
    )
    quote = mention["target"]["selector"][1]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"]
    assert mention["body"][0]["source"]["id"].startswith("http://localhost/entities/")


def test_web_annotations_of_an_entity_cover_every_visible_moment(
    client, demo_catalog, login_as
) -> None:
    public = client.get("/entities/natan-sharansky/annotations.jsonld").get_json(force=True)
    items = public["first"]["items"]
    assert items and all(a["body"][0]["source"]["label"] == "Natan Sharansky" for a in items)
    media = {a["target"]["source"].rsplit("/", 1)[1] for a in items}
    for annotation in items:
        collection, _, fragment = annotation["id"].partition("#")
        assert f"/media/{annotation['target']['source'].rsplit('/', 1)[1]}/" in collection
        ids = {a["id"] for a in client.get(collection).get_json(force=True)["first"]["items"]}
        assert annotation["id"] in ids and fragment.startswith("annotation-")
    assert len(media) > 1 and RESTRICTED_ITEM not in media
    with demo_catalog() as session:
        entity = catalog.entity_by_slug(session, None, "natan-sharansky")
        page = catalog.entity_page(session, None, entity)  # every annotation, not moments
        assert public["total"] == sum(len(moments) for _, moments in page.moments_by_media)
    assert client.get("/entities/no-such-person/annotations.jsonld").status_code == 404


def test_chapters_track_reads_back_through_the_chapters_importer(
    client, chaptered, tmp_path
) -> None:
    response = client.get("/media/interview-historian/chapters.vtt")
    assert response.status_code == 200 and response.mimetype == "text/vtt"
    path = tmp_path / "chapters.vtt"
    path.write_bytes(response.data)
    with transaction(chaptered) as session:
        target = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-organizer"))
        import_webvtt_chapters(session, None, target, path)
    with chaptered() as session:
        source = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        target = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-organizer"))
        got = [(c.title, c.start_ms) for c in chapters_of(session, target)]
        assert got == [(c.title, c.start_ms) for c in chapters_of(session, source)]
        assert chapters_of(session, target)[1].end_ms == 40_000
    film = client.get("/films/refusenik/chapters.vtt").get_data(as_text=True)
    assert "00:00:00.000 --> 00:01:30.000\nOpening" in film


def test_metadata_track_carries_one_json_payload_per_annotation(client, demo_catalog) -> None:
    response = client.get("/media/interview-historian/metadata.vtt")
    assert response.status_code == 200
    cues = parse_cues(response.get_data(as_text=True), "vtt").cues
    payloads = [json.loads(cue.text) for cue in cues]
    with demo_catalog() as session:
        item = catalog.media_item(session, None, "interview-historian")
        moments = catalog.media_annotations(session, None, item)
    assert len(payloads) == len(moments) > 0
    assert [c.start_ms for c in cues] == sorted(m.annotation.start_ms for m in moments)
    entities = {p["entity"]["name"] for p in payloads if "entity" in p}
    assert "Natan Sharansky" in entities


def test_ohms_download_is_an_ohms_file(client, demo_catalog) -> None:
    response = client.get("/media/interview-refusenik/ohms.xml?version=6.0")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    record = ET.fromstring(response.data).find("{https://www.weareavp.com/nunncenter/ohms}record")
    ns = "{https://www.weareavp.com/nunncenter/ohms}"
    assert record.findtext(f"{ns}version") == "6.0"
    assert record.findtext(f"{ns}vtt_transcript").startswith("WEBVTT")
    assert client.get("/media/interview-refusenik/ohms.xml?version=9").status_code == 400
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-refusenik"))
        item.media_status, item.media_path = "ok", "interview-refusenik.mp4"
        item.technical = {"video_codec": "h264"}
    record = ET.fromstring(client.get("/media/interview-refusenik/ohms.xml").data).find(
        f"{ns}record"
    )
    assert record.findtext(f"{ns}media_url").endswith("/media/interview-refusenik/file/original")
    assert record.findtext(f"{ns}mediafile/{ns}clip_format") == "video"
    assert record.findtext(f"{ns}sync").startswith("1:|")


def test_the_player_links_every_format(client, demo_catalog) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/media/interview-student").data, "html.parser")
    links = page.select("details.exchange a")
    assert [a.get_text(strip=True) for a in links] == [
        "IIIF manifest",
        "Web Annotations",
        "chapters",
        "annotations (metadata track)",
        "5.4",
        "6.0",
    ]
    for link in links:
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_every_demo_manifest_validates(client, demo_catalog, login_as) -> None:
    login_as("editor")  # restricted items too
    with demo_catalog() as session:
        slugs = list(session.scalars(select(MediaItem.slug)))
    for slug in slugs:
        Manifest.model_validate(client.get(f"/iiif/{slug}/manifest.json").get_json(force=True))
