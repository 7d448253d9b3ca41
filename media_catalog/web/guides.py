"""Discussion guides on the web: the host's list and builder, the guide page (print-ready),
its PDF and Markdown, and adding moments from the player, search results and entity pages.
Who may open or edit a guide is decided in guides.py; what a visitor sees of the catalog in
it, through access.py, on every output."""

from __future__ import annotations

from typing import Any

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
from flask_babel import force_locale, get_locale, gettext, ngettext
from sqlalchemy.orm import Session

from .. import catalog, consent, guides
from ..errors import CatalogError, NotFound
from ..guides import drafting, outputs, pdf_job, placing, views
from ..guides.views import GuideView, MomentView
from ..jobs import JobError
from ..models import Film, Guide, GuideMoment
from ..timecode import parse_media_fragment, seconds
from . import consents, forms, guide_builder, locale_formats
from .auth import role_required
from .context import db
from .error_text import describe
from .locale import LANGUAGES, text_direction

bp = Blueprint("guides", __name__, url_prefix="/guides")


def moment_link(moment: MomentView) -> str:
    """The absolute player address of a moment: what its link and QR code open."""
    m = moment.moment
    span = f"{seconds(m.start_ms):g},{seconds(m.end_ms):g}"
    return url_for("player.show", slug=moment.media.slug, t=span, _external=True) + f"#t={span}"


def _document(view: GuideView, template: str, **extra: Any) -> str:
    return render_template(
        template,
        view=view,
        guide=view.guide,
        moment_link=moment_link,
        qr=lambda m: outputs.qr_data_uri(moment_link(m)),
        **extra,
    )


@bp.get("")
def index():  # type: ignore[no-untyped-def]
    session = db()
    return render_template(
        "guides/index.html",
        mine=guides.guides_of(session, g.user),
        published=guides.published_guides(session),
        films=catalog.films(session),
        may_build=guides.access.has_role(g.user, "host"),
    )


@bp.post("/new")
@role_required("host")
def create():  # type: ignore[no-untyped-def]
    session = db()
    film = catalog.film_by_slug(session, request.form.get("film", "")) or abort(404)
    try:
        # Drafted in the language the host works in, and quoted in it when the film has it.
        language = str(get_locale() or "en")
        guide = drafting.draft_guide(
            session,
            g.user,
            film,
            request.form.get("title", ""),
            translate=locale_formats.translate(),
            language=language if language in (film.languages or []) else None,
        )
    except CatalogError as exc:
        session.rollback()
        flash(gettext("Guide not created: %(reason)s", reason=describe(exc)), "error")
        return redirect(url_for("guides.index"))
    session.commit()
    flash(gettext("A draft guide was made from the catalog: edit every part below."))
    return redirect(url_for("guides.edit", token=guide.token))


@bp.get("/<token>")
def show(token: str):  # type: ignore[no-untyped-def]
    session = db()
    guide = guides.guide_by_token(session, g.user, token)
    view = views.guide_view(session, g.user, guide)
    may_edit = guides.can_edit(g.user, guide)
    gaps, left_out = _consent_lapsed(session, view, may_edit)
    note = _left_out_note(left_out) if left_out else ""
    html = _document(
        view, "guides/show.html", may_edit=may_edit, consent_gaps=gaps, left_out_note=note
    )
    return _private(Response(html, mimetype="text/html"))


def _consent_lapsed(session: Session, view: GuideView, may_edit: bool) -> tuple[list, int]:
    """A guide published for screenings was checked when it was published; read later, after a
    consent lapsed or was withdrawn, the moments no longer covered are left out for its readers
    (how many is said), while its editors see them with what is no longer covered, to act on.
    An admin's override for the guide still stands."""
    target = ("guide", str(view.guide.id))
    if view.guide.visibility == "private" or consent.is_overridden(session, target, "screening"):
        return [], 0
    media = {moment.media.id: moment.media for part in view.sections for moment in part.moments}
    unrecorded = current_app.config["CONSENT_UNRECORDED"]
    today = consent.today_utc()
    gaps = [
        gap
        for item in media.values()
        for gap in consent.item_gaps(session, item, "screening", today, unrecorded)
    ]
    if may_edit or not gaps:
        return gaps, 0
    slugs = {gap.item_slug for gap in gaps}
    uncovered = {item.id for item in media.values() if item.slug in slugs}
    return [], views.leave_out_media(view, uncovered)


