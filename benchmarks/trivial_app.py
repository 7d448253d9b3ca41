"""The throughput ceiling: a trivial Flask JSON endpoint, served by gunicorn exactly as the
catalog is in benchmarks/web.py."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def ping():  # type: ignore[no-untyped-def]
    return jsonify(ok=True)
