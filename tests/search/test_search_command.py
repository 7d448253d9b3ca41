"""`media-catalog search` prints what the search page shows, as a table or JSON."""

import json


def test_search_prints_moments(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "Shcharansky"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert any(line.startswith("interview-refusenik") for line in lines)
    assert "moment(s), page 1 of" in lines[-1]


def test_search_json_with_filters(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "Щаранского", "--language", "ru", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] > 0 and {r["language"] for r in data["results"]} == {"ru"}
    assert all(r["start"] >= 0 and r["media"] for r in data["results"])


def test_search_reads_as_an_editor(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "schizophrenia", "--json"])
    assert json.loads(result.output)["total"] > 0  # the restricted passage, for the terminal


def test_bad_query_is_one_clean_line(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", '"unbalanced'])
    assert result.exit_code == 1
    assert "closing quote" in result.output and "Traceback" not in result.output


def test_help_has_an_example(runner, app) -> None:
    result = runner.invoke(args=["search", "--help"])
    assert "media-catalog search Shcharansky" in result.output