def _private(response: Response) -> Response:
    # What a guide shows depends on who reads it: never let a shared cache keep a copy.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/<token>/guide.md")
def markdown(token: str):  # type: ignore[no-untyped-def]
    session = db()
    guide = guides.guide_by_token(session, g.user, token)
    view = views.guide_view(session, g.user, guide)
    _gaps, left_out = _consent_lapsed(session, view, guides.can_edit(g.user, guide))
    language = print_language(guide)
    with force_locale(language):
        text = outputs.to_markdown(view, moment_link, gettext, language)
    if left_out:  # said under the title, where a reader looks first
        text = text.replace("\n\n", f"\n\n*{_left_out_note(left_out)}*\n\n", 1)
    response = Response(text, mimetype="text/markdown")
    response.headers["Content-Disposition"] = f'attachment; filename="guide-{token}.md"'
    return _private(response)


def _left_out_note(count: int) -> str:
    return ngettext(
        "%(num)d moment is left out: the consent for screening it no longer covers it.",
        "%(num)d moments are left out: the consent for screening them no longer covers them.",
        count,
    )


def print_language(guide: Guide) -> str:
    """The language a guide's PDF is printed in: `?lang=` when asked (a host may print a Russian
    guide from an English interface), else the guide's own language when the interface has it,
    else the interface's."""
    for candidate in (request.args.get("lang"), guide.language):
        if candidate in LANGUAGES:
            return str(candidate)
    return str(get_locale() or "en")


