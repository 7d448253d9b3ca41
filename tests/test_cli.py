"""The command line: import summaries and exit codes, dry-run JSON, help with examples."""

import json

import pytest

from media_catalog import migrate

VTT = "WEBVTT\n\n00:00:01.500 --> 00:00:03.000\n<v Lev>Щаранский\n\n00:00:03.000 --> 00:00:04.250\nда\n"


def test_init_creates_the_schema(runner) -> None:
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0
    assert f"Database at revision {migrate.head_revision()}" in result.output


def test_import_twice_reports_unchanged(runner, transcript_file) -> None:
    path = transcript_file("lev.vtt", VTT, language="ru")
    first = runner.invoke(args=["import", str(path.parent)])
    assert first.exit_code == 0, first.output
    assert (
        "1 imported, 1 unchanged, 0 failed; 2 segments, 0 warnings." in first.output
    )  # + the film
    second = runner.invoke(args=["import", str(path.parent)])
    assert "0 imported, 2 unchanged, 0 failed" in second.output


def test_failed_file_gives_exit_status_1_and_names_it(runner, transcript_file) -> None:
    good = transcript_file("good.vtt", VTT)
    bad = transcript_file("bad.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nx\n", media="other")
    result = runner.invoke(args=["import", str(good), str(bad)])
    assert result.exit_code == 1
    assert (
        f"failed: {bad}:3: cue end 00:00:04.000 is before its start 00:00:05.000" in result.output
    )
    assert "1 imported, 0 unchanged, 1 failed" in result.output


def test_missing_path_fails_cleanly(runner, tmp_path) -> None:
    result = runner.invoke(args=["import", str(tmp_path / "nope.vtt")])
    assert result.exit_code == 1 and "nope.vtt: no such file or folder" in result.output


def test_dry_run_json_prints_segments_in_seconds_and_touches_nothing(
    runner, transcript_file, table_counts
) -> None:
    path = transcript_file("lev.vtt", VTT, language="ru")
    before = table_counts()
    result = runner.invoke(args=["import", "--dry-run", "--json", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["segments"] == [
        {"start": 1.5, "end": 3.0, "speaker": "Lev", "text": "Щаранский"},
        {"start": 3.0, "end": 4.25, "speaker": "Lev", "text": "да"},
    ]
    assert (report["encoding"], report["language"], report["warnings"]) == ("utf-8", "ru", [])
    assert table_counts() == before


def test_import_encoding_option_overrides_detection(runner, transcript_file) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nмир\n"
    path = transcript_file("short.srt", text, language="ru", encoding="koi8-r")
    args = ["import", "--dry-run", "--json", "--encoding", "KOI8-R", str(path)]
    report = json.loads(runner.invoke(args=args).output)
    assert report["encoding"] == "koi8-r (declared)"
    assert report["segments"][0]["text"] == "мир"
    result = runner.invoke(args=["import", "--encoding", "cp9999", str(path)])
    assert result.exit_code == 2 and "unknown encoding 'cp9999'" in result.output


def test_dry_run_refuses_a_bad_file_with_non_zero_exit(runner, write) -> None:
    path = write("bad.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nx\n")
    result = runner.invoke(args=["import", "--dry-run", "--json", str(path)])
    assert result.exit_code == 1
    assert "bad.vtt:3: cue end 00:00:04.000 is before its start 00:00:05.000" in result.output


@pytest.mark.parametrize(
    "command",
    [
        "init",
        "import",
        "demo",
        "link",
        "mentions",
        "candidates",
        "candidates list",
        "candidates dismiss",
        "candidates alias",
        "candidates entity",
        "import-ohms",
        "export-ohms",
        "import-cut",
    ],
)
def test_every_command_has_help_with_an_example(runner, command: str) -> None:
    result = runner.invoke(args=[*command.split(), "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_mentions_lists_annotations_as_json(runner, transcript_file, write) -> None:
    write(
        "authority/p.yaml",
        "kind: person\nentities:\n  - slug: natan-sharansky\n"
        "    name: Natan Sharansky\n    aliases: [{text: Щаранский, lang: ru}]\n",
    )
    path = transcript_file("lev.vtt", VTT, language="ru")
    assert runner.invoke(args=["import", str(path.parent)]).exit_code == 0
    result = runner.invoke(args=["mentions", "test-interview", "--json"])
    assert json.loads(result.output) == [
        {
            "start": 1.5,
            "end": 3.0,
            "text": "Щаранский",
            "entity": "natan-sharansky",
            "name": "Natan Sharansky",
            "kind": "person",
            "role": "mentioned",
            "status": "suggested",
            "confidence": 0.85,
        }
    ]
    assert runner.invoke(args=["mentions", "nope"]).output.strip() == "Error: no media item 'nope'"
