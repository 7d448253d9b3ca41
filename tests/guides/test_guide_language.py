"""A guide's excerpts in its language and its moments' likely sections: a Russian interview is
quoted in a guide in English through its aligned English translation, marked as one; where no
track is in the guide's language the original is quoted, marked with its language; "Add to a
guide" offers the scene the moment belongs to."""

from __future__ import annotations

from bs4 import BeautifulSoup
from guide_fixtures import draft_through_web, section_ids
from sqlalchemy import select

from media_catalog import guides
from media_catalog.db import transaction
from media_catalog.models import Film, Guide, MediaItem


def page(client, url: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def add_moments(sessions, token: str, moments: list[tuple[str, int, int]]) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        for slug, start, end in moments:
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            guides.add_moment(session, None, guide, guide.sections[0].id, item, start, end)  # type: ignore[arg-type]


def excerpts(client, token: str) -> list[tuple[str | None, str, str]]:  # type: ignore[no-untyped-def]
    """(lang, words, label) of each moment's excerpt on the guide page."""
    found = []
    for figure in page(client, f"/guides/{token}").select("figure.guide-moment"):
        quote = figure.select_one("blockquote.excerpt")
        label = figure.select_one(".excerpt-lang")
        found.append(
            (
                quote.get("lang"),
                quote.get_text(" ", strip=True),
                label.get_text(strip=True) if label else "",
            )
        )
    return found


def test_excerpts_come_in_the_guides_language_through_the_translation(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    # The Russian interview and the Hebrew one have English translations; the historian is English.
    add_moments(
        sessions,
        token,
        [
            ("interview-refusenik", 59_000, 67_000),
            ("interview-organizer", 70_000, 90_000),
            ("interview-historian", 20_000, 35_000),
        ],
    )
    (ru, he, en) = excerpts(client, token)
    assert ru[0] == "en" and "Leningrad affair" in ru[1]
    assert ru[2] == "English translation of the Russian"
    assert he[0] == "en" and he[2] == "English translation of the Hebrew"
    assert en[0] == "en" and en[2] == ""  # an English original needs no label


def test_without_a_translation_the_original_is_quoted_and_marked(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    with transaction(sessions) as session:  # a guide written in Hebrew
        session.scalar(select(Guide).where(Guide.token == token)).language = "he"
    add_moments(
        sessions,
        token,
        [("interview-refusenik", 59_000, 67_000), ("interview-organizer", 70_000, 90_000)],
    )
    (ru, he) = excerpts(client, token)
    assert ru[0] == "ru" and "ленинградском" in ru[1]
    assert ru[2] == "In Russian: no Hebrew translation in the catalog"
    assert he[0] == "he" and he[2] == ""


def test_add_to_a_guide_offers_the_scene_the_moment_belongs_to(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    assert section_ids(sessions, token)
    cases = [
        ("interview-historian", "65,75", "Opening: letters from Moscow"),  # in the film's cut
        ("interview-refusenik", "351.6,356.6", "The arrest of Natan Sharansky"),  # said in it
        ("interview-refusenik", "59.5,67", "Leningrad, 1970: the hijacking trial"),
    ]
    for slug, t, expected in cases:
        picker = page(client, f"/guides/add-moment?media={slug}&t={t}")
        chosen = picker.select_one("select[name=section] option[selected]")
        assert chosen is not None and chosen.get_text() == expected, (slug, t)


def test_a_restricted_passage_reaches_no_visitor_through_the_translation(
    app, client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    """The Russian interview's restricted passage (4:33–5:18), materialised on its English
    translation too: a moment over it is left out, one ending beside it quotes no word of it."""
    from media_catalog.models import Segment, Transcript

    login_as("host")
    token = draft_through_web(client, csrf)
    add_moments(
        sessions,
        token,
        [("interview-refusenik", 250_000, 273_500), ("interview-refusenik", 280_000, 300_000)],
    )
    fields = {"csrf_token": csrf(), "visibility": "link"}
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        fields |= {"version": guide.version, "title": guide.title}
        hidden = session.scalars(
            select(Segment.text)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == "interview-refusenik", Segment.restricted.is_(True))
        ).all()
    assert client.post(f"/guides/{token}/edit", data=fields).status_code == 302
    assert hidden
    visitor = app.test_client()
    for url in (f"/guides/{token}", f"/guides/{token}/guide.md"):
        seen = visitor.get(url).get_data(as_text=True)
        assert [text for text in hidden if text.split("\n")[0] in seen] == [], url
    quoted = excerpts(visitor, token)
    assert len(quoted) == 1 and quoted[0][0] == "en"  # the moment beside it, in English


def test_a_new_guide_takes_the_films_first_language_and_the_host_changes_it(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    """The film's first language, when the host's own (English here) is not one of the film's
    (test_guide_drafting_language.py has the host's)."""
    login_as("host")
    with transaction(sessions) as session:
        session.scalar(select(Film).where(Film.slug == "refusenik")).languages = ["ru", "he"]
    token = draft_through_web(client, csrf)
    add_moments(sessions, token, [("interview-organizer", 70_000, 90_000)])
    builder = page(client, f"/guides/{token}/edit")
    select_ = builder.select_one("select#guide-language[name=language]")
    offered = [o["value"] for o in select_.select("option")]
    assert offered == ["en", "he", "ru"]  # the languages the film's transcripts are in
    assert select_.select_one("option[selected]")["value"] == "ru"
    assert [o.get_text() for o in select_.select("option")][1] == "Hebrew (he)"
    # A language no transcript of the film is in is refused, naming the field.
    form = {"csrf_token": csrf(), "title": "Guide", "visibility": "private"}
    with sessions() as session:
        form["version"] = str(session.scalar(select(Guide).where(Guide.token == token)).version)
    refused = client.post(f"/guides/{token}/edit", data=form | {"language": "fr"})
    assert refused.status_code == 422
    notice = BeautifulSoup(refused.get_data(as_text=True), "html.parser").select_one(".notice")
    assert "language: 'fr' is not one of the film's languages (en, he, ru)" in notice.get_text()
    assert client.post(f"/guides/{token}/edit", data=form | {"language": "he"}).status_code == 302
    with sessions() as session:
        assert session.scalar(select(Guide).where(Guide.token == token)).language == "he"
    (he,) = excerpts(client, token)
    assert he[0] == "he" and he[2] == ""  # the Hebrew original, quoted as it is
    article = page(client, f"/guides/{token}").select_one("article.guide-doc")
    assert article["lang"] == "he"
    markdown = client.get(f"/guides/{token}/guide.md").get_data(as_text=True)
    assert "English translation" not in markdown


def test_the_pdf_is_in_the_guides_language(
    client, sessions, chaptered_catalog, login_as, csrf, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    import pytest

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed: scripts/setup.sh --tests adds it")
    login_as("host")
    token = draft_through_web(client, csrf)
    add_moments(
        sessions,
        token,
        [("interview-refusenik", 59_000, 67_000), ("interview-historian", 20_000, 35_000)],
    )
    with transaction(sessions) as session:
        session.scalar(select(Guide).where(Guide.token == token)).language = "ru"
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(client.get(f"/guides/{token}/guide.pdf").get_data())
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ленинградском" in text  # the Russian original quoted
    # The label is printed in the guide's language too.
    assert "Язык: английский — перевода на русский в каталоге нет" in " ".join(text.split())
