"""OHMS files as other tools read them: every export valid against the published OHMS XSD,
and imports that keep what real files carry (index points without timing, one-letter and
multi-word speakers, subjects apart from keywords, the media's URL, kembed and format)."""

from pathlib import Path

import pytest
from lxml import etree
from ohms_samples import OHMS_54, OHMS_60
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.interop.ohms_export import export_ohms
from media_catalog.interop.ohms_import import import_ohms
from media_catalog.models import Annotation, Chapter, MediaItem, Segment, Transcript, User

SCHEMA = etree.XMLSchema(etree.parse(Path(__file__).parent / "files" / "ohms.xsd"))
NS = "{https://www.weareavp.com/nunncenter/ohms}"
ADMIN = User(email="admin@example.org", role="admin")


def assert_valid(text: str) -> etree._Element:
    """Valid against the published XSD; it predates OHMS 6's WebVTT transcripts, which are
    checked apart (files/README.md)."""
    root = etree.fromstring(text.encode())
    for element in root.iter(f"{NS}vtt_transcript", f"{NS}vtt_transcript_alt"):
        assert element.text.startswith("WEBVTT")
        element.getparent().remove(element)
    assert SCHEMA.validate(root), [str(e) for e in SCHEMA.error_log]
    return root


def _item(session, slug: str) -> MediaItem:  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


@pytest.mark.parametrize("sample", [OHMS_54, OHMS_60])
@pytest.mark.parametrize("version", ["5.4", "6.0"])
def test_exports_of_imported_files_are_valid(sessions, write, sample, version) -> None:
    with transaction(sessions) as session:
        slug = import_ohms(session, write("in.xml", sample)).slug
    with sessions() as session:
        item = _item(session, slug)
        root = assert_valid(export_ohms(session, None, item, version))
        record = root.find(f"{NS}record")
        assert record.get("id") == str(item.id)
        assert record.findtext(f"{NS}cms_record_id") == slug  # the slug, where it has room


def test_every_demo_export_is_valid_for_the_public_and_the_archive(demo_catalog) -> None:
    with demo_catalog() as session:
        items = session.scalars(select(MediaItem).order_by(MediaItem.id)).all()
        assert items
        for item in items:
            for version in ("5.4", "6.0"):
                assert_valid(export_ohms(session, ADMIN, item, version))
                if not item.restricted:
                    assert_valid(export_ohms(session, None, item, version))


def test_an_index_without_sync_or_duration_is_kept(sessions, write) -> None:
    text = OHMS_54.replace("<duration>00:03:30</duration>", "").replace(
        "<sync>1:|4(4)|9(1)|12(2)</sync>", "<sync/>"
    )
    with transaction(sessions) as session:
        result = import_ohms(session, write("untimed.xml", text))
    assert result.chapters == 2 and result.segments == 0
    assert result.warnings == [
        "<transcript> left out: no <sync> marks and no <duration> to time it by"
    ]


def test_a_last_cue_ending_at_zero_is_mended_with_a_warning(sessions, write) -> None:
    text = OHMS_60.replace("<duration>00:01:30</duration>", "")
    with transaction(sessions) as session:
        result = import_ohms(session, write("zero.xml", text))
        item = _item(session, result.slug)
        last = session.scalars(
            select(Segment)
            .join(Transcript)
            .where(Transcript.media_item_id == item.id, Transcript.kind == "original")
            .order_by(Segment.start_ms.desc())
        ).first()
    assert (last.start_ms, last.end_ms) == (31_500, 36_500)
    assert result.warnings == [
        "<vtt_transcript>: the last cue (00:00:31.500) ends at 00:00:00: ended it at "
        "00:00:36.500 (the interview's end is not known)"
    ]
    with transaction(sessions) as session:  # with a duration: the interview's end
        result = import_ohms(session, write("zero2.xml", OHMS_60), slug="with-end")
    assert result.warnings[0].endswith("ended it at 00:01:30.000")


