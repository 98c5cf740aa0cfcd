from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path
from types import ModuleType

import pytest


def _load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> ModuleType:
    """The settings module as it reads a given environment (Django's own settings stay untouched)."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path))
    for key in ("DATABASE_URL", "GONGKAI_SECRET_KEY", "GONGKAI_DEBUG", "GONGKAI_HTTPS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    import gongkai.site.settings as module

    return importlib.reload(module)


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import gongkai.site.settings as module

    def load(**env: str):
        return _load_settings(monkeypatch, tmp_path, **env)

    yield load
    # Put the module back as the test run configured it.
    monkeypatch.undo()
    importlib.reload(module)


def test_defaults_sqlite_in_data_dir_and_secret_key_kept(fresh_settings, tmp_path: Path) -> None:
    first = fresh_settings()
    assert first.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(first.DATABASES["default"]["NAME"]) == tmp_path / "gongkai.sqlite3"
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first.SECRET_KEY
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = fresh_settings()
    assert again.SECRET_KEY == first.SECRET_KEY  # kept, not regenerated
    assert first.DEBUG is False
    assert first.LANGUAGE_CODE == "zh-hans"
    assert first.TIME_ZONE == "Asia/Shanghai"


def test_database_url_switches_to_postgresql(fresh_settings) -> None:
    loaded = fresh_settings(DATABASE_URL="postgres://someone@db.example:5432/gongkai")
    db = loaded.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"], db["USER"]) == ("db.example", "gongkai", "someone")


def test_debug_only_when_asked_and_https_makes_cookies_secure(fresh_settings) -> None:
    assert fresh_settings(GONGKAI_DEBUG="1").DEBUG is True
    plain = fresh_settings()
    assert plain.SESSION_COOKIE_SECURE is False
    assert plain.SESSION_COOKIE_HTTPONLY and plain.CSRF_COOKIE_HTTPONLY
    https = fresh_settings(GONGKAI_HTTPS="1")
    assert https.SESSION_COOKIE_SECURE and https.CSRF_COOKIE_SECURE
    assert https.SECURE_HSTS_SECONDS > 0 and https.SECURE_SSL_REDIRECT


def test_secret_key_from_environment_wins(fresh_settings, tmp_path: Path) -> None:
    loaded = fresh_settings(GONGKAI_SECRET_KEY="from-env")
    assert loaded.SECRET_KEY == "from-env"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.django_db
def test_security_headers_on_pages(client) -> None:
    response = client.get("/staff/login/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    assert "HttpOnly" in str(response.cookies["csrftoken"])
    assert "工作人员登录" in response.content.decode()
