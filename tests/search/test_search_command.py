"""`media-catalog search`: the same results in the terminal, as a table or JSON."""

import json


def test_search_prints_item_timestamp_speaker_and_snippet(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "Glienicke"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("interview-historian") for line in lines)
    assert any("Glienicke" in line and ":" in line.split()[0] for line in lines if line[:2] == "  ")
    assert lines[-1].endswith("page 1 of 1.")


def test_search_json_with_filters(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "Sharansky", "--language", "ru", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total_hits"] > 0
    assert {hit["language"] for hit in data["hits"]} == {"ru"}
    assert {hit["media"] for hit in data["hits"]} == {"interview-refusenik"}


def test_restricted_material_only_when_asked_for(runner, demo_catalog) -> None:
    public = json.loads(runner.invoke(args=["search", "psychiatric", "--json"]).output)
    assert public["total_hits"] == 0
    everything = runner.invoke(args=["search", "psychiatric", "--json", "--include-restricted"])
    assert json.loads(everything.output)["total_hits"] == 1


def test_a_bad_query_is_one_clean_line_and_exit_status_1(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", '"Helsinki'])
    assert result.exit_code == 1
    assert "Error: The quote at character 1 is never closed" in result.output
    assert "Traceback" not in result.output


def test_reindex(runner, demo_catalog) -> None:
    result = runner.invoke(args=["search", "--reindex"])
    assert result.exit_code == 0 and "Search index rebuilt:" in result.output
    assert "segments" in result.output and "distinct words" in result.output
    assert runner.invoke(args=["search", "Glienicke"]).exit_code == 0
