"""Exports of catalog material for other tools: a reel as an editing timeline (timelines.py) and
as media files cut from its sources (subclips.py)."""
