"""A IIIF Presentation 3 manifest per media item, for AV viewers (Aviary, Avalon's Ramp,
Universal Viewer): one canvas with the media's duration painted on it, each caption track as a
supplementing WebVTT annotation (and a `rendering` to download), chapters as `structures`
ranges, and our annotations (people, events, places over their time ranges) as W3C Web
Annotations in an annotation page. Built from what the reader may see only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .. import catalog, licences, rights
from ..catalog import Moment
from ..chapters import chapters_of, with_ends
from ..ingest import filmcut
from ..models import Film, MediaItem, Transcript, User
from ..timecode import media_fragment
from .ohms_import import media_end_ms
from .webannotation import Links, fragment_target, web_annotation

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
MEDIA_TYPES = {"video": "Video", "audio": "Sound"}
TRACK_LABELS = {
    "original": "transcript",
    "translation": "translation",
    "captions": "captions",
    "machine": "machine transcript (speech recognition)",
}


@dataclass
class ManifestLinks:
    manifest: str  # this manifest's own address; canvases and pages hang below it
    media_file: str | None  # the playable file, None when there is none
    media_format: str
    captions: Callable[[str], str]  # language -> WebVTT address
    homepage: str
    annotations: Links
    poster: str | None = None  # a still of the media, for viewers' thumbnails
    permalink: str | None = None  # the item's persistent identifier as an address


@dataclass
class CollectionLinks:
    collection: str  # this collection's own address
    manifest: Callable[[str], str]  # media item slug -> its manifest
    homepage: str  # the film's page
    permalink: str | None = None  # the film's persistent identifier as an address


# IIIF `rights` takes a Creative Commons or RightsStatements.org URI (licences.KNOWN): the
# record's statement, else one written in its rights note, else "copyright not evaluated".
NOT_EVALUATED = licences.NOT_EVALUATED


def _text(value: str, language: str = "none") -> dict[str, list[str]]:
    return {language: [value]}


def _pair(label: str, value: str) -> dict[str, Any]:
    return {"label": _text(label, "en"), "value": _text(value)}


def manifest(
    session: Session, user: User | None, item: MediaItem, links: ManifestLinks
) -> dict[str, Any]:
    """The item's manifest in the shapes of the IIIF AV cookbook: captions as supplementing
    annotations (0219, 0074), chapters as ranges (0026, 0064), annotations targeting a
    stretch of the canvas (0103)."""
    base = links.manifest.removesuffix("/manifest.json")
    canvas_id = f"{base}/canvas/1"
    duration_ms = media_end_ms(session, item)
    tracks = catalog.transcripts_of(session, user, item)
    canvas = _canvas(item, links, canvas_id, duration_ms)
    pages = [_caption_page(base, canvas_id, tracks, links)] if tracks else []
    annotations = [
        _on_canvas(m, links.annotations, canvas_id, duration_ms)
        for m in catalog.media_annotations(session, user, item)
        if m.annotation.entity_id or m.annotation.tag or m.annotation.note
    ]
    if annotations:
        pages.append(
            {"id": f"{base}/page/annotations", "type": "AnnotationPage", "items": annotations}
        )
    if pages:
        canvas["annotations"] = pages
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "id": links.manifest,
        "type": "Manifest",
        **_description(item, links.homepage, links.permalink),
        "items": [canvas],
    }
    if tracks:
        result["rendering"] = [_track_body(t.language, t.kind, links) for t in tracks]
    ranges = _ranges(session, user, item, base, canvas_id, duration_ms)
    if item.kind == "film":
        ranges += _scene_ranges(session, user, item, base, canvas_id, duration_ms)
    if links.poster:
        result["thumbnail"] = [{"id": links.poster, "type": "Image", "format": "image/jpeg"}]
    if ranges:
        result["structures"] = ranges
    return result


def _on_canvas(moment: Moment, links: Links, canvas_id: str, duration_ms: int) -> dict[str, Any]:
    """A Web Annotation targeting its stretch of the canvas (recipe 0103); one over no time
    (a clip's tags, written before its length was known) covers the whole canvas."""
    annotation = web_annotation(moment, links, target=canvas_id)
    start, end = moment.annotation.start_ms, moment.annotation.end_ms
    end = min(end if end > start else duration_ms, duration_ms)
    start = min(start, max(end - 1, 0))
    annotation["target"] = fragment_target(canvas_id, start, end)
    return annotation


def _is_video(item: MediaItem) -> bool:
    technical = item.technical or {}
    return bool(technical.get("video_codec")) or (
        item.kind != "interview" and not technical.get("audio_codec")
    )


def _canvas(
    item: MediaItem, links: ManifestLinks, canvas_id: str, duration_ms: int
) -> dict[str, Any]:
    is_video = _is_video(item)
    technical = item.technical or {}
    canvas: dict[str, Any] = {
        "id": canvas_id,
        "type": "Canvas",
        "label": _text(item.title),
        "duration": duration_ms / 1000,
        "items": [_painting(canvas_id, item, links, is_video, duration_ms)],
    }
    if is_video and technical.get("width") and technical.get("height"):
        canvas["width"], canvas["height"] = technical["width"], technical["height"]
    return canvas


def _caption_page(
    base: str, canvas_id: str, tracks: list[Transcript], links: ManifestLinks
) -> dict[str, Any]:
    """One supplementing annotation per track over the whole canvas, as recipe 0219 has it."""
    return {
        "id": f"{base}/page/captions",
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"{base}/annotation/captions-{t.language}",
                "type": "Annotation",
                "motivation": "supplementing",
                "body": _track_body(t.language, t.kind, links),
                "target": canvas_id,
            }
            for t in tracks
        ],
    }


