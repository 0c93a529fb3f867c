"""Locust users for bench_load.py: applicants sending portal applications, officers browsing.

Run by bench_load.py as `locust -f benchmarks/load_users.py --headless ...`; everything it
needs comes from the environment:

VETTING_LOAD_ACCOUNTS  JSON file of staff accounts (username, password, hex TOTP key, pages)
VETTING_LOAD_OUT       where to write every request's timing and every acknowledged submission
VETTING_LOAD_RUN       this run's name, part of every submission's marker
VETTING_LOAD_STAFF     how many officers (the rest of the users are applicants)
VETTING_LOAD_RESEND    share of submissions sent twice at once (a double click)
VETTING_LOAD_SEED      seed of the synthetic applicants

Applicants send their next application as soon as the last one is answered (a closed loop:
the submission rate is what the server can take at that many concurrent senders); officers
read for half a second to two seconds between pages. Each submission is a new applicant: a new
client address (X-Forwarded-For), no cookies, a synthetic person of its own, and a marker in
the statement that names the submission, so the benchmark can find it in the database afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from datetime import date
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, constant, events, task
from locust.clients import HttpSession

from vetting.synthetic import SyntheticApplicant, generate_applicants

RUN = os.environ.get("VETTING_LOAD_RUN", "run")
OUT = os.environ.get("VETTING_LOAD_OUT", "")
RESEND_SHARE = float(os.environ.get("VETTING_LOAD_RESEND", "0.05"))
STAFF_USERS = int(os.environ.get("VETTING_LOAD_STAFF", "0"))
ACCOUNTS: list[dict[str, Any]] = (
    json.loads(Path(os.environ["VETTING_LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
    if os.environ.get("VETTING_LOAD_ACCOUNTS")
    else []
)
SEED = int(os.environ.get("VETTING_LOAD_SEED", "2026"))
POOL_SIZE = 5000  # synthetic people, drawn in turn; a marker makes each submission unique

TOKEN = re.compile(r'name="submission_token" value="([0-9a-f]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'data-testid="receipt-code">([2-9A-Z-]+)<')
CASE_LINK = re.compile(r'href="/en/staff/cases/(\d+)/"')
APPLICATION_LINK = re.compile(r'href="/en/staff/applications/(\d+)/"')

# (name, milliseconds, status or 0 if no answer, whether it failed)
requests_seen: list[tuple[str, float, int, bool]] = []
acknowledged: list[dict[str, str]] = []  # marker and receipt code of every receipt shown
form_refused: list[str] = []  # markers of submissions answered with the form again
resent: list[dict[str, Any]] = []  # double clicks: marker, receipt codes shown (one expected)
_numbers = itertools.count(1)
_accounts = iter(ACCOUNTS)


def _applicable(a: SyntheticApplicant) -> bool:
    """Applicants the portal form takes as generated (a plausible age, if a birth date)."""
    if a.birth_date is None:
        return True
    age = (date.today() - a.birth_date).days / 365.25
    return 16.5 < age < 79.5


POOL = [a for a in generate_applicants(SEED, POOL_SIZE) if _applicable(a)]


@events.request.add_listener
def _timed(name: str, response_time: float, response: Any, exception: Any, **_kwargs: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    requests_seen.append((name, response_time, status, exception is not None))


@events.quitting.add_listener
def _write(**_kwargs: Any) -> None:
    if OUT:
        with open(OUT, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "requests": requests_seen,
                    "acknowledged": acknowledged,
                    "form_refused": form_refused,
                    "resent": resent,
                },
                out,
            )


def totp(hex_key: str, at: float | None = None) -> str:
    """The current six-digit code of a TOTP device (RFC 6238, 30 s steps, SHA-1)."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def _address(number: int, network: int) -> str:
    return f"10.{network}.{(number >> 8) & 255}.{number & 255}"


def _form(a: SyntheticApplicant, marker: str) -> dict[str, str]:
    return {
        "name_cyrillic": a.name_cyrillic,
        "name_latin": a.name_latin,
        "birth_date": a.birth_date.isoformat() if a.birth_date else "",
        "place_of_birth": a.place_of_birth,
        "citizenship": a.citizenship,
        "applicant_status": a.status,
        "detention_site": a.detention_site,
        "rank": a.rank,
        "unit": a.unit,
        "service_number": a.service_number,
        "specialty": a.specialty,
        "contact": a.contact,
        "statement": f"{a.statement} [{marker}]",
        "voluntary": "on",
    }


