"""Places as reference data: a written site means one place whatever the language or spelling;
unknown spellings wait for a clerk; visits, the list filter and triage use the place."""

import io
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vetting.accounts.tests.factories import signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, as_, new_case
from vetting.intake import actions as intake
from vetting.intake.models import Application, place_filter
from vetting.intake.tests.factories import applicant_fields, make_application
from vetting.places import actions
from vetting.places.models import Place, PlaceKind, Spelling, WaitingApplication
from vetting.selection import selectors as selection
from vetting.selection.tests.factories import plan

pytestmark = pytest.mark.django_db
SYSTEM = Actor(origin="test")
UK = "Місце тримання військовополонених № 4, Волинська область"
RU = "Место содержания военнопленных № 4, Волынская область"
EN = "Detention site No. 4, Volyn oblast"


@pytest.fixture
def volyn4() -> Place:
    return actions.create_place(
        kind=PlaceKind.DETENTION_SITE,
        name_uk=UK,
        name_ru=RU,
        name_en=EN,
        aliases=["МТВП № 4, Волинська обл."],
        actor=SYSTEM,
    )


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.mark.parametrize(
    "written",
    [
        UK,
        RU,
        EN,
        "DETENTION SITE N 4 - VOLYN OBLAST",
        "место содержания военнопленных №4 волынская область",
        "Mistse trymannia viiskovopolonenykh No. 4, Volynska oblast",
        "МТВП №4 Волинська обл",
    ],
)
def test_a_written_site_means_its_place_in_any_language_or_spelling(
    volyn4: Place, written: str
) -> None:
    application, _code = make_application(detention_site=written)
    application.refresh_from_db()
    assert application.place == volyn4
    assert not WaitingApplication.objects.filter(application=application).exists()


def test_an_unknown_spelling_waits_and_mapping_it_gives_the_place(
    volyn4: Place, team: Team
) -> None:
    first, _ = make_application(detention_site="Луцьк, табір 4")
    second, _ = make_application(detention_site="луцьк табір №4")
    spelling = Spelling.objects.get(waiting__application=first)
    assert spelling.place is None and spelling.waiting.count() == 2
    moved = actions.map_spelling(spelling, place=volyn4, actor=as_(team.clerk))
    assert moved == sorted([first.pk, second.pk])
    assert set(Application.objects.filter(place_filter(volyn4))) == {first, second}
    assert not WaitingApplication.objects.exists()
    entry = AuditEvent.objects.get(action="place.spelling_mapped")
    # How many, not which: with the spelling's place, ids would locate them in a copy.
    assert entry.detail["applications"] == len(moved) and entry.actor == team.clerk
    # The spelling is an alias now: the next application that writes it has its place at once.
    third, _ = make_application(detention_site="ЛУЦЬК — ТАБІР 4")
    third.refresh_from_db()
    assert third.place == volyn4


def test_a_new_place_takes_the_applications_waiting_on_its_names() -> None:
    waiting, _ = make_application(detention_site=EN)
    assert WaitingApplication.objects.filter(application=waiting).exists()
    place = actions.create_place(
        kind=PlaceKind.DETENTION_SITE, name_uk=UK, name_ru=RU, name_en=EN, actor=SYSTEM
    )
    waiting.refresh_from_db()
    assert waiting.place == place


def test_a_spelling_of_one_place_cannot_become_another_s(volyn4: Place) -> None:
    with pytest.raises(actions.PlaceError):
        actions.create_place(
            kind=PlaceKind.DETENTION_SITE,
            name_uk="Інше місце",
            name_ru="Другое место",
            name_en="Another site",
            aliases=[EN],
            actor=SYSTEM,
        )
    assert Place.objects.count() == 1


def test_an_imported_list_maps_each_row_to_its_place(volyn4: Place) -> None:
    rows = (
        "external_id,applicant_status,language,consent_text,name_cyrillic,detention_site\n"
        f'R-1,pow,ru,Добровольно,Иван Петров,"{RU}"\n'
        f'R-2,pow,uk,Добровільно,Іван Петренко,"{UK}"\n'
        "R-3,pow,ru,Добровольно,Пётр Иванов,Лагерь под Луцком\n"
    )
    report = intake.import_applications(
        io.BytesIO(rows.encode()), file_name="l.csv", source="list", actor=SYSTEM
    )
    assert report.created == 3
    by_id = {a.external_id: a for a in Application.objects.filter(source="list")}
    assert by_id["R-1"].place == by_id["R-2"].place == volyn4
    assert by_id["R-3"].place is None
    assert WaitingApplication.objects.filter(application=by_id["R-3"]).exists()


