"""Strings Django shows on our pages that its own catalogs leave untranslated in Ukrainian and
Russian; naming them here keeps them in our catalogs, which take precedence over Django's."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    # The empty choice of every select (Django 6's BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
)
