"""OHMS XML: import of 5.4 (<sync>) and 6.0 (<vtt_transcript>) files made here, export in both
versions, the round trip, and bad files refused at their line with nothing imported."""

import pytest
from ohms_samples import OHMS_54, OHMS_60
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.errors import IngestError
from media_catalog.interop.ohms_export import export_ohms
from media_catalog.interop.ohms_import import import_ohms
from media_catalog.models import Alias, Annotation, Chapter, Entity, MediaItem, Transcript, User


@pytest.fixture
def authority(sessions):  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        person = Entity(slug="natan-sharansky", kind="person", name="Natan Sharansky")
        person.aliases = [Alias(text="Щаранский", language="ru")]
        session.add(person)
    return sessions


def catalog_of(session, slug: str) -> dict:  # type: ignore[no-untyped-def]
    """What an import put in the catalog, without row ids and timestamps."""
    item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
    fields = (
        "title description interviewee interviewer identifier source_archive source_collection "
        "rights restricted duration_ms date_text date_start date_end kind source_credit"
    ).split()
    tracks = session.scalars(select(Transcript).where(Transcript.media_item_id == item.id))
    chapters = session.scalars(
        select(Chapter).where(Chapter.media_item_id == item.id).order_by(Chapter.start_ms)
    )
    annotations = session.scalars(
        select(Annotation).where(
            Annotation.media_item_id == item.id, Annotation.segment_id.is_(None)
        )
    )
    return {
        "item": {name: getattr(item, name) for name in fields},
        "tracks": sorted(
            (
                t.language,
                t.kind,
                t.translation_of,
                [(s.start_ms, s.end_ms, s.speaker, s.text) for s in t.segments],
            )
            for t in tracks
        ),
        "chapters": [
            (
                c.start_ms,
                c.end_ms,
                c.title,
                c.description,
                c.language,
                c.keywords,
                c.details,
                c.origin,
            )
            for c in chapters
        ],
        "annotations": sorted(
            (
                (a.start_ms, a.end_ms, a.entity.slug if a.entity else None, a.tag, a.role, a.status)
                for a in annotations
            ),
            key=repr,
        ),
    }


def test_ohms_54_transcript_is_timed_by_its_sync_marks(authority, write) -> None:
    path = write("nudel.xml", OHMS_54)
    with transaction(authority) as session:
        result = import_ohms(session, path)
    assert (result.slug, result.status, result.chapters) == ("oh-0042", "imported", 2)
    with authority() as session:
        got = catalog_of(session, "oh-0042")
    item = got["item"]
    assert item["title"] == "Oral history interview with Ida Nudel (fictional)"
    assert (item["identifier"], item["duration_ms"], item["date_start"]) == (
        "OH-0042",
        210_000,
        "1998-03-15",
    )
    ((language, kind, _of, segments),) = got["tracks"]
    assert (language, kind) == ("en", "original")
    # Paragraphs, cut again at each minute mark: "born" (line 4, word 4 after "NUDEL: I was") is said at 1:00.
    assert [s[2] for s in segments] == ["ROE", "NUDEL", "NUDEL", "ROE", "NUDEL", "NUDEL"]
    assert segments[1][3] == "I was"
    assert segments[2][0] == 60_000 and segments[2][3].startswith("born in Moscow")
    assert (
        segments[4][0] == 120_000
        and segments[4][3]
        == "In 1971. They refused me, and the refusal lasted sixteen years. Щаранский was arrested"
    )
    assert segments[5][0::3] == (180_000, "in 1977 and I stood outside the court.")
    assert segments[-1][1] == 210_000  # the last words end with the interview
    starts = [s[0] for s in segments]
    assert starts == sorted(starts) and all(s[0] < s[1] for s in segments)
    first, second = got["chapters"]
    assert first[:4] == (0, None, "Childhood in Moscow", "She grew up near the synagogue.")
    assert first[5] == ["Moscow", "childhood"] and first[7] == "ohms"
    assert first[6]["title_alt"] == "Детство в Москве"
    assert first[6]["gps"] == [
        {"lat": 55.7558, "lon": 37.6173, "zoom": 12, "text": "Moscow", "text_alt": "Москва"}
    ]
    assert first[6]["hyperlinks"] == [{"url": "https://example.org/moscow", "text": "Moscow then"}]
    assert second[0] == 95_500 and "hyperlinks" not in second[6] and "gps" not in second[6]
    # Subjects: "Sharansky, Natan" is the authority's person; the others are tags.
    assert (0, 95_500, "natan-sharansky", None, "mentioned", "confirmed") in got["annotations"]
    assert (0, 95_500, None, "Synagogues", None, "confirmed") in got["annotations"]
    assert (95_500, 210_000, None, "Exit visas", None, "confirmed") in got["annotations"]
    assert (0, 210_000, "natan-sharansky", None, "mentioned", "confirmed") in got["annotations"]
    assert (0, 210_000, None, "emigration", None, "confirmed") in got["annotations"]


