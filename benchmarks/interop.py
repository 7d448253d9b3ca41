"""Exchange formats at scale: an OHMS 5.4 file of a long interview (a word every 0.4 s, a sync
mark a minute, an index point every 3 minutes) read, imported into a fresh SQLite catalog and
exported again; the IIIF manifest of that item; a film cut of many events imported and matched.
Baselines in the same run: ElementTree parsing the same XML, OpenTimelineIO reading the same EDL.

    python benchmarks/interop.py [--hours 1 3] [--events 200 1000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import figure  # noqa: E402

WORDS = (
    "we applied for visas in nineteen seventy six and were refused the letter said secrecy "
    "my father lost his job at the institute friends came to the apartment every evening"
).split()
WORDS_PER_MINUTE = 150
LINE_WIDTH = 80


def ohms_file(path: Path, hours: int) -> int:
    """Write an OHMS 5.4 file of `hours` hours of interview; returns its word count."""
    rng = random.Random(hours)
    lines: list[str] = []
    marks: list[str] = []
    words_total = hours * 60 * WORDS_PER_MINUTE
    speaker, line, written = "", "", 0
    while written < words_total:
        if written % 120 == 0:  # a new speaker turn every 120 words
            if line:
                lines.append(line)
            lines.append("")
            speaker = "ROE" if speaker != "ROE" else "NUDEL"
            line = f"{speaker}:"
        if written and written % WORDS_PER_MINUTE == 0:
            marks.append(f"{len(lines) + 1}({len(line.split()) + 1})")  # a label counts as a word
        word = rng.choice(WORDS)
        if len(line) + len(word) + 1 > LINE_WIDTH:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
        written += 1
    lines.append(line)
    points = "".join(
        f"<point><time>{minute * 60}</time><title>Part {minute // 3 + 1}</title>"
        f"<keywords>visas;institute</keywords><subjects>Refusal;Moscow</subjects></point>"
        for minute in range(0, hours * 60, 3)
    )
    text = "\n".join(lines[1:]).replace("&", "&amp;").replace("<", "&lt;")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">'
        f"<record><version>5.4</version><title>Benchmark interview {hours} h</title>"
        f"<accession>BENCH-{hours}</accession><duration>{hours:02d}:00:00</duration>"
        f"<sync>1:|{'|'.join(marks)}</sync><language>English</language><index>{points}</index>"
        f"<transcript>{text}</transcript></record></ROOT>\n",
        encoding="utf-8",
    )
    return written


def edl_file(path: Path, events: int, sources: int) -> None:
    rng = random.Random(events)

    def tc(frames: int) -> str:
        s, f = divmod(frames, 25)
        m, s = divmod(s, 60)
        h, m = divmod(m, 60)
        return f"{h:02d}:{m:02d}:{s:02d}:{f:02d}"

    out, record = ["TITLE: BENCHMARK CUT", "FCM: NON-DROP FRAME", ""], 90_000
    for number in range(1, events + 1):
        length = rng.randint(50, 250)
        source = 90_000 + rng.randint(0, 20_000)
        reel = f"R{rng.randint(1, sources + sources // 10):04d}"  # a tenth match nothing
        out.append(
            f"{number:03d}  {reel:<8} V     C        {tc(source)} {tc(source + length)} "
            f"{tc(record)} {tc(record + length)}"
        )
        record += length
    path.write_text("\n".join(out) + "\n")


def _catalog(folder: Path):  # type: ignore[no-untyped-def]
    from media_catalog import migrate
    from media_catalog.db import make_engine, make_session_factory

    engine = make_engine(f"sqlite:///{folder / 'catalog.sqlite3'}")
    migrate.upgrade(engine)
    return make_session_factory(engine)


def measure_ohms(hours: int) -> dict[str, float]:
    from media_catalog.db import transaction
    from media_catalog.interop import iiif
    from media_catalog.interop.ohms import read_ohms
    from media_catalog.interop.ohms_export import export_ohms
    from media_catalog.interop.ohms_import import import_ohms
    from media_catalog.interop.webannotation import Links
    from media_catalog.models import MediaItem

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "interview.xml"
        words = ohms_file(path, hours)
        started = time.perf_counter()
        ET.parse(path)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        record = read_ohms(path)
        read = time.perf_counter() - started
        sessions = _catalog(folder)
        started = time.perf_counter()
        with transaction(sessions) as session:
            result = import_ohms(session, path)
        imported = time.perf_counter() - started
        with sessions() as session:
            item = session.query(MediaItem).filter_by(slug=result.slug).one()
            started = time.perf_counter()
            export_ohms(session, None, item, "5.4")
            exported = time.perf_counter() - started
            links = iiif.ManifestLinks(
                manifest="https://example.org/iiif/x/manifest.json",
                media_file=None,
                media_format="audio/mp4",
                captions=lambda lang: f"https://example.org/{lang}.vtt",
                homepage="https://example.org/media/x",
                annotations=Links(
                    media=lambda s: s, entity=lambda s: s, annotation=lambda s, i: f"{s}#{i}"
                ),
            )
            started = time.perf_counter()
            iiif.manifest(session, None, item, links)
            manifest = time.perf_counter() - started
    return {
        "words": words,
        "segments": sum(len(t.cues) for t in record.tracks),
        "baseline": baseline,
        "read": read,
        "import": imported,
        "export": exported,
        "manifest": manifest,
    }


def measure_cut(events: int, sources: int = 100) -> dict[str, float]:
    import opentimelineio as otio

    from media_catalog.db import transaction
    from media_catalog.ingest.filmcut import import_cut
    from media_catalog.models import Film, MediaItem

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "cut.edl"
        edl_file(path, events, sources)
        started = time.perf_counter()
        otio.adapters.read_from_file(str(path), adapter_name="cmx_3600", rate=25)
        baseline = time.perf_counter() - started
        sessions = _catalog(folder)
        with transaction(sessions) as session:
            session.add(Film(slug="bench", title="Bench"))
            for n in range(1, sources + 1):
                session.add(
                    MediaItem(
                        slug=f"source-{n}",
                        kind="archival",
                        title=f"Source {n}",
                        identifier=f"R{n:04d}",
                        start_timecode="01:00:00:00",
                        frame_rate=25,
                        duration_ms=3_600_000,
                    )
                )
        started = time.perf_counter()
        with transaction(sessions) as session:
            result = import_cut(session, "bench", path, 25)
        seconds = time.perf_counter() - started
    return {"baseline": baseline, "import": seconds, "matched": result.matched}


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for hours in [1] if quick else [1, 3]:
        m = measure_ohms(hours)
        corpus = f"OHMS 5.4, {hours} h, {m['words']:,} words"
        out += [
            figure(
                "ohms: read (parse + time)",
                m["read"],
                "s",
                "ElementTree parse",
                m["baseline"],
                corpus,
            ),
            figure("ohms: import into SQLite", m["import"], "s", None, None, corpus),
            figure("ohms: export 5.4", m["export"], "s", None, None, corpus),
            figure("iiif: manifest of the item", m["manifest"], "s", None, None, corpus),
        ]
    for events in [200] if quick else [200, 1000]:
        m = measure_cut(events)
        corpus = f"EDL, {events:,} events, 100 sources"
        out += [
            figure("cut: import and match", m["import"], "s", "OTIO read", m["baseline"], corpus),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for record in figures(args.quick):
        ratio = f"  ({record['ratio']:.1f}x {record['baseline']})" if record["ratio"] else ""
        value = f"{record['value']:>9.3f} {record['unit']}"
        print(f"{record['name']:<32}{record['corpus']:<36}{value}{ratio}")


if __name__ == "__main__":
    main()
