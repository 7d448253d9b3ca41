"""Choosing the interface language: the `lang` cookie, the account's stored preference,
Accept-Language as the fallback, CSRF on the switcher, lang/dir on the page."""

from conftest import csrf_token_of
from sqlalchemy import select

from media_catalog.models import User


def _choose(client, language: str, came_from: str = "http://localhost/"):  # type: ignore[no-untyped-def]
    return client.post(
        "/language",
        data={"language": language, "csrf_token": csrf_token_of(client)},
        headers={"Referer": came_from},
    )


def test_the_browser_language_is_the_fallback(client) -> None:
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    html = page.get_data(as_text=True)
    assert '<html lang="ru" dir="ltr">' in html
    assert "Перейти к содержимому" in html


def test_an_unknown_browser_language_falls_back_to_english(client) -> None:
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to content" in html


def test_switching_to_hebrew_sets_the_cookie_direction_and_a_hebrew_notice(client) -> None:
    response = _choose(client, "he", "http://localhost/login?next=/guides")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/guides"
    assert "lang=he" in response.headers["Set-Cookie"]
    html = client.get("/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="he" dir="rtl">' in html  # the cookie wins over the browser
    assert "הממשק מוצג כעת בעברית." in html
    assert "דילוג לתוכן" in html


def test_the_switcher_needs_the_csrf_token(client) -> None:
    response = client.post("/language", data={"language": "ru"})
    assert response.status_code == 400
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_the_switcher_is_no_open_redirect_and_refuses_unknown_codes(client) -> None:
    assert _choose(client, "ru", "http://evil.example/phish").headers["Location"] == "/"
    response = _choose(client, "xx", "http://localhost/login")
    assert "lang=" not in response.headers.get("Set-Cookie", "")
    html = client.get("/login").get_data(as_text=True)
    assert "Неизвестный язык: xx." in html  # in the language still chosen


def test_a_signed_in_choice_is_stored_on_the_account(app, client, login_as, sessions) -> None:
    email = login_as("viewer")
    _choose(client, "ru")
    with sessions() as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        assert user.preferred_language == "ru"
    # Another browser without the cookie: the stored preference applies after signing in.
    client.delete_cookie("lang")
    html = client.get("/login", headers={"Accept-Language": "he"}).get_data(as_text=True)
    assert '<html lang="ru" dir="ltr">' in html


def test_pages_name_their_language_and_what_chose_it(client, demo_catalog) -> None:
    """A shared cache keys a page by Accept-Language and the cookie, never a file's bytes."""
    page = client.get("/", headers={"Accept-Language": "he"})
    assert page.headers["Content-Language"] == "he"
    assert {"Accept-Language", "Cookie"} <= set(page.vary)
    with client.get("/static/app.css", headers={"Accept-Language": "he"}) as style:
        assert "Content-Language" not in style.headers and "Accept-Language" not in style.vary
