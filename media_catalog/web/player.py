"""The media item page (player and transcript), its caption tracks and transcript downloads,
and its media files (range requests, caching, never outside MEDIA_ROOT)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from sqlalchemy.orm import Session

from .. import access, audit, catalog, consent, redactions, restrictions, snapping
from .. import search as catalog_search
from ..alignment import align
from ..formats import captions
from ..ingest import media_files
from ..models import Entity, MediaItem, Segment, Transcript
from ..timecode import format_short, parse_media_fragment, seconds
from ..wording import N_
from . import access_audit, delivery, locale_formats
from .context import SHARED_RANGE, db, shared_range_url
from .search import back_to_results

bp = Blueprint("player", __name__, url_prefix="/media")

FILE_VARIANTS = {
    "original": "media_path",
    "proxy": "proxy_path",
    "poster": "poster_path",
    "thumbnails": "thumbnails_path",
}
# Media types by suffix, so players get a type they accept whatever the host's mime.types says.
MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".aac": "audio/aac",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
RTL_LANGUAGES = {"he", "ar", "yi", "fa"}


def _requested_range(args: dict) -> tuple[int | None, int | None]:  # type: ignore[type-arg]
    """`?t=83.5` or `?t=83.5,97` (the media fragment syntax, also as a query so the server can
    show a range without JavaScript); anything unreadable opens the start, as players do."""
    value = args.get("t")
    return parse_media_fragment(f"t={value}") if value else (None, None)


def _duration_ms(item: MediaItem, tracks: list[tuple[Transcript, list[Segment]]]) -> int:
    ends = [s.end_ms for _, segments in tracks for s in segments]
    return item.duration_ms or max(ends, default=0)


@dataclass
class EntityStrip:
    """One entity in the player's side panel: its moments as marks on a time strip (position
    in half-percent steps, for positions.css) and its first spoken moments as links."""

    entity: Entity
    count: int
    marks: list[tuple[int, int]]  # (start_ms, position 0..200)
    jumps: list[int]  # start_ms of the first few moments in the transcript


JUMPS_SHOWN = 8


def side_panel(moments: list[catalog.Moment], duration_ms: int) -> list[EntityStrip]:
    """Computed here, not in the template: an interview has hundreds of moments, and Jinja's
    filters cost more per moment than the whole transcript's HTML."""
    strips = []
    for entity, entity_moments in catalog.moments_by_entity(moments):
        starts = list(dict.fromkeys(m.annotation.start_ms for m in entity_moments))
        marks = (
            [(start, min(round(200 * start / duration_ms), 200)) for start in starts]
            if duration_ms
            else []
        )
        spoken = dict.fromkeys(m.annotation.start_ms for m in entity_moments if m.segment)
        count = catalog.moment_count(entity_moments)  # an original and its translation: one
        strips.append(EntityStrip(entity, count, marks, list(spoken)[:JUMPS_SHOWN]))
    return strips


