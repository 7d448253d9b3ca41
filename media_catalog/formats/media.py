"""Every call to ffmpeg/ffprobe lives here, behind small functions tests can replace: probing,
poster frames, thumbnail strips, waveform images, browser-playable proxies and generated demo
media."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import ffmpeg

THUMBNAIL_COUNT = 10
THUMBNAIL_WIDTH = 160
PROXY_HEIGHT = 360
WAVEFORM_SIZE = "1200x160"
AUDIO_SUFFIXES = {".m4a", ".mp3", ".aac", ".wav", ".ogg", ".oga", ".flac", ".opus"}
BROWSER_VIDEO_CODECS = {"h264"}
BROWSER_AUDIO_CODECS = {"aac", "mp3"}
BROWSER_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2"}


class MediaError(Exception):
    """ffmpeg could not read or write a file; the message is ffmpeg's own last line."""


@dataclass
class ProbeResult:
    duration_ms: int | None
    frame_rate: float | None
    start_timecode: str | None
    width: int | None
    height: int | None
    video_codec: str | None
    audio_codec: str | None
    container: str
    summary: dict = field(default_factory=dict)  # type: ignore[type-arg]

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def is_browser_playable(self) -> bool:
        return (
            self.container in BROWSER_CONTAINERS
            and (self.video_codec is None or self.video_codec in BROWSER_VIDEO_CODECS)
            and (self.audio_codec is None or self.audio_codec in BROWSER_AUDIO_CODECS)
        )


def ffmpeg_available() -> bool:
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def _error_line(exc: ffmpeg.Error) -> str:
    lines = [line for line in (exc.stderr or b"").decode("utf-8", "replace").splitlines() if line]
    return lines[-1].strip() if lines else "ffmpeg failed"


def probe(path: Path) -> ProbeResult:
    try:
        info = ffmpeg.probe(str(path))
    except ffmpeg.Error as exc:
        raise MediaError(_error_line(exc)) from None
    streams = info.get("streams", [])
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    fmt = info.get("format", {})
    if video is None and audio is None:
        raise MediaError("no audio or video stream")
    duration = fmt.get("duration") or (video or audio or {}).get("duration")
    rate = None
    if video and video.get("avg_frame_rate") not in (None, "0/0"):
        rate = round(float(Fraction(video["avg_frame_rate"])), 3)
    timecode = (fmt.get("tags", {}) or {}).get("timecode") or next(
        (s.get("tags", {}).get("timecode") for s in streams if s.get("tags", {}).get("timecode")),
        None,
    )
    summary = {
        "format": fmt.get("format_long_name") or fmt.get("format_name"),
        "size_bytes": int(fmt["size"]) if fmt.get("size") else None,
        "bit_rate": int(fmt["bit_rate"]) if fmt.get("bit_rate") else None,
        "streams": [
            {
                k: s.get(k)
                for k in (
                    "index",
                    "codec_type",
                    "codec_name",
                    "profile",
                    "width",
                    "height",
                    "avg_frame_rate",
                    "sample_rate",
                    "channels",
                )
                if s.get(k) is not None
            }
            for s in streams
        ],
    }
    return ProbeResult(
        duration_ms=round(float(duration) * 1000) if duration else None,
        frame_rate=rate,
        start_timecode=timecode,
        width=video.get("width") if video else None,
        height=video.get("height") if video else None,
        video_codec=video.get("codec_name") if video else None,
        audio_codec=audio.get("codec_name") if audio else None,
        container=fmt.get("format_name", ""),
        summary=summary,
    )


def _run(stream: ffmpeg.nodes.OutputStream) -> None:
    try:
        stream.overwrite_output().run(quiet=True)
    except ffmpeg.Error as exc:
        raise MediaError(_error_line(exc)) from None


