"""The Flask app: the form at `/`, and the JSON API (`POST /api/pdf`, `POST /api/preview`).

Every answer to a user's mistake is a 4xx with JSON {"errors": {field: message}}; a request body
over MAX_BODY bytes is refused before it is read (413). A bug answers 500 with a short message
and never a traceback (it is logged on the server).
"""
from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from leaflets.diagnostics import LeafletError
from leaflets.web.catalogue import catalogue
from leaflets.web.messages import PAGE_LANGUAGES, WORDS, page_language, worded
from leaflets.web.orders import Problem, parse_order
from leaflets.web.service import Studio

MAX_BODY = 64 * 1024      # bytes: a request is a few hundred; a logo is never uploaded


def create_app(studio: Studio) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, JSON_SORT_KEYS=False)
    app.json.ensure_ascii = False

    @app.get("/")
    def index():
        language = page_language(request.args.get("lang"), request.accept_languages)
        return render_template("index.html", lang=language, words=WORDS[language],
                               catalogue=catalogue(studio.project, language))

    @app.post("/api/pdf")
    def api_pdf():
        order, failed = _order(studio)
        if failed:
            return failed
        try:
            made = studio.make(order)
        except LeafletError as exc:
            return _errors({"clinic": Problem("does-not-fit", _said(exc))}, 422)
        response = Response(made.pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response

    @app.post("/api/preview")
    def api_preview():
        order, failed = _order(studio, want_page=True)
        if failed:
            return failed
        try:
            png, count = studio.preview(order)
        except LeafletError as exc:
            return _errors({"clinic": Problem("does-not-fit", _said(exc))}, 422)
        except IndexError as exc:
            return _errors({"page": Problem("out-of-range", f"the leaflet has {exc.args[0]} pages")}, 422)
        response = Response(png, mimetype="image/png")
        response.headers["X-Page-Count"] = str(count)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            what = {413: f"the request is too large (at most {MAX_BODY // 1024} KB)"}.get(exc.code, exc.description)
            return _errors({"body": Problem("http", what)}, exc.code or 400)
        return exc

    @app.errorhandler(Exception)
    def bug(exc: Exception):
        app.logger.exception("a bug in leaflets while answering %s", request.path)
        return jsonify({"errors": {"server": "something went wrong on the server (a bug, logged there)"}}), 500

    @app.after_request
    def headers(response: Response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app


def _order(studio: Studio, want_page: bool = False):
    """(Order, None) or (None, a 4xx response naming each field that is wrong)."""
    raw = request.get_data(cache=False)         # MAX_CONTENT_LENGTH: a larger body is refused unread
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, _errors({"body": Problem("not-json", "the body is not UTF-8 text")}, 400)
    except (ValueError, RecursionError) as exc:
        return None, _errors({"body": Problem("not-json", f"the body is not JSON ({_short(exc)})")}, 400)
    order, problems = parse_order(studio.project, body, want_page)
    if problems:
        return None, _errors(problems, 422)
    return order, None


def _errors(problems: dict, status: int):
    """The checker's own words for scripts; the page (which sends ?lang=) gets them worded for people."""
    language = request.args.get("lang")
    if language in PAGE_LANGUAGES:
        return jsonify({"errors": worded(problems, language)}), status
    return jsonify({"errors": {name: problem.message for name, problem in problems.items()}}), status


def _said(exc: LeafletError) -> str:
    return "; ".join(d.message for d in exc.diagnostics if d.severity == "error") or \
        "the leaflet cannot be made with these details"


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120]


def serve(root: Path, host: str, port: int) -> None:
    """Load the project, then serve until Ctrl-C (the CLI's `serve`)."""
    app = create_app(Studio.open(root))
    app.run(host=host, port=port, threaded=True, use_reloader=False)
