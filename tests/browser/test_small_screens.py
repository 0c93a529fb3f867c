"""Every staff and portal page at a phone's width (375 px) and a tablet's (768 px): no page
scrolls sideways, and axe-core finds no accessibility violation on it.

The pages come from the URL configuration (the access matrix's list), each opened by a role that
may, in the matrix's world: a case with every compartment filled, a volunteer in training and in
a unit, a field visit and a request on a staff account.
"""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import STEP_TIMEOUT_MS, screenshot, sign_in
from tests.test_access_matrix import (
    ADMIN,
    AUDITOR,
    CI,
    CLERK,
    COMMANDER,
    EXPECTED,
    INSTRUCTOR,
    PERSONNEL,
    POST_ONLY,
    PUBLIC,
    SECURITY,
    TRAINING,
    staff_urls,
    url_for,
    world,  # noqa: F401  (the fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 768)
# The role that sees most of a page opens it.
PREFERENCE = (COMMANDER, AUDITOR, SECURITY, CI, CLERK, TRAINING, INSTRUCTOR, PERSONNEL, ADMIN)
# Public pages with something to show on a GET (the others answer a POST only).
PUBLIC_PAGES = (
    "intake:portal-home",
    "intake:portal-apply",
    "intake:portal-status",
    "accounts:login",
    "accounts:setup",
)
# Files, not pages: papers, scans, evidence, CSV (and every list's "-export").
NOT_PAGES = (
    "papers:",
    "intake:application-scan",
    "cases:evidence",
    "capacity:csv",
    "audit:export",
)

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def pages_to_walk(world: dict[str, Any]) -> list[tuple[str, str | None, str]]:  # noqa: F811
    """(page name, who opens it or None for anyone, URL)."""
    found: list[tuple[str, str | None, str]] = []
    for name, params in staff_urls():
        if name.startswith(NOT_PAGES) or name.endswith("-export") or name in POST_ONLY:
            continue
        if name in PUBLIC:
            if name in PUBLIC_PAGES:
                found.append((name, None, url_for(name, params, world)))
            continue
        who = next((w for w in PREFERENCE if w in EXPECTED[name]), None)
        if who is not None:
            found.append((name, who, url_for(name, params, world)))
    return found


def test_every_page_fits_a_phone_and_a_tablet_and_passes_axe(
    browser: Browser,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811
) -> None:
    pages: dict[str | None, Page] = {}

    def page_of(who: str | None) -> Page:
        if who not in pages:
            context = browser.new_context(locale="uk-UA", bypass_csp=True)
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            if who is not None:
                sign_in(page, live_server.url, world["people"][who])
            pages[who] = page
        return pages[who]

    overflowing, violations = [], []
    walked = pages_to_walk(world)
    for name, who, url in walked:
        page = page_of(who)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(live_server.url + url.replace("/en/", "/uk/", 1))
            assert response is not None and response.ok, f"{name}: {response and response.status}"
            extra = page.evaluate(OVERFLOW)
            if extra > 1:
                overflowing.append(f"{name} at {width} px: {extra} px too wide")
                screenshot(page, f"overflow-{width}-{name.replace(':', '-')}")
            if width == WIDTHS[0]:
                screenshot(page, f"phone-{name.replace(':', '-')}")
                found = Axe().run(page)
                for v in found.response["violations"]:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    violations.append(f"{name}: {v['id']} ({v['impact']}) at {targets}")
    for page in pages.values():
        page.context.close()
    assert len(walked) >= 25  # every GET page of the URL configuration
    assert not overflowing, "pages wider than the screen:\n" + "\n".join(overflowing)
    assert not violations, "accessibility violations:\n" + "\n".join(violations)


LONG_NAME = "Shishkarev" + "x" * 190  # 200 letters, no space to break at


def test_a_200_letter_name_wraps_in_the_application_list(
    browser: Browser, live_server: Any
) -> None:
    """The name wraps inside its cell: neither the page nor the list's table grows sideways,
    on a desk's screen or a phone's."""
    from vetting.accounts.tests.factories import make_staff
    from vetting.intake.tests.factories import make_application
    from vetting.policy.roles import Role

    make_application(name_latin=LONG_NAME)
    clerk = make_staff(Role.INTAKE_CLERK, "t-long-name-clerk")
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    sign_in(page, live_server.url, clerk)
    too_wide = []
    for width in (1280, *WIDTHS):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/uk/staff/applications/")
        page.locator("#rows .name.latin").first.wait_for()
        table = page.evaluate(
            "(() => { const t = document.querySelector('#rows table');"
            " return t.scrollWidth - t.clientWidth; })()"
        )
        # On a narrow screen a table may scroll in its own box; the page never does.
        if page.evaluate(OVERFLOW) > 1 or (width > max(WIDTHS) and table > 1):
            too_wide.append(f"{width} px: page {page.evaluate(OVERFLOW)}, table {table}")
            screenshot(page, f"long-name-{width}")
    context.close()
    assert not too_wide, "a long name widened the list:\n" + "\n".join(too_wide)
