"""The Django project: settings, URLs, WSGI/ASGI entry points, and the `serve` / `demo` commands."""
