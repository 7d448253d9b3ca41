"""The matcher against the hand-checked gold set over the demo transcripts (tests/gold/)."""

from pathlib import Path

from media_catalog.linking.evaluation import evaluate

GOLD = Path(__file__).parent.parent / "gold" / "mentions.yaml"
MIN_PRECISION, MIN_RECALL = 0.95, 0.90
REPORT: list[str] = []  # printed in the terminal summary by conftest.py


def test_gold_set_precision_and_recall(demo_catalog) -> None:
    with demo_catalog() as session:
        scores = evaluate(session, GOLD)
    for track, score in scores.items():
        REPORT.append(
            f"{track:<42} precision {score.precision:.3f}  recall {score.recall:.3f}"
            f"  ({score.correct}/{score.found} found, {score.expected} expected)"
        )
    total = scores["all"]
    assert total.expected >= 150
    details = "\n".join(["wrong:", *total.wrong, "missed:", *total.missed])
    assert total.precision >= MIN_PRECISION, details
    assert total.recall >= MIN_RECALL, details


def test_a_russian_mention_reaches_the_english_named_person(client, demo_catalog) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        client.get("/entities/natan-sharansky").get_data(as_text=True), "html.parser"
    )
    excerpts = [e.get_text() for e in soup.select("ul.moments .excerpt")]
    assert any("Щаранского" in e for e in excerpts)
    assert any("שרנסקי" in e for e in excerpts)
