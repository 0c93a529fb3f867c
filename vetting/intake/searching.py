"""Searching a list without putting the search in its URL.

A list's filters and page travel in the query string, so the list can be bookmarked, shared
and reloaded. The search text, a name more often than not, is posted once; the list answers
with a redirect to itself carrying an opaque key of the saved, sealed terms (`?q=<key>`).
"""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from vetting.intake import actions, selectors
from vetting.policy.access import staff_actor


def posted_search(request: HttpRequest, url_name: str, keep: Iterable[str]) -> HttpResponseRedirect:
    """Save the posted search text and answer with the list's GET URL (filters in the query
    string, the text under its key); no text, no saved search."""
    params = {name: request.POST.get(name, "") for name in keep}
    text = request.POST.get("q", "").strip()
    if text:
        params["q"] = actions.save_search(text, actor=staff_actor(request)).key
    query = urlencode({k: v for k, v in params.items() if v})
    url = reverse(url_name) + (f"?{query}" if query else "")
    return HttpResponseRedirect(url, status=303)


class Search:
    """The search of a list request: its key, the terms behind it, and whether a key was
    given that this user cannot read (expired, or someone else's link)."""

    def __init__(self, request: HttpRequest) -> None:
        self.key = request.GET.get("q", "")
        terms = selectors.search_terms(request.user, self.key)
        self.text = terms or ""
        self.lost = bool(self.key) and terms is None

    def __bool__(self) -> bool:
        return bool(self.text)