class Applicant(HttpUser):
    """One after another, new applicants: open the form, fill it in, send it."""

    wait_time = constant(0)

    @task
    def apply(self) -> None:
        number = next(_numbers)
        person = POOL[number % len(POOL)]
        marker = f"load {RUN} {number:07d}"
        address = _address(number, 1 + (number >> 16) % 100)
        self.client.cookies.clear()
        headers = {"X-Forwarded-For": address}
        url = f"/{person.language}/apply/"
        with self.client.get(url, headers=headers, name="portal: form", catch_response=True) as r:
            token, csrf = TOKEN.search(r.text or ""), CSRF.search(r.text or "")
            if r.status_code != 200 or not token or not csrf:
                r.failure(f"form not served ({r.status_code})")
                return
        data = {
            **_form(person, marker),
            "submission_token": token.group(1),
            "csrfmiddlewaretoken": csrf.group(1),
        }
        if random.random() < RESEND_SHARE:
            self._send_twice(url, data, headers, marker)
            return
        code = self._send(self.client, url, data, headers, marker, "portal: submit")
        if code:
            acknowledged.append({"marker": marker, "code": code})

    def _send(
        self,
        client: HttpSession,
        url: str,
        data: dict[str, str],
        headers: dict[str, str],
        marker: str,
        name: str,
    ) -> str | None:
        """POST the form and follow to the receipt page; the code shown, if any."""
        with client.post(url, data=data, headers=headers, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
                return None
            if "/apply/receipt/" not in r.url:
                form_refused.append(marker)
                r.failure("the form came back")
                return None
            found = RECEIPT.search(r.text or "")
            return found.group(1) if found else ""

    def _send_twice(
        self, url: str, data: dict[str, str], headers: dict[str, str], marker: str
    ) -> None:
        """A double click: the same form sent twice at once, on two connections."""
        twin = HttpSession(self.host, self.environment.events.request, user=self)
        twin.cookies.update(self.client.cookies)
        sends = [
            gevent.spawn(self._send, client, url, data, headers, marker, "portal: submit")
            for client in (self.client, twin)
        ]
        gevent.joinall(sends)
        codes = [s.value for s in sends]
        shown = [c for c in codes if c]
        answered = sum(c is not None for c in codes)
        resent.append({"marker": marker, "codes": shown, "answered": answered})
        if shown:
            acknowledged.append({"marker": marker, "code": shown[0]})
        twin.close()


class Officer(HttpUser):
    """A staff member signed in with password and TOTP, reading queues and files."""

    fixed_count = STAFF_USERS
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        account = next(_accounts)
        self.pages = set(account["pages"])
        self.headers = {"X-Forwarded-For": f"10.200.0.{1 + ACCOUNTS.index(account)}"}
        page = self.client.get("/en/staff/login/", headers=self.headers, name="staff: sign-in")
        csrf = CSRF.search(page.text or "")
        with self.client.post(
            "/en/staff/login/",
            data={
                "username": account["username"],
                "password": account["password"],
                "otp_token": totp(account["key"]),
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            },
            headers=self.headers,
            name="staff: sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"sign-in refused ({r.status_code})")

    def _get(self, url: str, name: str) -> str:
        with self.client.get(url, headers=self.headers, name=name, catch_response=True) as r:
            if r.status_code != 200 or "/staff/login/" in r.url:
                r.failure(f"status {r.status_code}")
                return ""
            return r.text or ""

    @task(3)
    def case_queue_and_file(self) -> None:
        queue = self._get("/en/staff/cases/", "staff: case queue")
        ids = CASE_LINK.findall(queue)
        if ids:
            self._get(f"/en/staff/cases/{random.choice(ids)}/", "staff: case page")

    @task(2)
    def newest_applications(self) -> None:
        if "applications" not in self.pages:
            return
        listing = self._get("/en/staff/applications/", "staff: application list")
        ids = APPLICATION_LINK.findall(listing)
        if ids:
            self._get(f"/en/staff/applications/{random.choice(ids)}/", "staff: application page")

    @task(1)
    def hits(self) -> None:
        if "hits" in self.pages:
            self._get("/en/staff/screening/hits/", "staff: hit queue")
