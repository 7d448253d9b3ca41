"""Formats other tools speak: OHMS XML (oral history indexes), IIIF Presentation 3 manifests,
W3C Web Annotations, WebVTT chapter and metadata tracks, and the film's own cut (EDL/OTIO).
Domain code only: functions take a session and a user, never Flask."""