def test_ohms_6_vtt_transcript_and_its_translation(authority, write) -> None:
    path = write("slepak.xml", OHMS_60)
    with transaction(authority) as session:
        result = import_ohms(session, path)
    assert result.slug == "interview-slepak-ohms"
    with authority() as session:
        got = catalog_of(session, "interview-slepak-ohms")
    assert got["item"]["date_text"] == "1999-06"
    tracks = {t[0]: t for t in got["tracks"]}
    assert tracks["ru"][1] == "original" and tracks["en"][1:3] == ("translation", "ru")
    ru = tracks["ru"][3]
    assert ru[0] == (3_000, 18_000, "КОРР", "Когда вы вышли на балкон?")
    assert ru[1][3] == "В июне 1978 года.\nМы повесили плакат."  # <br> is a line break
    assert ru[2][:2] == (31_500, 90_000)  # OHMS's 00:00:00.000 end: the interview's end
    assert got["chapters"][0][2:] == (
        "Демонстрация",
        "",
        "ru",
        ["балкон"],
        {"title_alt": "The demonstration"},
        "ohms",
    )


@pytest.mark.parametrize("sample, version", [(OHMS_54, "5.4"), (OHMS_60, "6.0"), (OHMS_54, "6.0")])
def test_import_export_import_gives_the_same_catalog(authority, write, sample, version) -> None:
    path = write("first.xml", sample)
    with transaction(authority) as session:
        slug = import_ohms(session, path).slug
    with authority() as session:
        before = catalog_of(session, slug)
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        exported = export_ohms(session, None, item, version)
    again = write("again.xml", exported)
    with transaction(authority) as session:
        assert import_ohms(session, again).slug == slug
    with authority() as session:
        assert catalog_of(session, slug) == before
    assert f"<version>{version}</version>" in exported


def test_export_leaves_out_restricted_passages(authority, write) -> None:
    with transaction(authority) as session:
        import_ohms(session, write("nudel.xml", OHMS_54))
    with transaction(authority) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "oh-0042"))
        item.transcripts[0].segments[2].restricted = True
        item.transcripts[0].segments[0].restricted = True  # where the first index point starts
    with authority() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "oh-0042"))
        public = export_ohms(session, None, item, "6.0")
        archive = export_ohms(session, User(email="a@example.org", role="admin"), item, "6.0")
    assert "born in Moscow" not in public and "I was" in public
    assert "Where were you born?" not in public  # the point's partial transcript quotes it
    assert "Where were you born?" in archive and "born in Moscow" in archive


