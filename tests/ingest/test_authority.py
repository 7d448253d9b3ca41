"""Authority files: entities with aliases in several scripts, dates, and clear refusals."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from media_catalog.ingest.batch import import_paths
from media_catalog.models import Entity

PEOPLE = """
kind: person
entities:
  - slug: natan-sharansky
    name: Natan Sharansky
    description: Refusenik and human-rights activist.
    date: "1948-01-20"
    aliases:
      - Anatoly Shcharansky
      - {text: Щаранский, lang: ru}
      - {text: שרנסקי, lang: he}
  - slug: iosif-begun
    name: Iosif Begun
    aliases:
      - {text: Begun, ambiguous: true}
  - slug: six-day-war
    kind: event
    name: Six-Day War
    date: "1967-06-05"
    end_date: "1967-06-10"
"""


def entities(sessions) -> dict[str, Entity]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return {
            e.slug: e for e in session.scalars(select(Entity).options(selectinload(Entity.aliases)))
        }


def test_entities_aliases_and_dates(sessions, write) -> None:
    path = write("people.yaml", PEOPLE)
    assert import_paths(sessions, [path], Path(".")).outcomes[0].status == "imported"
    stored = entities(sessions)
    natan = stored["natan-sharansky"]
    assert [(a.text, a.language) for a in natan.aliases] == [
        ("Anatoly Shcharansky", None),
        ("Щаранский", "ru"),
        ("שרנסקי", "he"),
    ]
    assert (natan.kind, natan.date_start, natan.date_end) == ("person", "1948-01-20", "1948-01-20")
    assert stored["iosif-begun"].aliases[0].ambiguous is True
    war = stored["six-day-war"]
    assert (war.kind, war.date_text, war.date_start, war.date_end) == (
        "event",
        "1967-06-05/1967-06-10",
        "1967-06-05",
        "1967-06-10",
    )


def test_changed_file_updates_entities_and_aliases_follow_the_file(sessions, write) -> None:
    path = write("people.yaml", PEOPLE)
    import_paths(sessions, [path], Path("."))
    path.write_text(PEOPLE.replace("      - Anatoly Shcharansky\n", "      - Anatoly Sharansky\n"))
    assert import_paths(sessions, [path], Path(".")).outcomes[0].status == "imported"
    texts = [a.text for a in entities(sessions)["natan-sharansky"].aliases]
    assert "Anatoly Sharansky" in texts and "Anatoly Shcharansky" not in texts
    assert import_paths(sessions, [path], Path(".")).outcomes[0].status == "unchanged"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"1967-06-10"',
            '"1967-06-01"',
            "people.yaml:19: field 'end_date': end date '1967-06-01' is before",
        ),
        (
            '"1948-01-20"',
            '"20 Jan 1948"',
            "people.yaml:6: field 'date': '20 Jan 1948' is not a date",
        ),
        (
            "kind: event",
            "kind: happening",
            "people.yaml:16: field 'kind': 'happening' is not one of",
        ),
        (
            "slug: iosif-begun",
            "slug: natan-sharansky",
            "people.yaml:11: field 'slug': 'natan-sharansky' appears twice",
        ),
        ("    name: Iosif Begun\n", "", "people.yaml:11: field 'name': is required"),
    ],
)
def test_bad_authority_files_are_refused_and_change_nothing(
    sessions, write, table_counts, old, new, message
) -> None:
    before = table_counts()
    path = write("people.yaml", PEOPLE.replace(old, new))
    outcome = import_paths(sessions, [path], Path(".")).outcomes[0]
    assert outcome.status == "failed"
    assert message in outcome.detail, outcome.detail
    assert table_counts() == before


def test_a_slug_taken_by_another_file_is_refused_cleanly(sessions, write) -> None:
    import_paths(sessions, [write("a.yaml", PEOPLE)], Path("."))
    other = write(
        "b.yaml", "kind: place\nentities:\n  - slug: six-day-war\n    name: Not a place\n"
    )
    outcome = import_paths(sessions, [other], Path(".")).outcomes[0]
    # Same slug in another file updates that entity: one authority, one slug.
    assert outcome.status == "imported"
    assert entities(sessions)["six-day-war"].kind == "place"
