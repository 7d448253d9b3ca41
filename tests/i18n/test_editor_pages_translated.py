"""The editors' entity pages in Hebrew and Russian: translated text, names isolated in <bdi>
inside translated sentences, plural forms chosen by count, and names still escaped."""

import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of

PAGES = {
    "he": {
        "/entities/new?kind=person": ("רשומה חדשה", "תאריך או תקופה"),
        "/entities/ida-nudel/delete": ("למחוק את", "יש להקליד"),
        "/entities/ida-nudel/edit": ("עריכת", "שמות וכתיבים"),
        "/entities/i-nudel/merge?into=ida-nudel": ("למזג את", "קטעי תמלול"),
    },
    "ru": {
        "/entities/new?kind=person": ("Новая запись", "Дата или период"),
        "/entities/ida-nudel/delete": ("Удалить", "Введите"),
        "/entities/ida-nudel/edit": ("Изменить", "Имена и написания"),
        "/entities/i-nudel/merge?into=ida-nudel": ("Объединить", "сегмент"),
    },
}


@pytest.mark.parametrize("language", sorted(PAGES))
def test_entity_editor_pages_speak_the_chosen_language(
    client, demo_catalog, login_as, language
) -> None:
    login_as("editor")
    token = csrf_token_of(client)
    client.post(
        "/entities/new", data={"csrf_token": token, "kind": "person", "name": "I. Nudel<b>"}
    )
    slug = "i-nudel-b"
    for url, (heading, text) in PAGES[language].items():
        url = url.replace("i-nudel", slug)
        response = client.get(url, headers={"Accept-Language": language})
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        soup = BeautifulSoup(html, "html.parser")
        assert heading in soup.select_one("h1").get_text(), url
        assert text in soup.select_one("main").get_text(), url
        assert "I. Nudel<b>" not in html  # a name is escaped even inside a translated sentence
    merge = client.get(
        f"/entities/{slug}/merge?into=ida-nudel", headers={"Accept-Language": language}
    )
    names = [
        b.get_text()
        for b in BeautifulSoup(merge.get_data(as_text=True), "html.parser").select("h1 bdi")
    ]
    assert names == ["I. Nudel<b>", "Ida Nudel"]


def test_the_entity_page_in_russian_counts_and_isolates(client, demo_catalog) -> None:
    html = client.get("/entities/ida-nudel", headers={"Accept-Language": "ru"}).get_data(
        as_text=True
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#moments-h").get_text().startswith("Моменты")
    search = soup.select_one("#moments-h ~ p a").get_text()
    assert search.startswith("Искать") and "во всех написаниях" in search
    assert soup.select_one("#moments-h ~ p a bdi").get_text() == "Ida Nudel"


def test_the_entity_editor_flash_speaks_hebrew(client, demo_catalog, login_as) -> None:
    login_as("editor")
    hebrew = {"Accept-Language": "he"}
    data = {"csrf_token": csrf_token_of(client), "kind": "person", "name": "Ruth Halpern"}
    created = client.post("/entities/new", data=data, headers=hebrew)
    page = client.get(created.headers["Location"], headers=hebrew).get_data(as_text=True)
    assert (
        "נוצר: Ruth Halpern."
        in BeautifulSoup(page, "html.parser").select_one(".messages").get_text()
    )