@bp.get("/<slug>")
def show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    _note_restricted(session, item, "view_restricted", "media_item", item.slug)
    unrecorded = current_app.config["CONSENT_UNRECORDED"]
    shareable = not consent.item_gaps(session, item, "public_web", consent.today_utc(), unrecorded)
    if "from" in request.args:  # the share-a-range form, readable without JavaScript
        if not shareable:
            abort(403, N_("This recording is not consented for sharing on the public web."))
        start, end = parse_media_fragment(
            f"t={request.args.get('from', '')},{request.args.get('to', '')}"
        )
        start, end, snapped = snapping.snap_range(session, item.id, start or 0, end)
        if snapped:
            flash(gettext("The range was snapped to word boundaries."))
        return redirect(shared_range_url(item.slug, start, end))
    start_ms, end_ms = _requested_range(request.args)
    tracks = [
        (t, catalog.visible_segments(session, g.user, t))
        for t in catalog.transcripts_of(session, g.user, item)
    ]
    moments = catalog.media_annotations(session, g.user, item)
    duration_ms = _duration_ms(item, tracks)
    withheld = bool(access.hidden_ranges(session, g.user, item))
    served = redactions.served_to(session, _cache_dir(), g.user, item)
    # Only the share form's links are a shared range; other pages' ranges just open there.
    shared = shareable and end_ms is not None and request.args.get(SHARED_RANGE) == "1"
    excerpt = []
    if shared and start_ms is not None and end_ms is not None and tracks:
        excerpt = [s for s in tracks[0][1] if s.end_ms > start_ms and s.start_ms < end_ms]
    return render_template(
        "player/show.html",
        item=item,
        tracks=tracks,
        rows=align([segments for _, segments in tracks]) if len(tracks) > 1 else [],
        moments=moments,
        side=side_panel(moments, duration_ms),
        spans=catalog.spans_by_segment(moments),
        start_ms=start_ms,
        end_ms=end_ms,
        shared_range=shared,
        shareable=shareable,
        excerpt=excerpt,
        duration_ms=duration_ms,
        playable=item.media_status == "ok" and not withheld and served.state != "withheld",
        withheld=withheld,
        redaction_pending=item.media_status == "ok" and served.state == "withheld",
        is_audio=item.media_status == "ok" and not (item.technical or {}).get("video_codec"),
        media_type=_media_type(item.proxy_path or item.media_path or ""),
        rtl_languages=RTL_LANGUAGES,
        **_search_context(start_ms, end_ms),
    )


def _search_context(start_ms: int | None, end_ms: int | None) -> dict[str, object]:
    """What a player opened from search carries: the query and its words to mark, the moment
    hit (a point, so no shared-range banner) and the way back to the same page of results."""
    query = request.args.get("q", "").strip()[:200]
    return {
        "query": query,
        "query_terms": catalog_search.highlight_terms(db(), g.user, query) if query else [],
        "hit_ms": start_ms if query and end_ms is None else None,
        "back": back_to_results(request.args.get("back")),
    }


def _track(slug: str, language: str) -> tuple[MediaItem, Transcript, list[Segment]]:
    session = db()
    item = catalog.media_item(session, g.user, slug)
    transcript = catalog.transcript_in(session, g.user, item, language)
    _note_restricted(session, item, "download_restricted", "transcript", f"{slug}/{language}")
    return item, transcript, catalog.visible_segments(session, g.user, transcript)


def _download(text: str, mimetype: str, filename: str) -> Response:
    return Response(
        text,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # Restricted passages are left out per reader: never let a shared cache keep a copy.
            "Cache-Control": "private, no-cache",
        },
    )


@bp.get("/<slug>/captions/<language>.vtt")
def captions_track(slug: str, language: str):  # type: ignore[no-untyped-def]
    item, _, segments = _track(slug, language)
    # ?words=1: each measured word's start time inside its cue (WebVTT cue timestamps)
    response = Response(
        captions.to_webvtt(segments, word_timed=bool(request.args.get("words"))),
        mimetype="text/vtt",
        headers={"Cache-Control": "private, no-cache"},
    )
    if request.args.get("download"):
        name = f"{item.slug}.{language}{'.words' if request.args.get('words') else ''}.vtt"
        disposition = f'attachment; filename="{name}"'
        response.headers["Content-Disposition"] = disposition
    return response


@bp.get("/<slug>/captions/<language>.srt")
def captions_srt(slug: str, language: str):  # type: ignore[no-untyped-def]
    item, _, segments = _track(slug, language)
    return _download(
        captions.to_srt(segments), "application/x-subrip", f"{item.slug}.{language}.srt"
    )


@bp.get("/<slug>/transcript/<language>.md")
def transcript_markdown(slug: str, language: str):  # type: ignore[no-untyped-def]
    item, transcript, segments = _track(slug, language)
    kind = "translation" if transcript.kind == "translation" else "transcript"
    text = captions.to_markdown(
        segments,
        title=item.title,
        heading=f"{language.upper()} {kind} · {url_for('player.show', slug=slug, _external=True)}",
        link_for=lambda ms: url_for("player.show", slug=slug, t=f"{seconds(ms):g}", _external=True),
    )
    return _download(text, "text/markdown", f"{item.slug}.{language}.md")


