"""Sections that the apps above intake add to an application's page (screening: its hits, likely
repeats and linked applications), registered in their AppConfig.ready, as NetBox's plugins
extend an object's page: intake's page shows them without importing those apps."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from vetting.intake.models import Application


@dataclass(frozen=True)
class Section:
    """A template to include on the page, with what it reads."""

    template: str
    context: dict[str, Any]


ApplicationSection = Callable[[HttpRequest, Application], Section | None]
APPLICATION_SECTIONS: list[ApplicationSection] = []


def on_application_page(section: ApplicationSection) -> ApplicationSection:
    """Add `section(request, application)` to every application's page (once each); it
    returns None to add nothing for this reader, and records its own reads."""
    if section not in APPLICATION_SECTIONS:
        APPLICATION_SECTIONS.append(section)
    return section


def sections_of(request: HttpRequest, application: Application) -> list[Section]:
    """The sections this reader sees on this application's page, in registration order."""
    return [s for s in (make(request, application) for make in APPLICATION_SECTIONS) if s]
