"""The list of places and the queue of written sites waiting to be mapped: clerks keep both,
the auditor reads. Every change goes through an action."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vetting.audit.actions import record
from vetting.formsteps import run_form_step
from vetting.places import actions, selectors
from vetting.places.forms import AliasForm, MapForm, PlaceForm
from vetting.places.models import Place
from vetting.policy.access import staff_actor, staff_view

VIEW = "places.view_place"
MAP = "places.map_spelling"


@staff_view(VIEW)
def place_list(request: HttpRequest) -> HttpResponse:
    waiting = list(selectors.waiting_for(request.user)[:200])
    places = sorted(
        selectors.places_with_counts(request.user),
        key=lambda p: (p.kind, p.name().casefold(), p.pk),
    )
    record(staff_actor(request), "place.list_viewed", waiting=[s.pk for s in waiting])
    return render(
        request,
        "places/places.html",
        {
            "waiting": waiting,
            "places": places,
            "may_map": request.user.has_perm(MAP),
            "map_form": MapForm(),
            "place_form": PlaceForm(),
        },
    )


@staff_view(VIEW, MAP)
@require_POST
def place_new(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST)
    run_form_step(
        request,
        form,
        lambda d: actions.create_place(
            kind=d["kind"],
            name_uk=d["name_uk"],
            name_ru=d["name_ru"],
            name_en=d["name_en"],
            aliases=d["aliases"],
            actor=staff_actor(request),
        ),
        _("The place is added to the list."),
        (actions.PlaceError,),
    )
    return redirect("places:places")


@staff_view(VIEW, MAP)
@require_POST
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for(request.user, pk)
    run_form_step(
        request,
        AliasForm(request.POST),
        lambda d: actions.add_alias(place, text=d["text"], actor=staff_actor(request)),
        _("The spelling is added to the place."),
        (actions.PlaceError,),
    )
    return redirect("places:places")


@staff_view(VIEW, MAP)
@require_POST
def spelling_map(request: HttpRequest, pk: int) -> HttpResponse:
    spelling = selectors.spelling_for(request.user, pk)
    run_form_step(
        request,
        MapForm(request.POST, kind=spelling.kind),
        lambda d: actions.map_spelling(
            spelling, place=Place.objects.get(pk=d["place"]), actor=staff_actor(request)
        ),
        _("The spelling is mapped; the applications that wrote it have their place."),
        (actions.PlaceError,),
    )
    return redirect("places:places")
