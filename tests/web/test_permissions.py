"""The permission matrix: every route of the app, as every role. A new route must be added to
ROUTES with the least role that may use it, or this test fails."""

import pytest
from conftest import csrf_token_of

# endpoint -> (method, least role or None for public, URL arguments)
ROUTES = {
    "browse.home": ("GET", None, {}),
    "browse.film": ("GET", None, {"slug": "refusenik"}),
    "browse.film_rights": ("POST", "editor", {"slug": "refusenik"}),
    "browse.entities": ("GET", None, {"kind_page": "people"}),
    "entities.show": ("GET", None, {"slug": "natan-sharansky"}),
    "player.show": ("GET", None, {"slug": "interview-historian"}),
    "player.captions_track": ("GET", None, {"slug": "interview-historian", "language": "en"}),
    "player.media_file": ("GET", None, {"slug": "interview-historian", "variant": "poster"}),
    "auth.login": ("GET", None, {}),
    "auth.logout": ("POST", None, {}),
    "locale.choose": ("POST", None, {}),
    "admin.users": ("GET", "admin", {}),
    "admin.set_role": ("POST", "admin", {}),
    "admin.grants": ("GET", "admin", {}),
    "admin.add_grant": ("POST", "admin", {}),
    "admin.withdraw_grant": ("POST", "admin", {}),
    "admin.audit_feed": ("GET", "admin", {}),
    "review.queue": ("GET", "editor", {}),
    "review.decide": ("POST", "editor", {"annotation_id": 1}),
    "review.decide_json": ("POST", "editor", {"annotation_id": 1}),
    "review.confirm_all": ("POST", "editor", {}),
    "review.candidate_list": ("GET", "editor", {}),
    "review.edit_list": ("GET", "editor", {}),
    "review.decide_edit": ("POST", "editor", {"edit_id": 1}),
    "review.resolve_candidate": ("POST", "editor", {}),
    "tagging.add_tag": ("POST", "editor", {"slug": "interview-historian"}),
    "tagging.update_metadata": ("POST", "editor", {"slug": "interview-historian"}),
    "tagging.update_tag": ("POST", "editor", {"slug": "interview-historian", "tag_id": 1}),
    "redactions.add": ("POST", "editor", {"slug": "interview-historian"}),
    "redactions.remove": (
        "POST",
        "editor",
        {"slug": "interview-historian", "redaction_id": 1},
    ),
    "tagging.segment": ("GET", "editor", {"slug": "interview-historian", "ref": "en-1"}),
    "entity_editor.create": ("GET", "editor", {}),
    "entity_editor.edit": ("GET", "editor", {"slug": "natan-sharansky"}),
    "entity_editor.add_alias": ("POST", "editor", {"slug": "natan-sharansky"}),
    "entity_editor.remove_alias": ("POST", "editor", {"slug": "natan-sharansky", "alias_id": 1}),
    "entity_editor.merge": ("GET", "editor", {"slug": "natan-sharansky", "into": "ida-nudel"}),
    "entity_editor.delete": ("GET", "editor", {"slug": "natan-sharansky"}),
    "workflow.board": ("GET", "editor", {}),
    "workflow.move": ("POST", "editor", {"slug": "interview-historian"}),
    "player.captions_srt": ("GET", None, {"slug": "interview-historian", "language": "en"}),
    "player.transcript_markdown": ("GET", None, {"slug": "interview-historian", "language": "en"}),
    "browse.timeline_page": ("GET", None, {}),
    "browse.favicon": ("GET", None, {}),
    "search.show": ("GET", None, {}),
    "api.search_moments": ("GET", None, {}),
    "api.media_list": ("GET", None, {}),
    "api.media_show": ("GET", None, {"slug": "interview-historian"}),
    "api.media_transcripts": ("GET", None, {"slug": "interview-historian"}),
    "api.entity_list": ("GET", None, {}),
    "api.entity_show": ("GET", None, {"slug": "natan-sharansky"}),
    "api.timeline_events": ("GET", None, {}),
    "api.openapi": ("GET", None, {}),
    "interop.manifest": ("GET", None, {"slug": "interview-historian"}),
    "interop.iiif_captions": ("GET", None, {"slug": "interview-historian", "language": "en"}),
    "interop.media_annotations": ("GET", None, {"slug": "interview-historian"}),
    "interop.entity_annotations": ("GET", None, {"entity": "natan-sharansky"}),
    "interop.media_chapters": ("GET", None, {"slug": "interview-historian"}),
    "interop.film_chapters": ("GET", None, {"film": "refusenik"}),
    "interop.film_collection": ("GET", None, {"film": "refusenik"}),
    "interop.metadata_track": ("GET", None, {"slug": "interview-historian"}),
    "interop.ohms_download": ("GET", None, {"slug": "interview-historian"}),
    "interop.film_scenes": ("GET", None, {"film": "refusenik"}),
    "interop.unmatched": ("GET", "editor", {"film": "refusenik"}),
    "interop.resolve": ("POST", "editor", {"film": "refusenik", "event_id": 1}),
    "reels.index": ("GET", "editor", {}),
    "reels.create": ("POST", "editor", {}),
    "reels.add": ("POST", "editor", {}),
    "reels.show": ("GET", "editor", {"slug": "no-such-reel"}),
    "reels.rename": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.duplicate": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.delete": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.change_entry": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.reorder": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.share": ("POST", "editor", {"slug": "no-such-reel"}),
    "reels.export": ("GET", "editor", {"slug": "no-such-reel", "fmt": "edl"}),
    "reels.export_with_rate": ("GET", "editor", {"slug": "no-such-reel"}),
    "reels.shot_list": ("GET", "editor", {"slug": "no-such-reel"}),
    "reels.thumbnail": ("GET", "editor", {"slug": "no-such-reel", "position": 1}),
    "reels.start_subclips": ("POST", "editor", {"slug": "no-such-reel"}),
    "speech.transcribe": ("POST", "editor", {"slug": "no-such-item"}),
    "speech.align": ("POST", "editor", {"slug": "no-such-item"}),
    "media_jobs.rebuild_item": ("POST", "editor", {"slug": "no-such-item"}),
    "media_jobs.relink_item": ("POST", "editor", {"slug": "no-such-item"}),
    "media_jobs.rebuild_all": ("POST", "admin", {}),
    "media_jobs.relink_all": ("POST", "admin", {}),
    "imports.new": ("GET", "editor", {}),
    "imports.upload": ("POST", "editor", {}),
    "reels.export_overriding": ("POST", "admin", {"slug": "no-such-reel"}),
    "consents.record": ("POST", "editor", {}),
    "consents.withdraw": ("POST", "editor", {"consent_id": 1}),
    "consents.signed_form": ("GET", "editor", {"consent_id": 1}),
    "reels.subclip_status": ("GET", "editor", {"slug": "no-such-reel", "token": "x"}),
    "reels.subclip_download": ("GET", "editor", {"slug": "no-such-reel", "token": "x"}),
    "jobs.index": ("GET", "viewer", {}),
    "jobs.show": ("GET", "viewer", {"token": "no-such-job"}),
    "jobs.state": ("GET", "viewer", {"token": "no-such-job"}),
    "jobs.cancel": ("POST", "viewer", {"token": "no-such-job"}),
    "jobs.retry": ("POST", "viewer", {"token": "no-such-job"}),
    "jobs.download": ("GET", "viewer", {"token": "no-such-job"}),
    "shared.show": ("GET", None, {"token": "no-such-token"}),
    "shared.clip": ("GET", None, {"token": "no-such-token", "position": 1}),
    "guides.index": ("GET", None, {}),
    "guides.create": ("POST", "host", {}),
    "guides.show": ("GET", None, {"token": "no-such-guide"}),
    "guides.markdown": ("GET", None, {"token": "no-such-guide"}),
    "guides.pdf": ("GET", None, {"token": "no-such-guide"}),
    "guides.edit": ("GET", "host", {"token": "no-such-guide"}),
    "guides.save": ("POST", "host", {"token": "no-such-guide"}),
    "guides.pick_moment": ("GET", "host", {}),
    "guides.add_moment": ("POST", "host", {"token": "no-such-guide"}),
    "guides.delete": ("POST", "host", {"token": "no-such-guide"}),
    "screening.screen": ("GET", "host", {"token": "no-such-guide"}),
    "screening.set_stop": ("POST", "host", {"token": "no-such-guide"}),
    "screening.short": ("GET", None, {"token": "no-such-guide"}),
    "screening.follow": ("GET", None, {"token": "no-such-guide"}),
    "screening.follow_state": ("GET", None, {"token": "no-such-guide"}),
    "chapters.manage": ("GET", "host", {"owner_kind": "films", "slug": "refusenik"}),
    "chapters.add": ("POST", "host", {"owner_kind": "films", "slug": "refusenik"}),
    "chapters.update": ("POST", "host", {"chapter_id": 1}),
    "chapters.delete": ("POST", "host", {"chapter_id": 1}),
    "chapters.upload": ("POST", "editor", {"owner_kind": "films", "slug": "refusenik"}),
    "identifiers.resolve": ("GET", None, {"pid": "0000000000000000"}),
    "identifiers.cite": ("GET", None, {"pid": "0000000000000000"}),
    "identifiers.cite_bibtex": ("GET", None, {"pid": "0000000000000000"}),
    "identifiers.cite_csl_json": ("GET", None, {"pid": "0000000000000000"}),
    "static": ("GET", None, {"filename": "app.css"}),
    "script_messages.script": ("GET", None, {"language": "ru"}),
    "health.healthz": ("GET", None, {}),
    "health.readyz": ("GET", None, {}),
    "metrics.metrics": ("GET", "admin", {}),
}
ROLES = (None, "viewer", "host", "editor", "admin")
ORDER = {None: -1, "viewer": 0, "host": 1, "editor": 2, "admin": 3}


