"""Every word on a Ukrainian or Russian page is Ukrainian or Russian.

Every page of the URL configuration is rendered in uk and ru, as each role that may open it,
with the access matrix's world (a case with every compartment filled, a volunteer in training and
in a unit, a visit, a request on a staff account); every step is posted once, and the page it
comes back to is read with its messages. A text on the page fails when it is an English message
of the catalog left untranslated, or an English sentence that never went through the catalog.
Names, references, user names and the data people typed are not sentences and pass.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import (
    EXPECTED,
    POST_ONLY,
    PUBLIC,
    staff_urls,
    url_for,
    world,  # noqa: F401  (the fixture)
)
from vetting.accounts.tests.factories import signed_in_client

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[1] / "vetting" / "locale"
# Words that English sentences cannot do without and names and references never contain.
ENGLISH_GLUE = {
    "the",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "of",
    "to",
    "and",
    "or",
    "for",
    "with",
    "by",
    "on",
    "in",
    "at",
    "this",
    "that",
    "it",
    "its",
    "an",
    "not",
    "yet",
    "from",
    "who",
    "what",
    "when",
    "which",
    "may",
    "can",
    "cannot",
    "must",
    "will",
    "your",
}
WORD = re.compile(r"[A-Za-z][A-Za-z_'’-]*")
# A word of a sentence stands between spaces: a key or a hash ("uTUbah4pH0be83...=") holds
# runs of letters such as "be" or "to" that are no words.
SPACED_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
EDGES = "()[]{}.,:;!?\"'«»„“”…"
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# A language's own name, as the language choices write it.
ENDONYMS = {"English"}


class _Text(HTMLParser):
    """The texts a person reads on a page: text nodes and the attributes shown to them."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <code> holds machine text: the audit page's stored entry details, hashes, action codes.
        if tag in ("script", "style", "template", "code"):
            self._hidden += 1
        for name, value in attrs if tag != "code" else ():
            if value and (
                name in VISIBLE_ATTRIBUTES
                or (tag == "input" and name == "value" and ("type", "submit") in attrs)
            ):
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "code") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def english_msgids() -> set[str]:
    """Every English message of the project's catalog (the keys translators translate)."""
    text = (LOCALE / "uk" / "LC_MESSAGES" / "django.po").read_text()
    found = set()
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
        msgid = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')
        if msgid and WORD.search(msgid) and "%" not in msgid and "{" not in msgid:
            found.add(msgid)
    return found


MSGIDS = english_msgids()


def english_in(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    wrong = []
    for text in parser.texts:
        words = [
            w.strip(EDGES).lower() for w in text.split() if SPACED_WORD.fullmatch(w.strip(EDGES))
        ]
        if text in ENDONYMS:
            continue
        a_message = text in MSGIDS or text.rstrip(".:") in MSGIDS
        mostly_latin = len(words) >= 0.5 * len(text.split())
        a_sentence = len(words) >= 3 and bool(set(words) & ENGLISH_GLUE) and mostly_latin
        if a_message or a_sentence:
            wrong.append(text)
    return wrong


def read(client: Client, name: str, url: str) -> str:
    response = client.post(url, {}, follow=True) if name in POST_ONLY else client.get(url)
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode()
    return ""


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_every_page_speaks_the_readers_language(world: dict[str, Any], language: str) -> None:  # noqa: F811
    failures: dict[str, set[str]] = {}
    clients = {
        who: signed_in_client(user, language=language) for who, user in world["people"].items()
    }
    anonymous = Client()
    for name, params in staff_urls():
        if name == "set_language":
            continue
        try:
            url = url_for(name, params, world)
        except AssertionError:
            continue
        url = url.replace("/en/", f"/{language}/", 1)
        readers = [anonymous] if name in PUBLIC else [clients[w] for w in EXPECTED[name]]
        for client in readers:
            for text in english_in(read(client, name, url)):
                failures.setdefault(text, set()).add(name)
    # A step that goes through: its message after the redirect, and the page it lands on.
    case = world["case"]
    hold = clients["security"]
    response = hold.post(
        reverse("cases:hold", args=[case.pk]).replace("/en/", f"/{language}/", 1),
        {"version": case.version, "reason": "перевірка", "until": "2099-01-01"},
        follow=True,
    )
    assert response.status_code == 200 and response.redirect_chain, response.status_code
    for text in english_in(response.content.decode()):
        failures.setdefault(text, set()).add("cases:hold (done)")
    assert not failures, f"English on {language} pages:\n" + "\n".join(
        f"  {text!r} on {sorted(pages)}" for text, pages in sorted(failures.items())
    )


def test_the_reader_finds_english_sentences_and_passes_keys_and_names() -> None:
    """The detector itself: a random key holds "be" and "to" inside it and is no sentence."""
    page = (
        "<p>The case was moved.</p><p>Справу переміщено.</p>"
        "<p>uTUbah4pH0be83jDNfcZ2M-_02jc8bBeaSJIiFM7qqw=</p><p>Ключ: to-Be_x9/Qw=of</p>"
        "<p>Шишкарёв Николай (Shishkarev Nikolay)</p>"
        '<input placeholder="Search by the name">'
    )
    assert sorted(english_in(page)) == ["Search by the name", "The case was moved."]
