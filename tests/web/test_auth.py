"""Signing in and out, the sign-in throttle over the web, cookies, CSRF and security headers."""

from bs4 import BeautifulSoup
from conftest import PASSWORD, csrf_token_of

from media_catalog import accounts
from media_catalog.db import transaction


def sign_in(client, email: str, password: str = PASSWORD, **kwargs):  # type: ignore[no-untyped-def]
    data = {"email": email, "password": password, "csrf_token": csrf_token_of(client)}
    return client.post("/login", data=data, **kwargs)


def test_sign_in_shows_the_account_and_sign_out_forgets_it(client, add_user) -> None:
    email = add_user("editor")
    response = sign_in(client, email, query_string={"next": "/people"})
    assert response.status_code == 302 and response.headers["Location"] == "/people"
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert "Test editor · editor" in soup.select_one("header .account .who").get_text()
    token = soup.select_one("header form input[name=csrf_token]")["value"]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert soup.select_one("header .account a")["href"] == "/login"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, add_user) -> None:
    email = add_user("editor")
    wrong = sign_in(client, email, "not the password")
    unknown = sign_in(client, "nobody@example.org")
    for response in (wrong, unknown):
        assert response.status_code == 401
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert soup.select_one("[role=alert]").get_text() == "Wrong email or password."


def test_sign_in_is_throttled_after_repeated_failures(client, add_user) -> None:
    email = add_user("editor")
    for _ in range(accounts.MAX_FAILURES):
        assert sign_in(client, email, "guessing").status_code == 401
    throttled = sign_in(client, email)  # even the right password now waits
    assert throttled.status_code == 429
    assert "Too many failed sign-ins" in throttled.get_data(as_text=True)
    other = sign_in(client, email, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302  # another address is not locked out with it


def test_next_never_leaves_the_site(client, add_user) -> None:
    email = add_user("editor")
    hostile = (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",  # browsers drop the tab: //evil.example
        "/\n/evil.example",
        "/\r/x",  # a carriage return cannot go in a Location header (was a 500)
        "/ /evil.example",
        "javascript:alert(1)",
    )
    for target in hostile:
        with client.session_transaction() as session:
            session.clear()
        response = sign_in(client, email, query_string={"next": target})
        assert response.headers["Location"] == "/", target


def test_a_page_inside_the_site_is_kept_as_next(client, add_user) -> None:
    email = add_user("editor")
    response = sign_in(client, email, query_string={"next": "/search?q=Begun&page=2"})
    assert response.headers["Location"] == "/search?q=Begun&page=2"


def test_an_oversized_request_is_refused_before_its_body_is_read(client, app) -> None:
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/login", data=b"x" * (limit + 1), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert f"larger than {limit // (1024 * 1024)} MB" in soup.get_text()
    assert "Traceback" not in response.get_data(as_text=True)


def test_session_cookie_is_httponly_samesite_and_secure_over_https(client, add_user) -> None:
    email = add_user("editor")
    plain = sign_in(client, email).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    https = sign_in(client, email, base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in https


def test_state_changing_requests_without_the_csrf_token_are_refused(client, add_user) -> None:
    email = add_user("editor")
    csrf_token_of(client)
    missing = client.post("/login", data={"email": email, "password": PASSWORD})
    forged = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": "forged"}
    )
    api = client.post("/api/anything", json={}, headers={"X-CSRF-Token": "forged"})
    for response in (missing, forged):
        assert response.status_code == 400
        assert "did not come from this site" in response.get_data(as_text=True)
    assert api.status_code == 400 and api.get_json()["error"]["code"] == 400
    with client.session_transaction() as session:
        assert "user_id" not in session
    good_header = client.post(
        "/login",
        data={"email": email, "password": PASSWORD},
        headers={"X-CSRF-Token": csrf_token_of(client)},
    )
    assert good_header.status_code == 302


def test_every_response_carries_the_security_headers(client, demo_catalog) -> None:
    for url in ("/", "/login", "/media/interview-historian", "/no-such-page"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client, demo_catalog, login_as) -> None:
    """The CSP forbids inline code; this checks the pages do not rely on any."""
    login_as("admin")
    for url in ("/", "/login", "/people", "/media/interview-historian", "/admin/users"):
        soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        assert not soup.select("style, [style]"), url
        assert all(s.get("src") for s in soup.select("script")), url
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], url


def account_link(client) -> str:  # type: ignore[no-untyped-def]
    """The header's account element: "/login" for an anonymous visitor, else who is signed in."""
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    link = soup.select_one("header .account a[href='/login']")
    return "/login" if link is not None else soup.select_one("header .account .who").get_text()


def test_a_cookie_saved_before_sign_out_no_longer_signs_anyone_in(client, add_user) -> None:
    email = add_user("admin")
    sign_in(client, email)
    saved = client.get_cookie("session").value
    assert client.get("/admin/users").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token_of(client)})
    client.set_cookie("session", saved)  # replayed: a copy kept by the browser or a thief
    assert client.get("/admin/users").status_code == 302
    assert account_link(client) == "/login"
    with client.session_transaction() as session:
        assert "user_id" not in session  # the dead sign-in is dropped from the cookie


def test_signing_in_again_ends_the_older_session(app, client, add_user) -> None:
    email = add_user("editor")
    sign_in(client, email)
    later = app.test_client()
    sign_in(later, email)
    assert account_link(later) == "Test editor · editor"
    assert account_link(client) == "/login"


def test_a_new_password_signs_the_account_out_everywhere(client, sessions, add_user) -> None:
    email = add_user("editor")
    sign_in(client, email)
    with transaction(sessions) as session:
        accounts.set_password(session, email, "another long secret")
    assert account_link(client) == "/login"
    assert sign_in(client, email).status_code == 401  # the old password is gone with it
    assert sign_in(client, email, "another long secret").status_code == 302


def test_a_new_role_signs_the_account_out_and_an_unchanged_one_does_not(
    app, client, add_user
) -> None:
    editor = app.test_client()
    sign_in(editor, add_user("editor"))
    sign_in(client, add_user("admin"))
    change = {"csrf_token": csrf_token_of(client), "email": "editor@example.org"}
    client.post("/admin/users/role", data={**change, "role": "editor"})
    assert account_link(editor) == "Test editor · editor"
    client.post("/admin/users/role", data={**change, "role": "viewer"})
    assert account_link(editor) == "/login"  # its pages were opened under the old role
    assert account_link(client) == "Test admin · admin"