def make_poster(source: Path, target: Path, at_ms: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _run(ffmpeg.input(str(source), ss=at_ms / 1000).output(str(target), vframes=1, **{"q:v": 3}))


def make_thumbnail_strip(
    source: Path, target: Path, duration_ms: int, count: int = THUMBNAIL_COUNT
) -> None:
    """One image of `count` frames side by side, taken evenly across the media."""
    target.parent.mkdir(parents=True, exist_ok=True)
    interval = max(duration_ms / 1000 / count, 0.04)
    stream = (
        ffmpeg.input(str(source))
        .filter("fps", fps=f"1/{interval:.3f}")
        .filter("scale", THUMBNAIL_WIDTH, -2)
        .filter("tile", f"{count}x1")
    )
    _run(stream.output(str(target), vframes=1, **{"q:v": 4}))


def make_waveform(source: Path, target: Path) -> None:
    """A PNG of the whole recording's waveform (ffmpeg showwavespic), for audio-only items:
    the player lays it under the seek position so a listener sees pauses and speech."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stream = ffmpeg.input(str(source)).audio.filter(
        "showwavespic", s=WAVEFORM_SIZE, scale="sqrt", colors="0x1d4e89"
    )
    _run(stream.output(str(target), vframes=1))


def make_proxy(source: Path, target: Path, probed: ProbeResult) -> None:
    """H.264/AAC MP4 at 360p with a keyframe every second, so later cuts land close."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = ffmpeg.input(str(source))
    streams = []
    options: dict = {"movflags": "+faststart"}  # type: ignore[type-arg]
    if probed.has_video:
        streams.append(src.video.filter("scale", -2, PROXY_HEIGHT))
        options.update(
            {
                "c:v": "libx264",
                "preset": "veryfast",
                "crf": 23,
                "pix_fmt": "yuv420p",
                "g": max(1, round(probed.frame_rate or 25)),
            }
        )
    if probed.has_audio:
        streams.append(src.audio)
        options.update({"c:a": "aac", "b:a": "128k"})
    _run(ffmpeg.output(*streams, str(target), **options))


def make_test_pattern(
    target: Path,
    *,
    title: str,
    duration_s: float,
    frame_rate: float = 25,
    tone_hz: int = 440,
    start_timecode: str | None = None,
    still: bool = False,
    speech: Path | None = None,
) -> None:
    """A demo clip: moving test pattern (or a still card, cheap for long interviews), the title
    and a running timecode burned in, a quiet tone (or `speech`, a recording, at full volume). A
    target with an audio suffix (.m4a) gets the sound alone, for interviews recorded without a
    camera."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() in AUDIO_SUFFIXES:
        sound = (
            _demo_speech(duration_s, tone_hz)
            if speech is None
            else ffmpeg.input(str(speech)).filter("apad", whole_dur=duration_s)
        )
        _run(sound.output(str(target), **{"c:a": "aac", "b:a": "64k"}))
        return
    source = "color=c=0x23303f:" if still else "testsrc2="
    video = ffmpeg.input(f"{source}size=640x360:rate={frame_rate}:duration={duration_s}", f="lavfi")
    audio = ffmpeg.input(f"sine=frequency={tone_hz}:duration={duration_s}", f="lavfi")
    if speech is not None:
        audio = ffmpeg.input(str(speech)).filter("apad", whole_dur=duration_s)
    font = _font_file()
    text_options = {"fontfile": font} if font else {}
    video = video.drawbox(x=0, y=250, width="iw", height=110, color="black@0.6", thickness="fill")
    video = video.filter(
        "drawtext",
        text=_drawtext_escape(title[:60]),
        x=20,
        y=265,
        fontsize=22,
        fontcolor="white",
        **text_options,
    )
    video = video.filter(
        "drawtext", text="%{pts:hms}", x=20, y=310, fontsize=26, fontcolor="yellow", **text_options
    )
    options = {
        "c:v": "libx264",
        "preset": "veryfast",
        "pix_fmt": "yuv420p",
        "g": round(frame_rate),
        "c:a": "aac",
        "b:a": "64k",
        "movflags": "+faststart",
        "shortest": None,
    }
    if speech is None:
        options["af"] = "volume=0.2"
    if start_timecode:
        options["timecode"] = start_timecode
    _run(ffmpeg.output(video, audio, str(target), **options))


def _demo_speech(duration_s: float, tone_hz: int) -> ffmpeg.nodes.FilterableStream:
    """A tone that swells and fades every few seconds, so the waveform looks like phrases and
    pauses rather than a flat bar."""
    tone = ffmpeg.input(f"sine=frequency={tone_hz}:duration={duration_s}", f="lavfi")
    return tone.filter(
        "volume", volume="0.03+1.6*abs(sin(t*2.1)*sin(t*0.7))*gt(sin(t*0.37),-0.3)", eval="frame"
    )


def _drawtext_escape(text: str) -> str:
    """ffmpeg-python escapes filter syntax; drawtext's own expansion (%) and quotes remain."""
    return text.replace("'", "\u2019").replace("%", " percent")


def _font_file() -> str | None:
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ):
        if Path(candidate).exists():
            return candidate
    return None


