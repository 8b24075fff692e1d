"""The editors' workbench: one server-rendered page, its static files and the offline API docs.

Everything the page loads is served from here (no CDN, no external font); the routes are in
`service.routes.web`. The Swagger UI and ReDoc bundles come from the `fastapi-offline` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
}

# The page runs only its own script and style; it talks only to this service.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc set inline styles and ReDoc runs a blob: worker; scripts stay 'self' only.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def html_headers(csp: str) -> dict[str, str]:
    """Headers of every HTML answer of the workbench and the docs."""
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


@dataclass(frozen=True)
class Asset:
    """A file the service serves: where it is and its media type."""

    path: Path
    media_type: str


def _assets(folder: Path) -> dict[str, Asset]:
    return {
        item.name: Asset(item, MEDIA_TYPES[item.suffix])
        for item in sorted(folder.iterdir())
        if item.is_file() and item.suffix in MEDIA_TYPES
    }


def page_assets() -> dict[str, Asset]:
    """The workbench's own files, by name (the only names `/static/web/` answers)."""
    return _assets(STATIC_DIR)


def docs_assets() -> dict[str, Asset]:
    """Swagger UI and ReDoc bundles shipped by `fastapi-offline`, by name."""
    folder = Path(str(resources.files("fastapi_offline") / "static"))
    return _assets(folder)


# ReDoc's sidebar shows a logo from its vendor's CDN; the page must not reach outside the service.
_REDOC_LOGO = (b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"/static/web/favicon.svg")


@lru_cache(maxsize=8)
def docs_asset_bytes(name: str) -> bytes:
    """A docs bundle's bytes, with ReDoc's outside logo pointed at our own icon."""
    data = docs_assets()[name].path.read_bytes()
    return data.replace(*_REDOC_LOGO) if name == "redoc.standalone.js" else data


def template(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")