@bp.get("/<token>/guide.pdf")
def pdf(token: str):  # type: ignore[no-untyped-def]
    session = db()
    view = views.guide_view(session, g.user, guides.guide_by_token(session, g.user, token))
    _check_screening(session, view)
    language = print_language(view.guide)
    with force_locale(language):
        html = _document(view, "guides/pdf.html", print_dir=text_direction(language))
    queue = current_app.extensions["media_catalog"]["queue"]
    wait = float(current_app.config["GUIDE_PDF_WAIT_SECONDS"])
    try:
        path = pdf_job.guide_pdf(queue, g.user, html, request.host_url, wait_seconds=wait)
    except JobError as exc:  # the rendering job failed: say why; the next request tries again
        abort(503, describe(exc))
    if path is None:  # still rendering: the reader comes back, the job keeps going
        response = Response(
            render_template("guides/pdf_pending.html", guide=view.guide), status=503
        )
        response.headers["Retry-After"] = "5"
        return _private(response)
    response = Response(path.read_bytes(), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="guide-{token}.pdf"'
    return _private(response)


def _check_screening(session: Session, view: GuideView) -> None:
    """A printed guide is for a screening: consent lapsed or withdrawn since the guide was
    shared refuses it (403, naming what is not covered among what this reader may see), unless
    an admin overrode consent for the guide."""
    target = ("guide", str(view.guide.id))
    if consent.is_overridden(session, target, "screening"):
        return
    media = [moment.media for part in view.sections for moment in part.moments]
    try:
        consents.check(session, media, "screening", target)
    except consent.ConsentRefused as exc:
        abort(403, describe(exc))


@bp.get("/<token>/edit")
@role_required("host")
def edit(token: str):  # type: ignore[no-untyped-def]
    return _builder(token)


def _builder(token: str, typed: Any = None, status: int = 200):  # type: ignore[no-untyped-def]
    """The builder page; after a save that failed, with what the host typed (`typed`, the
    form) in every field, so nothing is lost and saving again goes through."""
    session = db()
    guide = guides.editable_guide(session, g.user, token)
    view = views.guide_view(session, g.user, guide)
    html = render_template(
        "guides/edit.html",
        view=view,
        guide=guide,
        typed=typed or {},
        kinds=guide_builder.SECTION_LABELS,
        visibilities=guide_builder.VISIBILITY_LABELS,
        languages=guides.language_choices(session, g.user, guide),
        share_url=url_for("guides.show", token=guide.token, _external=True),
    )
    return html, status


@bp.post("/<token>/edit")
@role_required("host")
def save(token: str):  # type: ignore[no-untyped-def]
    """The builder's one form: every field saved together, then the button's action."""
    guide = guides.editable_guide(db(), g.user, token)
    saved, message = forms.attempt(
        lambda session: guide_builder.save_form(session, guide, forms.version()),
        failed=gettext("Guide not saved"),
    )
    if not saved:
        return _builder(token, request.form, 422)
    flash(message)
    verb, target = guide_builder.action()
    anchor = f"#edit-section-{target}" if verb in ("up", "down") else ""
    return redirect(url_for("guides.edit", token=token) + anchor)


@bp.get("/add-moment")
@role_required("host")
def pick_moment():  # type: ignore[no-untyped-def]
    """Where "Add to a guide" on the player, search results and entity pages leads: the moment
    with its excerpt, and which of the host's guides and sections to put it in."""
    session = db()
    item = catalog.media_item(session, g.user, request.args.get("media", ""))
    start_ms, end_ms = parse_media_fragment(f"t={request.args.get('t', '')}")
    start_ms = start_ms or 0
    end_ms = end_ms or start_ms + 30_000
    mine = guides.guides_of(session, g.user)
    language = guides.guide_language(mine[0]) if mine else "en"
    excerpt, excerpt_language, _ = views.excerpt_of(
        session, g.user, item, start_ms, end_ms, language
    )
    likely = {
        guide.id: placing.likely_section(session, g.user, guide, item, start_ms, end_ms)
        for guide in mine
    }
    return render_template(
        "guides/add_moment.html",
        item=item,
        start_ms=start_ms,
        end_ms=end_ms,
        excerpt=excerpt,
        excerpt_language=excerpt_language,
        mine=mine,
        likely=likely,
    )


def _section_id() -> int:
    return forms.whole_number("section", "choose a section of this guide")


@bp.post("/<token>/moments")
@role_required("host")
def add_moment(token: str):  # type: ignore[no-untyped-def]
    guide = guides.editable_guide(db(), g.user, token)
    form = request.form

    def add(session: Session) -> GuideMoment:
        item = catalog.media_item(session, g.user, form.get("media", ""))
        return guides.add_moment(
            session,
            g.user,
            guide,
            _section_id(),
            item,
            forms.time_ms("start", required=True) or 0,
            forms.time_ms("end"),
            form.get("note", ""),
        )

    here = url_for("guides.edit", token=token)
    try:
        return forms.save(
            add,
            done=gettext("Moment added to “%(title)s”.", title=guide.title),
            failed=gettext("Moment not added"),
            target=here,
            then=lambda moment: here + f"#moment-{moment.id}",
        )
    except NotFound:
        flash(gettext("Moment not added: no such media item or section in this guide."), "error")
        return redirect(here)


@bp.post("/<token>/delete")
@role_required("host")
def delete(token: str):  # type: ignore[no-untyped-def]
    session = db()
    guide = guides.editable_guide(session, g.user, token)
    if request.form.get("confirm") != "yes":
        flash(gettext("Not deleted: tick the box to confirm deleting the guide."), "error")
        return redirect(url_for("guides.edit", token=token) + "#delete-guide")
    guides.delete_guide(session, g.user, guide)
    session.commit()
    flash(gettext("Guide “%(title)s” deleted.", title=guide.title))
    return redirect(url_for("guides.index"))


@bp.app_template_global()
def films_with_published_guides(film: Film) -> list[Guide]:
    """The film page lists the film's published guides."""
    return guides.published_guides(db(), film)


@bp.app_template_global()
def may_build_guides() -> bool:
    """Whether to offer "Add to a guide" beside moments (hosts and above)."""
    return guides.access.has_role(g.user, "host")
