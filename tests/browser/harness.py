"""A real browser (Debian's Chromium, driven by Playwright) against the site served by a real
Django server in a thread.

The server thread shares the test's database connection, as Django's own live server does for
in-memory SQLite: the browser then sees the data each test makes inside its transaction, which
is rolled back afterwards like every other test's (no flush of the imported territories). The
server is single-threaded so that requests never use that connection at the same time.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


class SingleThreadedLiveServer(LiveServerThread):
    server_class = WSGIServer

    def _create_server(self, connections_override=None):
        # The thread's connections are already the test's (LiveServerThread.run).
        return self.server_class((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


@pytest.fixture
def site_server(db, settings):
    """The site on http://127.0.0.1:<port>, serving this test's data."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    connection = connections["default"]
    connection.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    thread = SingleThreadedLiveServer("127.0.0.1", StaticFilesHandler, connections_override={"default": connection})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    connection.dec_thread_sharing()


@pytest.fixture(scope="module")
def chromium():
    """Chromium for one test module. Playwright's sync API keeps an event loop in the test
    thread, where Django would refuse ORM calls: the browser tests make them on purpose, between
    browser steps, so async safety is lifted for the module only, and the loop closes with it."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (Debian package chromium).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (no cookies) with a phone-sized window."""
    context = chromium.new_context(viewport={"width": 360, "height": 800}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def run_axe(page):
    """axe-core's WCAG 2 A/AA rules on the page; returns the violations."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it (npm ci in tests/browser).")
    # The site's Content-Security-Policy runs only its own origin's scripts (an inline one is
    # refused): axe-core is given to the page as a script of the site's origin.
    page.route("**/__axe-core.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    origin = page.evaluate("location.origin")
    page.add_script_tag(url=f"{origin}/__axe-core.js")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    return result["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} — {node['target']} {node['html'][:160]}"
            )
    return "\n".join(lines)


def screenshot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(OUTPUT / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