@pytest.mark.parametrize(
    "old, new, reason",
    [
        (
            "<sync>1:|4(4)|9(1)|12(2)</sync>",
            "<sync>1:|9(1)|4(4)</sync>",
            "comes before the previous mark",
        ),
        (
            "<sync>1:|4(4)|9(1)|12(2)</sync>",
            "<sync>1:|4(4)|99(1)</sync>",
            "past the transcript's end",
        ),
        ("<time>95.5</time>", "<time>soon</time>", "'soon' is not seconds"),
        ("<time>95.5</time>", "<time>300</time>", "starts after the end"),
        (
            "<language>English</language>",
            "<language>Klingon</language>",
            "unknown language 'Klingon'",
        ),
        ('<date value="1998-03-15"', '<date value="1998-13-45"', "is not a date"),
        ("<title>Childhood in Moscow</title>", "<title></title>", "needs a title"),
        ("</record>", "</recor>", "not well-formed XML"),
        ("</ROOT>", "<record></record>\n</ROOT>", "2 <record>s in one file"),
        (
            "<accession>OH-0042</accession>",
            f"<accession>{'x' * 301}</accession>",
            "longer than 300",
        ),
        ("<keyword>emigration</keyword>", f"<keyword>{'y' * 301}</keyword>", "longer than 300"),
        ("<gps>55.7558, 37.6173</gps>", "<gps>north</gps>", "is not 'latitude, longitude'"),
    ],
)
def test_bad_files_are_refused_at_their_line_and_change_nothing(
    authority, write, snapshot, old, new, reason
) -> None:
    assert old in OHMS_54
    text = OHMS_54.replace(old, new)
    line = text[: text.index(new)].count("\n") + 1  # the element named is on this line
    path = write("bad.xml", text)
    before = snapshot()
    with pytest.raises(IngestError) as error, transaction(authority) as session:
        import_ohms(session, path)
    assert error.value.line == line and reason in error.value.reason, str(error.value)
    assert str(path) in str(error.value)
    assert snapshot() == before


def test_a_bad_cue_in_a_vtt_transcript_is_refused_at_its_line_in_the_file(authority, write) -> None:
    text = OHMS_60.replace(
        "00:00:18.000 --> 00:00:31.500\n<v СЛЕПАК>", "00:00:18.000 --> 00:00:11.500\n<v СЛЕПАК>"
    )
    line = text[: text.index("00:00:11.500")].count("\n") + 1
    with pytest.raises(IngestError) as error, transaction(authority) as session:
        import_ohms(session, write("bad6.xml", text))
    assert error.value.line == line
    assert (
        error.value.reason
        == "<vtt_transcript>: cue end 00:00:11.500 is before its start 00:00:18.000"
    )


def test_a_doctype_is_refused(authority, write) -> None:
    path = write("dtd.xml", '<?xml version="1.0"?>\n<!DOCTYPE ROOT [<!ENTITY x "xx">]>\n<ROOT/>')
    with pytest.raises(IngestError, match="DOCTYPE"), transaction(authority) as session:
        import_ohms(session, path)


def test_importing_again_replaces_what_the_file_brought(authority, write) -> None:
    path = write("nudel.xml", OHMS_54)
    with transaction(authority) as session:
        assert import_ohms(session, path).status == "imported"
    with transaction(authority) as session:
        assert import_ohms(session, path).status == "unchanged"
    write("nudel.xml", OHMS_54.replace("Exit visas", "Exit visas;OVIR"))
    with transaction(authority) as session:
        assert import_ohms(session, path).status == "replaced"
    with authority() as session:
        got = catalog_of(session, "oh-0042")
        assert len(got["chapters"]) == 2 and len(got["annotations"]) == 6


def test_cli_import_and_export(runner, authority, write, tmp_path) -> None:
    path = write("nudel.xml", OHMS_54)
    result = runner.invoke(args=["import-ohms", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported as 'oh-0042': 6 segments, 2 chapters" in result.output
    result = runner.invoke(args=["import-ohms", str(path)])
    assert result.exit_code == 0 and "unchanged since it was imported as 'oh-0042'" in result.output
    out = tmp_path / "out.xml"
    result = runner.invoke(args=["export-ohms", "oh-0042", "--version", "6.0", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<vtt_transcript>WEBVTT" in out.read_text()
    text = OHMS_54.replace("<time>95.5</time>", "<time>x</time>")
    line = text[: text.index("<time>x</time>")].count("\n") + 1
    bad = write("bad.xml", text)
    result = runner.invoke(args=["import-ohms", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:{line}: <point><time>: 'x' is not seconds" in result.output
