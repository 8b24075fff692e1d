"""Browser fixtures: Debian's Chromium driven by Playwright, against a real uvicorn server over the tiny
models. Chromium missing is a failure with the fix in its message, never a skip."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from models.engine import Engine
from service.app import create_app
from tests.service.conftest import ServerThread, free_port, make_settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Set TARJAMA_SCREENSHOTS=docs/img to refresh the README's screenshots while the tests run.
SCREENSHOTS = os.environ.get("TARJAMA_SCREENSHOTS")


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "the browser tests need Debian's Chromium: apt-get install -y chromium "
            "(.ci/run installs it when it is missing)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def web_server(engine: Engine, **overrides: Any) -> Iterator[str]:
    """A real server (the app `tarjama serve` builds) on a free loopback port; yields its URL."""
    import uvicorn

    app = create_app(make_settings(**overrides), engine)
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on")
    with ServerThread(config) as server:
        yield server.url


@pytest.fixture(scope="module")
def server(service_engine: Engine) -> Iterator[str]:
    with web_server(service_engine) as url:
        yield url


@dataclass
class Watch:
    """What a page did that a test checks afterwards: requests to other hosts, console errors."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def clean(self, allow: tuple[str, ...] = ()) -> None:
        assert self.outside == [], f"the page tried to reach other hosts: {self.outside}"
        errors = [e for e in self.console_errors if not any(a in e for a in allow)]
        assert errors == [], f"console errors: {errors}"
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"


@contextlib.contextmanager
def open_page(
    browser: Any, url: str, width: int = 1280, height: int = 900, ready: bool = True
) -> Iterator[tuple[Any, Watch]]:
    """A fresh context and page at `url`; every request to a host other than loopback is aborted and noted."""
    watch = Watch()
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)

    def guard(route: Any) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.set_default_timeout(60_000)
    page.goto(url)
    if ready:  # the workbench marks itself ready once its script has wired the page
        page.wait_for_selector("body[data-ready=true]")
    try:
        yield page, watch
    finally:
        context.close()


def screenshot(page: Any, name: str, full_page: bool = True) -> None:
    if SCREENSHOTS:
        page.get_by_test_id("source").evaluate("box => { box.scrollTop = 0; }")  # scrolled by fill()
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=full_page)