def _homepages(title: str, homepage: str, permalink: str | None) -> list[dict[str, Any]]:
    pages = [{"id": homepage, "type": "Text", "label": _text(title), "format": "text/html"}]
    if permalink:  # the persistent identifier's address: it outlives the page's slug
        label = _text(f"{title} (permalink)")
        pages.append({"id": permalink, "type": "Text", "label": label, "format": "text/html"})
    return pages


def _description(item: MediaItem, homepage: str, permalink: str | None = None) -> dict[str, Any]:
    """Label, summary, metadata, rights and the statement a viewer must show, homepage."""
    held = rights.of_item(item)
    attribution = held.credit or held.holder or item.source_archive
    statement = (
        _pair("Attribution", attribution)
        if attribution
        else _pair("Rights", item.rights or "Not evaluated")
    )
    described: dict[str, Any] = {
        "label": _text(item.title),
        "metadata": _metadata(item, held),
        "rights": held.uri or licences.find_in(item.rights) or NOT_EVALUATED,
        "requiredStatement": statement,
        "homepage": _homepages(item.title, homepage, permalink),
    }
    if item.description:
        described["summary"] = _text(item.description)
    return described


def collection(
    session: Session, user: User | None, film: Film, links: CollectionLinks
) -> dict[str, Any]:
    """The film as a IIIF Collection: the manifests of its media the reader may see."""
    items = [
        {"id": links.manifest(item.slug), "type": "Manifest", "label": _text(item.title)}
        for item in catalog.film_media_items(session, user, film)
    ]
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "id": links.collection,
        "type": "Collection",
        "label": _text(film.title),
        "rights": film.rights_uri or NOT_EVALUATED,
        "requiredStatement": _pair(
            "Attribution", film.credit_line or film.rights_holder or film.title
        ),
        "homepage": _homepages(film.title, links.homepage, links.permalink),
        "items": items,
    }
    if film.synopsis:
        result["summary"] = _text(film.synopsis)
    return result


def _painting(
    canvas_id: str, item: MediaItem, links: ManifestLinks, is_video: bool, duration_ms: int
) -> dict[str, Any]:
    page: dict[str, Any] = {"id": f"{canvas_id}/page/1", "type": "AnnotationPage", "items": []}
    if links.media_file:
        body: dict[str, Any] = {
            "id": links.media_file,
            "type": "Video" if is_video else "Sound",
            "format": links.media_format,
            "duration": duration_ms / 1000,
        }
        technical = item.technical or {}
        if is_video and technical.get("width") and technical.get("height"):
            body["width"], body["height"] = technical["width"], technical["height"]
        page["items"].append(
            {
                "id": f"{canvas_id}/annotation/media",
                "type": "Annotation",
                "motivation": "painting",
                "body": body,
                "target": canvas_id,
            }
        )
    return page


def _track_body(language: str, kind: str, links: ManifestLinks) -> dict[str, Any]:
    return {
        "id": links.captions(language),
        "type": "Text",
        "format": "text/vtt",
        "language": language,
        "label": _text(f"{language.upper()} {TRACK_LABELS.get(kind, kind)}", "en"),
    }


def _metadata(item: MediaItem, held: rights.Rights) -> list[dict[str, Any]]:
    fields = [
        ("Kind", item.kind),
        ("Date", item.date_text),
        ("Place", item.place),
        ("Interviewee", item.interviewee),
        ("Interviewer", item.interviewer),
        ("Source", item.source_archive),
        ("Collection", item.source_collection),
        ("Identifier", item.identifier),
        ("Credit", held.credit),
        ("Rights holder", held.holder),
        ("Rights", held.label),
        ("Terms for reuse", held.terms),
        ("Rights note", item.rights),
        ("Persistent identifier", item.pid),
    ]
    return [_pair(label, value) for label, value in fields if value]


def _ranges(
    session: Session,
    user: User | None,
    item: MediaItem,
    base: str,
    canvas_id: str,
    duration_ms: int,
) -> list[dict[str, Any]]:
    chapters = with_ends(chapters_of(session, item, user), duration_ms)
    if not chapters:
        return []
    items = []
    for number, (chapter, end) in enumerate(chapters, 1):
        end = min(end or duration_ms, duration_ms)
        if end <= chapter.start_ms:
            continue
        label = _text(chapter.title, chapter.language or "none")
        items.append(
            {
                "id": f"{base}/range/chapter-{number}",
                "type": "Range",
                "label": label,
                "items": [
                    {
                        "id": f"{canvas_id}#{media_fragment(chapter.start_ms, end)}",
                        "type": "Canvas",
                    }
                ],
            }
        )
    return [
        {
            "id": f"{base}/range/chapters",
            "type": "Range",
            "label": _text("Chapters", "en"),
            "items": items,
        }
    ]


def _scene_ranges(
    session: Session,
    user: User | None,
    item: MediaItem,
    base: str,
    canvas_id: str,
    duration_ms: int,
) -> list[dict[str, Any]]:
    """The finished film's scenes, each labelled with the source on screen (from its cut)."""
    items = []
    for film in item.films:
        for number, scene in enumerate(filmcut.scenes(session, user, film), 1):
            end = min(scene.film_out_ms, duration_ms)
            if end <= scene.film_in_ms:
                continue
            items.append(
                {
                    "id": f"{base}/range/{film.slug}-scene-{number}",
                    "type": "Range",
                    "label": _text(scene.media.title),
                    "items": [
                        {
                            "id": f"{canvas_id}#{media_fragment(scene.film_in_ms, end)}",
                            "type": "Canvas",
                        }
                    ],
                }
            )
    if not items:
        return []
    label = _text("Scenes and their sources", "en")
    return [{"id": f"{base}/range/scenes", "type": "Range", "label": label, "items": items}]
