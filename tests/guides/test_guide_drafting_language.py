"""A guide is drafted in the language its host works in: headings, texts and discussion
questions come from the interface's catalogs, and excerpts are quoted in that language when the
film has it; the command line (and an English interface) drafts in English."""

from __future__ import annotations

from guide_fixtures import draft_through_web
from sqlalchemy import select

from media_catalog.models import Guide


def test_a_host_working_in_russian_drafts_in_russian(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    client.set_cookie("lang", "ru")
    token = draft_through_web(client, csrf)
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        titles = [s.title for s in guide.sections]
        assert guide.title == f"{guide.film.title}: путеводитель для обсуждения"
        assert titles[:4] == [
            "О фильме",
            "Как пользоваться путеводителем",
            "Главные герои",
            "Предыстория и хронология",
        ]
        assert titles[-2:] == ["Что можно сделать", "Узнать больше"]
        assert guide.sections[1].body.startswith("Этот путеводитель сопровождает показ фильма")
        scene = next(s for s in guide.sections if s.kind == "scene")
        assert scene.questions[-1] == (
            f"Что нового для себя вы увидели или услышали в сцене «{scene.title}»?"
        )
        assert "ru" in guide.film.languages and guide.language == "ru"
    page = client.get(f"/guides/{token}/edit").get_data(as_text=True)
    assert "Конструктор путеводителя" in page and "Сохранить путеводитель" in page


def test_in_english_the_draft_is_english(client, sessions, chaptered_catalog, login_as, csrf):  # type: ignore[no-untyped-def]
    login_as("host")
    token = draft_through_web(client, csrf)
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        assert [s.title for s in guide.sections][:2] == ["Film summary", "Using this guide"]
        assert guide.language == guide.film.languages[0]
