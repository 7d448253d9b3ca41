"""Accessibility: axe-core (from the npm registry, installed by scripts/setup.sh --tests; never
fetched at run time) runs in Debian's Chromium on every HTML page the app serves, found by
sweeping its routes (every_get_url), signed in as an admin so that editors' forms are swept too,
and on the pages a visitor sees signed out (sign-in, errors). No page may have a serious or
critical violation of WCAG 2.0-2.2 A/AA; the per-page report is written to
test-reports/accessibility-<language>.json."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from browser_support import chromium, needs_chromium, served, sign_in
from sqlalchemy import select
from test_restricted_sweep import add_published_guide, every_get_url

from media_catalog import reels
from media_catalog.config import PROJECT_ROOT
from media_catalog.db import transaction
from media_catalog.models import User

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = PROJECT_ROOT / "test-reports"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
# The languages the sweep reads the pages in (the `lang` cookie chooses the interface's).
LANGUAGES = ["en", "ru", "he"]
SIGNED_OUT = ["/login", "/no-such-page", "/"]

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/setup.sh --tests"),
]


def add_reel(sessions, owner_email: str) -> None:  # type: ignore[no-untyped-def]
    """A shared reel of two moments, so reels' pages have something to show."""
    with transaction(sessions) as session:
        owner = session.scalar(select(User).where(User.email == owner_email))
        reel = reels.create_reel(session, owner, "Sweep reel")
        for slug in ("interview-historian", "interview-refusenik"):
            reels.add_entry(session, owner, reel, slug, 20_000, 35_000)
        reels.share(session, reel, None)


def html_pages(app, client, sessions) -> list[str]:  # type: ignore[no-untyped-def]
    """One address per endpoint that answers an HTML page to the signed-in admin, and the
    search page with results."""
    with sessions() as session:
        urls = ["/search?q=Sharansky", *every_get_url(app, session)]
    pages, seen = [], set()
    for url in urls:
        endpoint = app.url_map.bind("localhost").match(urlsplit(url).path)[0]
        if endpoint in seen or endpoint.startswith(("api.", "static")):
            continue
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            seen.add(endpoint)
            pages.append(url)
        response.close()
    return pages


def audit_page(page, url: str | None) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """axe's violations on `url` (None: the page as it is)."""
    if url is not None:
        page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))",
        TAGS,
    )


def write_report(report: dict[str, list[dict]], language: str) -> None:  # type: ignore[type-arg]
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"accessibility-{language}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    for url, violations in report.items():
        counts = Counter(v["impact"] for v in violations)
        print(f"axe {url}: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "clean"))


def blocking(report: dict[str, list[dict]]) -> list[str]:  # type: ignore[type-arg]
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} at {', '.join(v['nodes'][:3])}"
        for url, violations in report.items()
        for v in violations
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_serious_accessibility_violation(
    app, client, sessions, demo_catalog, add_user, login_as, language
) -> None:
    add_published_guide(sessions)
    login_as("admin", "sweep-admin@example.org")
    add_reel(sessions, "sweep-admin@example.org")
    pages = html_pages(app, client, sessions)
    assert len(pages) >= 30, pages  # the sweep reaches the app's pages, not a handful
    report: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    with served(app) as base, chromium() as browser:
        for signed_in in (False, True):
            context = browser.new_context(bypass_csp=True)  # axe is injected as a script
            host = urlsplit(base).hostname
            context.add_cookies([{"name": "lang", "value": language, "domain": host, "path": "/"}])
            page = context.new_page()
            if signed_in:
                sign_in(page, base, "sweep-admin@example.org")
            for path in pages if signed_in else SIGNED_OUT:
                key = f"{language} {'admin' if signed_in else 'visitor'} {path}"
                report[key] = audit_page(page, base + path)
            context.close()
    write_report(report, language)
    assert blocking(report) == []


def test_the_sweep_reports_what_axe_finds() -> None:
    """The harness itself: a page with an unlabelled field and an image without text is
    reported as blocking, so a clean sweep means clean pages, not a silent axe."""
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(
            "<html lang='en'><head><title>t</title></head><body><main>"
            "<input type='text'><img src='data:,'></main></body></html>"
        )
        found = audit_page(page, None)
    problems = blocking({"synthetic": found})
    assert any("label" in p for p in problems) and any("image-alt" in p for p in problems)
