"""WSGI entry point: `gunicorn server:app` (or any WSGI server)."""

from sheetsync.service.http import create_app

app = create_app()