def cut_clip(
    source: Path,
    target: Path,
    start_ms: int,
    duration_ms: int,
    *,
    accurate: bool = False,
    timecode: str | None = None,
    burn_timecode: bool = False,
    frame_rate: float | None = None,
    captions: Path | None = None,
) -> None:
    """A stretch of a media file as its own file. By stream copy (accurate=False) the cut lands
    on the keyframe at or before the start, so the clip may begin a little early; re-encoding
    (accurate=True) cuts at the exact frame. `timecode` stamps the clip's first frame with its
    source timecode, so editing software can relink it; the review options burn the running
    timecode and a caption file (SRT, times from the clip's start) into the picture."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = ffmpeg.input(str(source), ss=f"{start_ms / 1000:.3f}", t=f"{duration_ms / 1000:.3f}")
    options: dict = {}  # type: ignore[type-arg]
    if timecode:
        options["timecode"] = timecode
    if not accurate:
        # No +faststart here: editing software does not stream, and moving the index to the
        # front rewrites the whole file (it doubled the time of a copy cut in the benchmark).
        options.update({"c": "copy", "avoid_negative_ts": "make_zero"})
        _run(ffmpeg.output(src, str(target), **options))
        return
    options["movflags"] = "+faststart"  # re-encoded clips also play in the browser (shared reels)
    probed = probe(source)
    streams = []
    if probed.has_video:
        video = src.video
        if burn_timecode and timecode:
            font = _font_file()
            video = video.filter(
                "drawtext",
                timecode=timecode,  # ffmpeg-python escapes the colons itself
                rate=str(frame_rate or probed.frame_rate or 25),
                x="(w-tw)/2",
                y=10,
                fontsize="h/18",
                fontcolor="white",
                box=1,
                boxcolor="black@0.6",
                **({"fontfile": font} if font else {}),
            )
        if captions is not None:
            video = video.filter("subtitles", str(captions))
        streams.append(video)
        options.update({"c:v": "libx264", "preset": "veryfast", "crf": 20, "pix_fmt": "yuv420p"})
    if probed.has_audio:
        streams.append(src.audio)
        options.update({"c:a": "aac", "b:a": "128k"})
    _run(ffmpeg.output(*streams, str(target), **options))


REDACTED_SLATE = "REDACTED"


def make_redacted_copy(
    source: Path, target: Path, ranges_ms: list[tuple[int, int]], probed: ProbeResult
) -> None:
    """The access copy: the same recording with each range's sound silenced and its picture
    blacked out under a visible slate, re-encoded whole (a keyframe every second, as proxies)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    enable = "+".join(f"between(t,{a / 1000:.3f},{b / 1000:.3f})" for a, b in ranges_ms)
    src = ffmpeg.input(str(source))
    streams = []
    options: dict = {"movflags": "+faststart"}  # type: ignore[type-arg]
    if probed.has_video:
        font = _font_file()
        video = src.video.drawbox(
            x=0, y=0, width="iw", height="ih", color="black", thickness="fill", enable=enable
        )
        video = video.filter(
            "drawtext",
            text=REDACTED_SLATE,
            x="(w-tw)/2",
            y="(h-th)/2",
            fontsize="h/16",
            fontcolor="white",
            enable=enable,
            **({"fontfile": font} if font else {}),
        )
        streams.append(video)
        options.update(
            {
                "c:v": "libx264",
                "preset": "veryfast",
                "crf": 20,
                "pix_fmt": "yuv420p",
                "g": max(1, round(probed.frame_rate or 25)),
            }
        )
    if probed.has_audio:
        streams.append(src.audio.filter("volume", volume=0, enable=enable))
        options.update({"c:a": "aac", "b:a": "128k"})
    _run(ffmpeg.output(*streams, str(target), **options))


SPEECH_RATE = 16000  # what the speech engines read: 16 kHz mono signed 16-bit PCM


def read_speech_audio(source: Path) -> bytes:
    """The first audio stream of `source` as 16 kHz mono s16le PCM (the engines' input)."""
    try:
        pcm, _ = (
            ffmpeg.input(str(source))
            .output("pipe:", format="s16le", acodec="pcm_s16le", ac=1, ar=SPEECH_RATE)
            .global_args("-map", "0:a:0")
            .run(capture_stdout=True, capture_stderr=True)
        )
    except ffmpeg.Error as exc:
        raise MediaError(_error_line(exc)) from None
    return bytes(pcm)
