"""Linking transcript segments to the authority: names and aliases found in text (mentions),
speakers (speaking), dates spoken, and name-like phrases that match nothing (candidates)."""
