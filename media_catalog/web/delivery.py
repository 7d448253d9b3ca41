"""Sending a file the app has decided a visitor may have. Access is always decided here, in the
app; the bytes go out either from Python (Werkzeug's send_file: ranges, ETag, 304) or, when
MEDIA_ACCEL names the front server, as one header that lets nginx (X-Accel-Redirect to an
internal location) or Apache (X-Sendfile) send the file itself, ranges and revalidation included.
The caller sets Cache-Control on what comes back, the same in every mode."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, send_file

# The folders a front server may send from, each under its own internal location: media
# (MEDIA_ROOT) and the reels' cut clips, thumbnails and exports (instance/reels). Nothing else
# of the instance folder (the database, the secret key) is ever mapped.
AREAS = ("media", "reels")


def area_roots() -> dict[str, Path]:
    return {
        "media": Path(current_app.config["MEDIA_ROOT"]).resolve(),
        "reels": (Path(current_app.instance_path) / "reels").resolve(),
    }


def send(
    path: Path | str,
    mimetype: str,
    *,
    as_attachment: bool = False,
    download_name: str | None = None,
) -> Response:
    """The file at `path` (already checked to be one this visitor may have)."""
    mode = current_app.config["MEDIA_ACCEL"]
    located = _locate(Path(path).resolve()) if mode != "off" else None
    if located is None:
        return send_file(
            path,
            mimetype=mimetype,
            conditional=True,
            etag=True,
            as_attachment=as_attachment,
            download_name=download_name,
        )
    area, relative, absolute = located
    response = Response(status=200, mimetype=mimetype)
    if mode == "nginx":
        # nginx sends the file from the internal location with its own ETag and Last-Modified,
        # answers If-None-Match with 304 and Range with 206; it keeps this Content-Type and
        # Cache-Control.
        prefix = current_app.config["MEDIA_ACCEL_PREFIX"].rstrip("/")
        response.headers["X-Accel-Redirect"] = f"{prefix}/{area}/{quote(relative)}"
    else:
        # mod_xsendfile sends the file with Apache's range and conditional handling.
        response.headers["X-Sendfile"] = str(absolute)
    if as_attachment:
        response.headers.set(
            "Content-Disposition", "attachment", filename=download_name or absolute.name
        )
    response.cache_control.no_cache = True  # the caller says otherwise where it may be kept
    return response


def _locate(path: Path) -> tuple[str, str, Path] | None:
    """(area, path inside it, absolute path), or None for a file outside every area, which
    the app then sends itself."""
    for area, root in area_roots().items():
        if path.is_relative_to(root) and path.is_file():
            return area, path.relative_to(root).as_posix(), path
    return None
