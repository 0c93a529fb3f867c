"""People named inside an application's texts: read in the worker, linked to the watchlists
and to other applicants' texts, shown to the two services alone."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from vetting.accounts.tests.factories import signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases import actions as case_actions
from vetting.cases.models import Case, Service
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.keys.tests.test_at_rest import database_dump
from vetting.policy.authority import NotAllowed
from vetting.policy.workflow import Stage
from vetting.screening import actions, selectors, tasks
from vetting.screening.models import Mention, MentionMatch, TextKind, TextReading

pytestmark = pytest.mark.django_db

WORKER = Actor(origin="test worker")
RECRUITER = "Громов Виктор Сергеевич"
STATEMENT = (
    "В плену я сидел в одной камере с Петром Ильичом Сидоренко. "
    "Вербовал меня Громов Виктор Сергеевич, представлялся сотрудником администрации."
)


def watchlist(rows: str = f"KIO-1,{RECRUITER},1971-05-02\n") -> None:
    actions.import_watchlist(
        io.StringIO("id,name,birth_date\n" + rows),
        watchlist_name="Known intelligence officers",
        file_name="kio.csv",
        jsonl=False,
        actor=WORKER,
    )


def application_stating(statement: str, **fields: Any) -> Application:
    application, _code = make_application(statement=statement, **fields)
    return application


def test_a_statement_naming_a_listed_person_is_linked_to_the_entry_with_its_sentence() -> None:
    watchlist()
    application = application_stating(STATEMENT)
    outcome = actions.read_mentions(application.pk, WORKER)
    assert (outcome.texts, outcome.mentions) == (1, 2)
    recruiter = _mention(application, "Громов")
    assert recruiter.sentence.startswith("Вербовал меня Громов")
    assert recruiter.sentence[recruiter.start : recruiter.end] == RECRUITER
    (link,) = MentionMatch.objects.filter(mention=recruiter)
    assert link.watchlist is not None and link.watchlist.name == "Known intelligence officers"
    assert link.score >= 0.9 and "Громов" in link.explanation
    assert not MentionMatch.objects.filter(mention=_mention(application, "Сидоренко")).exists()
    event = AuditEvent.objects.filter(action="application.mentions_read").get()
    assert event.detail == {"texts": 1, "mentions": 2, "matches": 1}


def _mention(application: Application, word: str) -> Mention:
    found = [m for m in Mention.objects.filter(application=application) if word in m.name]
    assert len(found) == 1, [m.name for m in Mention.objects.filter(application=application)]
    return found[0]


def test_a_declined_name_in_a_ukrainian_statement_is_found_on_the_list() -> None:
    watchlist("KIO-2,Шишкарьов Микола Олександрович,1985-03-14\n")
    application = application_stating("Мене завербував Шишкарьов М. О. у таборі під Оленівкою.")
    Application.objects.filter(pk=application.pk).update(language="uk")
    actions.read_mentions(application.pk, WORKER)
    mention = _mention(application, "Шишкарьов")
    assert mention.written == "Шишкарьов М. О."
    assert MentionMatch.objects.filter(mention=mention, entry__external_id="KIO-2").exists()


def test_each_text_is_read_once_and_again_only_when_asked() -> None:
    application = application_stating(STATEMENT)
    assert actions.read_mentions(application.pk, WORKER).texts == 1
    assert actions.read_mentions(application.pk, WORKER).texts == 0
    first = set(Mention.objects.values_list("pk", flat=True))
    assert actions.read_mentions(application.pk, WORKER, again=True).mentions == 2
    assert TextReading.objects.count() == 1
    assert first.isdisjoint(Mention.objects.values_list("pk", flat=True))


def test_a_new_watchlist_version_links_the_mentions_read_before() -> None:
    application = application_stating(STATEMENT)
    actions.read_mentions(application.pk, WORKER)
    assert not MentionMatch.objects.exists()
    watchlist()
    assert selectors.pending_mention_application_ids() == [application.pk]
    outcome = actions.read_mentions(application.pk, WORKER)
    assert (outcome.texts, outcome.matches) == (0, 1)
    assert selectors.pending_mention_application_ids() == []


def test_the_same_person_named_by_three_applicants_is_linked_across_them() -> None:
    texts = [
        "Вербовал меня Громов Виктор Сергеевич.",
        "С Громовым Виктором Сергеевичем я познакомился в колонии.",
        "Документы мне передал Громов В. С.",
    ]
    applications = [
        application_stating(t, name_cyrillic=n, name_latin="", birth_date=None)
        for t, n in zip(texts, ("Иванов Пётр", "Сидоров Олег", "Кравцов Илья"), strict=True)
    ]
    for application in applications:
        actions.read_mentions(application.pk, WORKER)
    team = Team.create()
    rows = selectors_people_named(team.counterintel, applications[0])
    (row,) = rows
    assert row.named_by_count == 2
    assert {c.application_id for c in row.named_by} == {a.pk for a in applications[1:]}


def selectors_people_named(user: Any, application: Application) -> list[Any]:
    from vetting.cases import selectors as case_selectors

    return case_selectors.people_named(user, Case.objects.get(application=application))


def test_the_worker_reads_what_an_interview_or_a_check_recorded(
    django_capture_on_commit_callbacks: Any,
) -> None:
    team = Team.create()
    case = advance(new_case(statement=""), team, Stage.BACKGROUND_CHECKS)
    assert not TextReading.objects.filter(kind=TextKind.INTERVIEW).exists()
    interview = case.interviews.get()
    assert interview.recorded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        case = fresh(case)
        case_actions.record_check(
            case,
            service=Service.COUNTERINTELLIGENCE,
            findings="По данным учётов, заявитель поддерживал связь с Громовым В. С.",
            result="concern",
            actor=as_(team.counterintel),
            expected_version=case.version,
        )
    reading = TextReading.objects.get(kind=TextKind.CHECK)
    assert reading.service == Service.COUNTERINTELLIGENCE
    assert [m.name for m in Mention.objects.filter(reading=reading)] == ["Громов В. С."]

    # The security service does not read counter-intelligence's findings, nor who they name.
    def named(user: Any) -> list[str]:
        return [r.mention.name for r in selectors_people_named(user, case.application)]

    assert named(team.security) == []
    assert named(team.counterintel) == ["Громов В. С."]


def test_receiving_an_application_queues_the_reading(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = application_stating(STATEMENT)
    assert TextReading.objects.filter(application=application, kind=TextKind.STATEMENT).exists()


def test_the_sweep_task_reads_every_text_not_read() -> None:
    application = application_stating(STATEMENT)
    assert tasks.read_mentions_pending.call() == 1
    assert Mention.objects.filter(application=application).count() == 2


def test_only_the_worker_reads_texts() -> None:
    application = application_stating(STATEMENT)
    team = Team.create()
    with pytest.raises(NotAllowed):
        actions.read_mentions(application.pk, as_(team.counterintel))


def test_the_command_reads_pending_texts_and_all_again() -> None:
    application_stating(STATEMENT)
    out = io.StringIO()
    call_command("screening", "mentions", stdout=out)
    assert "1 texts read, 2 people named" in out.getvalue()
    call_command("screening", "mentions", "--again", stdout=out)
    assert Mention.objects.count() == 2


def test_the_page_shows_the_name_the_sentence_and_the_list_to_the_two_services() -> None:
    watchlist()
    team = Team.create()
    case = new_case(statement=STATEMENT)
    actions.read_mentions(case.application_id, WORKER)
    url = f"/en/staff/cases/{case.pk}/people-named/"
    for officer in (team.counterintel, team.security):
        client = signed_in_client(officer)
        body = client.get(url).content.decode()
        assert "<mark>Громов Виктор Сергеевич</mark>" in body
        assert "on Known intelligence officers (" in body
        assert b"people-named-link" in client.get(f"/en/staff/cases/{case.pk}/").content
    viewed = AuditEvent.objects.filter(action="case.mentions_viewed", target_id=str(case.pk))
    assert viewed.count() == 2
    for other in (team.commander1, team.auditor, team.clerk, team.interviewer):
        client = signed_in_client(other)
        assert client.get(url).status_code in (403, 404)
        assert b"people-named-link" not in client.get(f"/en/staff/cases/{case.pk}/").content


def test_names_and_sentences_are_sealed_at_rest() -> None:
    application = application_stating(STATEMENT)
    actions.read_mentions(application.pk, WORKER)
    dump = database_dump()
    for value in ("Громов", "Сидоренко", "Вербовал меня", "Виктор Сергеевич"):
        assert value not in dump
    assert Mention.objects.filter(name="").count() == 0