def test_one_letter_and_multi_word_speakers_but_not_headings(sessions, write) -> None:
    transcript = """Q: Where were you born?

A: In Moscow.

Jane Roe: And then?

DR. KAGAN: Later.

APPENDIX: a list of names follows."""
    start = OHMS_54.index("<transcript>") + len("<transcript>")
    end = OHMS_54.index("</transcript>")
    text = OHMS_54[:start] + transcript + OHMS_54[end:]
    text = text.replace("<sync>1:|4(4)|9(1)|12(2)</sync>", "<sync/>")
    with transaction(sessions) as session:
        slug = import_ohms(session, write("speakers.xml", text)).slug
        speakers = session.execute(
            select(Segment.speaker, Segment.text)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == slug)
            .order_by(Segment.position)
        ).all()
    assert [s for s, _ in speakers] == ["Q", "A", "Jane Roe", "DR. KAGAN", "DR. KAGAN"]
    assert speakers[-1][1] == "APPENDIX: a list of names follows."


def test_subjects_and_keywords_stay_apart(sessions, write) -> None:
    text = OHMS_54.replace("<subject>Natan Sharansky</subject>", "<subject>Refuseniks</subject>")
    with transaction(sessions) as session:
        slug = import_ohms(session, write("subjects.xml", text)).slug
        exported = export_ohms(session, None, _item(session, slug), "5.4")
    record = assert_valid(exported).find(f"{NS}record")
    assert [e.text for e in record.iter(f"{NS}subject")] == ["Refuseniks"]
    assert [e.text for e in record.iter(f"{NS}keyword")] == ["emigration"]
    with transaction(sessions) as session:
        import_ohms(session, write("again.xml", exported))
        tags = session.scalars(
            select(Annotation.role).where(
                Annotation.tag == "Refuseniks", Annotation.author == "ohms"
            )
        ).all()
    assert tags == ["subject"]


MEDIA = """<format>Audio cassette</format>
<file_name>nudel-1998.mp3</file_name>
<media_id>77</media_id>
<media_url>https://media.example.org/nudel.mp3</media_url>
<mediafile><host>Kaltura</host><host_account_id>123</host_account_id><clip_format>audio</clip_format></mediafile>
<kembed>&lt;iframe src="https://kaltura.example.org/p/123"&gt;&lt;/iframe&gt;</kembed>
<language>English</language>"""


def test_media_url_kembed_and_format_are_kept(sessions, write) -> None:
    text = OHMS_54.replace("<language>English</language>", MEDIA.replace("\n", ""))
    with transaction(sessions) as session:
        slug = import_ohms(session, write("media.xml", text)).slug
    with sessions() as session:
        exported = export_ohms(session, None, _item(session, slug), "6.0")
    record = assert_valid(exported).find(f"{NS}record")
    assert record.findtext(f"{NS}media_url") == "https://media.example.org/nudel.mp3"
    assert (
        record.findtext(f"{NS}kembed")
        == '<iframe src="https://kaltura.example.org/p/123"></iframe>'
    )
    assert record.findtext(f"{NS}format") == "Audio cassette"
    assert record.findtext(f"{NS}media_id") == "77"
    assert record.findtext(f"{NS}file_name") == "nudel-1998.mp3"
    mediafile = record.find(f"{NS}mediafile")
    assert mediafile.findtext(f"{NS}host") == "Kaltura"
    assert mediafile.findtext(f"{NS}host_account_id") == "123"


def test_index_times_are_whole_seconds_and_exact_on_reimport(sessions, write) -> None:
    with transaction(sessions) as session:
        slug = import_ohms(session, write("in.xml", OHMS_54)).slug
        exported = export_ohms(session, None, _item(session, slug), "5.4")
    record = assert_valid(exported).find(f"{NS}record")
    assert [e.text for e in record.iter(f"{NS}time")] == ["0", "96"]
    with transaction(sessions) as session:
        import_ohms(session, write("again.xml", exported))
        starts = session.scalars(select(Chapter.start_ms).order_by(Chapter.start_ms)).all()
    assert starts == [0, 95_500]


def test_cli_export_writes_the_media_url(runner, demo_catalog, tmp_path) -> None:
    with demo_catalog() as session:
        item = session.scalars(
            select(MediaItem).where(MediaItem.restricted.is_(False), MediaItem.kind == "interview")
        ).first()
        item.media_status, item.media_path = "ok", item.media_path or "demo.mp4"
        session.commit()
        slug = item.slug
    out = tmp_path / "out.xml"
    result = runner.invoke(
        args=["export-ohms", slug, "-o", str(out), "--base-url", "https://archive.example.org"]
    )
    assert result.exit_code == 0, result.output
    record = assert_valid(out.read_text()).find(f"{NS}record")
    assert record.findtext(f"{NS}media_url").startswith(
        f"https://archive.example.org/media/{slug}/"
    )
