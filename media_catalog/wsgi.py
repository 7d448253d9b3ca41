"""The WSGI entry point for production servers: `gunicorn media_catalog.wsgi:app`."""

from __future__ import annotations

import gc

from . import create_app
from .web.request_log import configure_logging

configure_logging()
app = create_app()

# A long interview's page makes tens of thousands of short-lived objects; each collection of
# the youngest generation would also walk everything start-up made (models, templates, routes),
# which never becomes garbage. Freezing it keeps collections small: about a fifth off such pages.
gc.freeze()