def test_every_route_is_in_the_matrix(app) -> None:
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ROUTES)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_each_role_reaches_exactly_its_routes(app, client, demo_catalog, login_as, role) -> None:
    if role:
        login_as(role)
    with app.test_request_context():
        from flask import url_for

        urls = {endpoint: url_for(endpoint, **args) for endpoint, (_m, _r, args) in ROUTES.items()}
    for endpoint, (method, least, _args) in ROUTES.items():
        if endpoint == "auth.logout":
            continue  # signing out would end the session the other checks use; tested on its own
        if method == "GET":
            response = client.get(urls[endpoint])
        else:
            response = client.post(urls[endpoint], data={"csrf_token": csrf_token_of(client)})
        response.close()  # file responses hold their file open until closed
        allowed = least is None or ORDER[role] >= ORDER[least]
        if allowed:
            assert response.status_code not in (401, 403), (endpoint, role)
            assert "/login" not in response.headers.get("Location", ""), (endpoint, role)
        elif role is None and urls[endpoint].startswith("/api/"):
            assert response.status_code == 401, (endpoint, role)
        elif role is None:
            assert response.status_code == 302, (endpoint, role)
            assert response.headers["Location"].startswith("/login?next="), (endpoint, role)
        else:
            assert response.status_code == 403, (endpoint, role)