def test_the_visit_of_a_site_gets_everyone_held_there_whatever_they_wrote(
    volyn4: Place, team: Team
) -> None:
    held = [new_case(detention_site=text) for text in (UK, RU, EN, "МТВП №4 Волинська обл")]
    elsewhere = new_case(detention_site="Detention site No. 5, Volyn oblast")
    visit = plan(team, site=EN)
    assert visit.place == volyn4
    candidates = set(selection.candidates(team.clerk, visit))
    assert candidates == set(held)
    assert elsewhere not in candidates


def test_the_site_filter_offers_each_place_once_in_the_page_language(
    volyn4: Place, team: Team
) -> None:
    for text in (UK, RU, EN):
        make_application(detention_site=text)
    make_application(detention_site="Somewhere else")
    clerk = signed_in_client(team.clerk)
    page = clerk.get("/uk/staff/applications/").content.decode()
    assert page.count(f'<option value="{volyn4.pk}"') == 1
    assert UK in page and RU not in page.split('name="site"')[1].split("</select>")[0]
    listed = clerk.get(f"/en/staff/applications/?site={volyn4.pk}")
    assert len(listed.context["page"].object_list) == 3


def test_the_queue_page_maps_a_spelling_for_a_clerk_only(volyn4: Place, team: Team) -> None:
    application, _ = make_application(detention_site="Луцьк, табір 4")
    spelling = Spelling.objects.get(waiting__application=application)
    auditor = signed_in_client(team.auditor)
    page = auditor.get("/en/staff/places/")
    assert page.status_code == 200 and "Луцьк, табір 4" in page.content.decode()
    assert "places/spellings" not in page.content.decode()
    url = f"/en/staff/places/spellings/{spelling.pk}/map/"
    assert auditor.post(url, {"place": volyn4.pk}).status_code == 403
    application.refresh_from_db()
    assert application.place is None
    clerk = signed_in_client(team.clerk)
    assert clerk.post(url, {"place": volyn4.pk}).status_code == 302
    application.refresh_from_db()
    assert application.place == volyn4


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_map_the_free_text_stored_before() -> None:
    """Places 0002 maps the written sites onto the place id of that time; intake 0011 and
    selection 0003 turn the id into its keyed digest (and back, unapplied)."""
    before = [
        ("intake", "0010_seal_detention_site"),
        ("places", "0002_map_written_sites"),
        ("selection", "0002_fieldvisit_place"),
    ]
    after = [
        ("intake", "0011_place_as_blind_index"),
        ("selection", "0003_visit_place_as_blind_index"),
    ]
    place = actions.create_place(
        kind=PlaceKind.DETENTION_SITE, name_uk=UK, name_ru=RU, name_en=EN, actor=SYSTEM
    )
    fields = applicant_fields()
    common = {
        "channel": "import",
        "source": "old",
        "language": "ru",
        "consent_text": "x",
        "consent_language": "ru",
        "consent_at": "2026-01-01T00:00Z",
        "submitted_at": "2026-01-01T00:00Z",
    }
    fields.pop("detention_site")
    known = Application.objects.create(
        **fields, **common, external_id="1", detention_site=RU.upper()
    )
    unknown = Application.objects.create(
        **fields, **common, external_id="2", detention_site="Старый лагерь"
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        executor.loader.build_graph()
        migration = import_module("vetting.places.migrations.0002_map_written_sites")
        migration.map_written_sites(executor.loader.project_state(before).apps, None)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        known.refresh_from_db()
        assert known.place == place
        assert WaitingApplication.objects.get(application=unknown).spelling.place is None
    finally:
        # Going back unapplied every later migration that depends on these (the people named
        # in texts, ...): the tests after this one need the whole schema.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())


def test_the_places_page_is_named_as_a_list_of_sites_not_as_a_courses_capacity(
    team: Team,
) -> None:
    """The word "Places" is two in Ukrainian and Russian: the list of sites and the places
    (seats) a course has."""
    clerk = signed_in_client(team.clerk)
    for language, name, seats in (
        ("uk", "Довідник місць", "Кількість місць"),
        ("ru", "Справочник мест", "Количество мест"),
    ):
        page = clerk.get(f"/{language}/staff/places/").content.decode()
        assert f"<h1>{name}</h1>" in page and f">{name}</a>" in page
        assert seats not in page
