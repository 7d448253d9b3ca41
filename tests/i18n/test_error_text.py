"""Why a change was refused, in the reader's language: a reason marked N_ in the domain reads
in English on the command line (str) and translated on pages, with the field's name too; a
reason placed inside a wider one is translated with it."""

import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from flask_babel import force_locale

from media_catalog.consent import ConsentRefused, Gap
from media_catalog.errors import FieldError
from media_catalog.guides import IN_SECTION
from media_catalog.web.error_text import describe
from media_catalog.wording import N_

NOT_A_TIME = N_("'%(text)s' is not a time (give 1:23:45 or seconds)")


def test_a_reason_reads_in_english_where_no_reader_chose(app) -> None:
    error = FieldError("start", NOT_A_TIME, text="soon")
    assert str(error) == "start: 'soon' is not a time (give 1:23:45 or seconds)"
    with app.test_request_context():
        assert describe(error) == str(error)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "начало: «soon» — не время (укажите 1:23:45 или секунды), в разделе «Опыт»"),
        # In a right-to-left sentence every value is isolated (FSI … PDI), the inner reason too.
        (
            "he",
            "התחלה: \u2068„\u2068soon\u2069” אינו זמן (כתבו 1:23:45 או שניות)\u2069, בפרק „\u2068Опыт\u2069”",
        ),
    ],
)
def test_a_reason_and_its_field_are_translated(app, language: str, expected: str) -> None:
    inner = FieldError("start", NOT_A_TIME, text="soon")
    error = FieldError("start", IN_SECTION, reason=inner, section="Опыт")
    assert str(error) == "start: 'soon' is not a time (give 1:23:45 or seconds), in section “Опыт”"
    with app.test_request_context(), force_locale(language):
        assert describe(error) == expected


def test_a_refused_form_says_why_in_russian(client, demo_catalog, login_as) -> None:
    login_as("editor")
    response = client.post(
        "/entities/new",
        data={"csrf_token": csrf_token_of(client), "kind": "person", "name": " "},
        headers={"Accept-Language": "ru"},
    )
    notice = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
        ".notice.error"
    )
    assert notice.get_text(strip=True) == "Не сохранено: имя: у сущности должно быть имя"


def test_a_consent_refusal_names_uses_and_gaps_in_the_readers_language(app) -> None:
    gaps = [
        Gap("interview-x", "Interview X", "Ida Nudel", "consent for %(uses)s ended %(on)s",
            ("broadcast",), "2026-01-31"),
        Gap("interview-y", "Interview Y", None, "no consent on record"),
    ]  # fmt: skip
    refused = ConsentRefused("broadcast", gaps)
    assert str(refused) == (
        "consent: not consented for broadcast: Interview X (narrator Ida Nudel): consent for "
        "broadcast ended 2026-01-31; Interview Y: no consent on record. An admin may override "
        "with a reason, which is audited."
    )
    with app.test_request_context(), force_locale("ru"):
        assert describe(refused) == (
            "согласие: нет согласия на использование (телевещание): Interview X (рассказчик Ida "
            "Nudel): согласие на использование (телевещание) истекло 2026-01-31; Interview Y: "
            "согласие не записано. Администратор может обойти это, указав причину; это "
            "записывается в журнал."
        )


def test_a_query_that_cannot_be_searched_says_so_in_the_readers_language(client) -> None:
    response = client.get('/search?q="Sharansky', headers={"Accept-Language": "ru"})
    text = " ".join(response.get_data(as_text=True).split())
    assert "Кавычка в позиции 1 не закрыта" in text
    english = client.get('/search?q="Sharansky').get_data(as_text=True)
    assert "The quote at character 1 is never closed" in english


def test_error_pages_speak_the_readers_language(client) -> None:
    page = BeautifulSoup(
        client.get("/media/no-such-item", headers={"Accept-Language": "he"}).get_data(as_text=True),
        "html.parser",
    )
    assert page.h1.get_text() == "לא נמצא"
    assert page.select_one("p.lead").get_text() == "אין כאן דבר, או שאינכם רשאים לראות זאת."
    api = client.get("/api/media/no-such-item", headers={"Accept-Language": "he"}).get_json()
    assert api["error"]["title"] == "Not found"  # the API answers machines, in English


def test_a_refused_address_says_why_in_the_readers_language_and_in_english_to_machines(
    client, demo_catalog
) -> None:
    """web/errors.refuse: the page fills the message in the reader's language, the JSON
    answer keeps the English (the same words the command line would write)."""
    asked = {"q": "Sharansky", "page": "abc"}
    page = BeautifulSoup(
        client.get("/search", query_string=asked, headers={"Accept-Language": "ru"}).get_data(
            as_text=True
        ),
        "html.parser",
    )
    assert page.select_one("p.lead").get_text() == ("page: укажите целое число от 1 (а не «abc»)")
    api = client.get("/api/v1/search", query_string=asked, headers={"Accept-Language": "ru"})
    assert api.status_code == 400
    assert api.get_json()["error"]["message"] == "page: give a whole number from 1 (not 'abc')"
