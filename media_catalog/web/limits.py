"""Rate limits on what a crowd or a script could abuse: sign-in, search (web and API), and the
work a request sets off (guide PDFs, shared clips cut on first request, sub-clip exports).
Flask-Limiter counts per client address (the real one behind a proxy: PROXY_HOPS) in shared
storage, so the limit holds across worker processes and machines: Redis when REDIS_URL is set,
else the catalog database (rate_limits.py). Never `memory://`: each worker would count alone.

The sign-in throttle per account and address (accounts.claim_attempt: failures only, cleared by
the right password) stays as it is: it is a lockout policy, not a rate, and answers before any
password is checked. The limit here bounds one address spraying many accounts."""

from __future__ import annotations

import logging

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from .. import rate_limits
from ..errors import ConfigError

# endpoint -> (the setting holding its limit, the methods it counts)
LIMITED = {
    "auth.login": ("RATE_LIMIT_SIGN_IN", ["POST"]),
    "search.show": ("RATE_LIMIT_SEARCH", None),
    "api.search_moments": ("RATE_LIMIT_SEARCH", None),
    "guides.pdf": ("RATE_LIMIT_EXPORTS", None),
    "shared.clip": ("RATE_LIMIT_EXPORTS", None),
    "reels.start_subclips": ("RATE_LIMIT_EXPORTS", None),
}
log = logging.getLogger(__name__)


def storage_for(app: Flask) -> tuple[str, dict]:
    """(storage uri, options) for Flask-Limiter: Redis, or the catalog database, each counted
    in leases (rate_limits.LeasedStorage)."""
    if url := app.config["REDIS_URL"]:
        return rate_limits.LEASED + _limits_redis_uri(url), {}
    engine = app.extensions["media_catalog"]["engine"]
    return f"{rate_limits.LEASED}{rate_limits.SCHEME}://", {"engine": engine}


def _limits_redis_uri(url: str) -> str:
    """REDIS_URL as the `limits` library names it: the job queue (redis-py) and
    scripts/redis.sh say unix:///path for a socket, `limits` says redis+unix:///path."""
    scheme = url.partition("://")[0]
    if scheme == "unix":
        return "redis+unix://" + url.removeprefix("unix://")
    if scheme not in ("redis", "rediss", "redis+unix"):
        raise ConfigError(
            f"REDIS_URL {url!r}: give redis://host:6379/0, rediss://… or unix:///path/redis.sock"
        )
    return url


def register(app: Flask) -> None:
    """After the blueprints: wraps the limited views of this app."""
    uri, options = storage_for(app)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=uri,
        storage_options=options,
        strategy="fixed-window",
        headers_enabled=True,  # RateLimit-* and Retry-After tell a client when to come back
        # A storage outage must not take the site down with it: requests pass, the log says so.
        swallow_errors=True,
        enabled=app.config["RATE_LIMITS_ENABLED"],
    )
    # Every limit here is on a view (checked by its decorator); Flask-Limiter's check before
    # every request looks for application-wide limits, of which there are none, at about a
    # tenth of a millisecond per request on every route.
    checks = app.before_request_funcs.get(None, [])
    checks[:] = [check for check in checks if check != limiter._check_request_limit]
    for endpoint, (setting, methods) in LIMITED.items():
        view = app.view_functions[endpoint]
        # One budget per setting: web and API search draw on the same count.
        app.view_functions[endpoint] = limiter.shared_limit(
            app.config[setting], scope=setting.lower(), methods=methods
        )(view)
    app.extensions["media_catalog"]["limiter"] = limiter
