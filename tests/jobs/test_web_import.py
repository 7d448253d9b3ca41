"""Imports from the web: an editor uploads transcripts with their sidecars (or a zip of them, with
folders and a consent form); a job imports each file as the command line does and links names,
its page names each file's outcome, and the uploaded folder is gone after. A zip that would
write outside its folder is refused before anything is kept."""

from __future__ import annotations

import io
import os
import time
import zipfile

from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog.jobs import collector
from media_catalog.models import Annotation, Consent, Job, MediaItem, Segment

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nThey arrested Sharansky in March 1977.\n"
SIDECAR = """\
media: uploaded-interview
language: en
kind: original
title: "An uploaded interview"
interviewee: Jane Roe (fictional)
"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_token_of(client), "files": [(io.BytesIO(b), n) for n, b in files]}
    return client.post("/imports", data=data, content_type="multipart/form-data")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_editor_uploads_a_track_and_its_sidecar_and_the_job_imports_and_links(
    app, client, login_as, demo_catalog
) -> None:
    login_as("editor")
    assert 'action="/imports"' in client.get("/imports").get_data(as_text=True)
    response = upload(client, ("jane.vtt", VTT.encode()), ("jane.yaml", SIDECAR.encode()))
    assert response.status_code == 302 and "/jobs/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "jane.vtt: imported" in page and "linked" in page
    with demo_catalog() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "uploaded-interview"))
        assert item.title == "An uploaded interview"
        assert session.scalar(select(func.count(Segment.id)).join(Segment.transcript)) > 0
        mentioned = session.scalar(
            select(func.count(Annotation.id)).where(Annotation.media_item_id == item.id)
        )
        assert mentioned  # Sharansky, linked by the job
        assert session.scalar(select(Job.state).where(Job.kind == "import")) == "done"
    assert not os.listdir(app.config["UPLOADS_DIR"])  # the job removed what it imported


def test_a_zip_keeps_its_folders_and_brings_the_sidecars_consent_form(
    client, login_as, demo_catalog
) -> None:
    sidecar = SIDECAR + (
        "consents:\n  - uses: [screening]\n    given_on: 2006-04-20\n    form: forms/release.pdf\n"
    )
    archive = zipped({
        "batch/jane.vtt": VTT.encode(), "batch/jane.yaml": sidecar.encode(),
        "batch/forms/release.pdf": PDF, "__MACOSX/batch/._jane.vtt": b"junk",
    })  # fmt: skip
    login_as("editor")
    page = client.get(upload(client, ("batch.zip", archive)).location).get_data(as_text=True)
    assert "batch/jane.vtt: imported" in page
    with demo_catalog() as session:
        record = session.scalar(select(Consent).where(Consent.source == "jane.yaml"))
        assert record.uses == "screening" and record.form_name == "release.pdf"


def test_a_bad_file_is_named_with_its_reason_and_the_others_are_imported(
    client, login_as, demo_catalog
) -> None:
    bad = SIDECAR.replace("uploaded-interview", "bad-one").replace("language: en", "language: 12")
    login_as("editor")
    response = upload(
        client,
        ("jane.vtt", VTT.encode()), ("jane.yaml", SIDECAR.encode()),
        ("bad.vtt", VTT.encode()), ("bad.yaml", bad.encode()),
    )  # fmt: skip
    page = client.get(response.location).get_data(as_text=True)
    assert "bad.vtt: failed" in page and "not a BCP 47 language tag" in page
    assert "jane.vtt: imported" in page
    assert "/tmp" not in page.split("bad.vtt: failed")[1][:200]  # the file as the editor named it


def test_an_archive_reaching_outside_its_folder_is_refused_keeping_nothing(
    app, client, login_as, demo_catalog
) -> None:
    login_as("editor")
    for name, data in (
        ("evil.zip", zipped({"../../escape.vtt": VTT.encode()})),
        ("notes.exe", b"MZ"),
        ("broken.zip", b"PK\x03\x04 not really"),
    ):
        response = upload(client, (name, data))
        assert response.location.endswith("/imports"), name
        message = client.get("/imports").get_data(as_text=True)
        assert "Nothing imported" in message, name
    with demo_catalog() as session:
        assert session.scalar(select(func.count(Job.id)).where(Job.kind == "import")) == 0
    uploads = app.config["UPLOADS_DIR"]
    assert not os.path.isdir(uploads) or not os.listdir(uploads)


def test_gc_removes_an_upload_no_import_job_waits_for(app, sessions, tmp_path) -> None:
    left = tmp_path / "instance" / "uploads" / "0123456789abcdef"
    left.mkdir(parents=True)
    (left / "jane.vtt").write_text(VTT)
    day_ago = time.time() - 86400
    os.utime(left, (day_ago, day_ago))
    with sessions() as session:
        report = collector.collect(session, app.config)
    assert [r.path for r in report.removed] == [left] and not left.exists()