def _media_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


@bp.get("/<slug>/file/<any(original, proxy, poster, thumbnails, waveform):variant>")
def media_file(slug: str, variant: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    if variant == "waveform":
        relative = (item.technical or {}).get("waveform") or abort(404)
    else:
        relative = getattr(item, FILE_VARIANTS[variant]) or abort(404)
    if _withheld(variant, item, access.hidden_ranges(session, g.user, item)):
        abort(404)
    if variant in ("original", "proxy"):
        _note_restricted(
            session, item, "download_restricted", "media_item", item.slug, media_bytes=True
        )
    root = Path(current_app.config["MEDIA_ROOT"])
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        abort(404)
    path = _redacted(session, variant, item, path)
    # Range requests answer 206 Partial Content (416 when unsatisfiable), If-None-Match and
    # If-Modified-Since 304, whether the app or the front server sends the bytes.
    response = delivery.send(path, _media_type(path.name))
    redacted_item = bool(redactions.ranges_in_force(session, item))
    # What depends on who asks must not sit in a shared cache where a public visitor gets it.
    response.cache_control.max_age = 3600
    if item.restricted or restrictions.ranges_of(session, item) or redacted_item:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _note_restricted(
    session: Session,
    item: MediaItem,
    action: str,
    object_type: str,
    object_id: str,
    media_bytes: bool = False,
) -> None:
    """The audit's answer to "who saw restricted material": a restricted item, or an item with
    restricted or redacted passages reaching someone allowed to see them (everyone else gets
    them cut; editors read a redacted passage's words, only an admin gets its recording)."""
    redacted = bool(redactions.ranges_in_force(session, item)) and (
        redactions.may_have_original(g.user) or not media_bytes
    )
    passages = bool(restrictions.ranges_of(session, item)) or redacted
    if item.restricted or (access.can_see_restricted(g.user) and passages):
        audit.note_access(session, g.user, action, object_type, object_id)
        session.commit()
        access_audit.noted()


def _cache_dir() -> Path:
    return Path(current_app.config["CACHE_DIR"])


def _redacted(session: Session, variant: str, item: MediaItem, path: Path) -> Path:
    """The file to send instead of `path` when the item has redactions in force and this
    visitor may not have the original: the access copy for the recording, 404 while it is
    being made; frames taken inside a redacted range are withheld (404) outright."""
    hidden = redactions.hidden_from(session, g.user, item)
    if not hidden or variant == "waveform":
        return path
    if variant not in ("original", "proxy"):
        if _withheld(variant, item, hidden):
            abort(404)
        return path
    served = redactions.served_to(session, _cache_dir(), g.user, item)
    if served.path is None:
        abort(404, N_("withheld while its access copy with redacted passages removed is made"))
    return served.path


def _withheld(variant: str, item: MediaItem, hidden: list[tuple[int, int]]) -> bool:
    """The media of an item with a stretch restricted from this visitor is withheld (its bytes
    would play the passage; an access copy with it removed is the stewardship issue's); frames
    taken inside such a stretch are too. The waveform shows no words and stays."""
    if not hidden or variant == "waveform":
        return False
    if variant in ("original", "proxy"):
        return True
    duration = item.duration_ms or 0
    if variant == "poster":
        return access.in_ranges(hidden, media_files.poster_time_ms(duration))
    times = media_files.thumbnail_times_ms(duration, item.thumbnail_count or 0)
    return any(access.in_ranges(hidden, at) for at in times)


@bp.app_template_filter("range_label")
def range_label(start_ms: int, end_ms: int, duration_ms: int) -> str:
    """`1:23–1:37 of 48:10`: where a shared range sits in the whole."""
    return locale_formats.translate()(
        N_("%(start)s–%(end)s of %(whole)s"),
        start=format_short(start_ms),
        end=format_short(end_ms),
        whole=format_short(duration_ms),
    )
