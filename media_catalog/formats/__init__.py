"""File formats the catalog reads and writes, shared by every feature: subtitle cues, text
encodings, caption tracks, and media through ffmpeg (the one module that calls it)."""
