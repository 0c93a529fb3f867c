import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetting.audit.models import AuditEvent
from vetting.cases.models import Interview
from vetting.cases.tests.factories import Team, as_, fresh
from vetting.policy.authority import NotAllowed
from vetting.selection import actions, packet
from vetting.selection.models import OfflineResult
from vetting.selection.tests.factories import after, booked_visit, plan, second_interviewer

KEY = packet.new_key()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_a_clear_error(data: bytes) -> None:
    with pytest.raises(packet.PacketError):
        packet.read_results(data, KEY)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_arbitrary_json_sealed_with_the_key_is_a_clear_error_or_a_result(value: object) -> None:
    data = packet.Fernet(KEY.encode()).encrypt(json.dumps(value).encode())
    for reader in (packet.read_results, packet.read_packet):
        try:
            reader(data, KEY)
        except packet.PacketError as exc:
            assert str(exc)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "slot": st.integers() | st.text(),
                "motivation": st.sampled_from(packet.ASSESSMENTS) | st.text(),
                "consistency": st.sampled_from(packet.ASSESSMENTS),
                "fitness": st.sampled_from(packet.ASSESSMENTS),
                "notes": st.text(),
                "result_id": st.text() | st.just("a" * 32),
            }
        ),
        max_size=5,
    )
)
def test_results_of_any_shape_parse_or_fail_clearly(rows: list[dict[str, object]]) -> None:
    payload = {"format": packet.RESULTS_FORMAT, "packet": "b" * 32, "visit": 1, "results": rows}
    try:
        results = packet.read_results(packet.seal(payload, KEY), KEY)
    except packet.PacketError as exc:
        assert str(exc)
    else:
        assert len(results.rows) == len(rows)


def test_a_wrong_key_is_refused() -> None:
    with pytest.raises(packet.PacketError, match="key"):
        packet.read_results(packet.seal({}, KEY), "not a key")
    with pytest.raises(packet.PacketError, match="altered"):
        packet.read_results(packet.seal({}, KEY), packet.new_key())


def _filled(visit_packet: packet.Packet, notes: str = "Calm and consistent.") -> dict:
    sheet = packet.results_sheet(visit_packet)
    for row in sheet["results"]:
        row.update(motivation="positive", consistency="mixed", fitness="positive", notes=notes)
    return sheet


@pytest.mark.django_db
def test_the_packet_holds_the_candidates_and_nothing_of_the_checks() -> None:
    team = Team.create()
    visit = booked_visit(team)
    slot = visit.slots.first()
    assert slot is not None
    data = actions.export_packet(visit, key=KEY, actor=as_(team.commander1))
    opened = packet.read_packet(data, KEY)
    assert {c.case for c in opened.candidates} == {s.case.reference for s in visit.slots.all()}
    assert opened.candidates[0].name == "Николай Александрович Шишкарёв"
    plaintext = json.dumps(opened.payload(), ensure_ascii=False)
    for word in ("finding", "check", "hit", "watchlist", "claim", "polygraph"):
        assert word not in plaintext.lower()
    event = AuditEvent.objects.get(action="selection.packet_exported")
    assert "Шишкарёв" not in json.dumps(event.detail, ensure_ascii=False)
    assert "Nikolay" not in json.dumps(event.detail)


@pytest.mark.django_db
def test_results_land_once_as_the_interviewer_and_an_altered_file_is_refused() -> None:
    team = Team.create()
    visit = booked_visit(team)
    opened = packet.read_packet(
        actions.export_packet(visit, key=KEY, actor=as_(team.commander1)), KEY
    )
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    with after(visit):
        first = actions.import_results(visit, sealed, key=KEY, actor=as_(team.interviewer))
    assert (first.recorded, first.already, first.refused) == (2, 0, [])
    recorded = Interview.objects.filter(recorded_at__isnull=False)
    assert recorded.count() == 2
    assert {i.interviewer_id for i in recorded} == {team.interviewer.pk}
    events = AuditEvent.objects.filter(action="case.interview_recorded")
    assert {e.actor_id for e in events} == {team.interviewer.pk}
    # Sealing the same sheet again and importing it: nothing doubles.
    again = packet.seal_results(opened, _filled(opened), KEY)
    with after(visit):
        second = actions.import_results(visit, again, key=KEY, actor=as_(team.interviewer))
    assert (second.recorded, second.already) == (0, 2)
    assert Interview.objects.count() == 2 and OfflineResult.objects.count() == 2
    altered = bytearray(sealed)
    altered[60] = ord("A") if altered[60] != ord("A") else ord("B")
    with pytest.raises(packet.PacketError, match="altered"):
        actions.import_results(visit, bytes(altered), key=KEY, actor=as_(team.interviewer))


@pytest.mark.django_db
def test_results_of_another_visit_are_refused() -> None:
    team = Team.create()
    visit = booked_visit(team)
    other = plan(team, in_days=20)
    opened = packet.read_packet(
        actions.export_packet(visit, key=KEY, actor=as_(team.commander1)), KEY
    )
    actions.export_packet(other, key=packet.new_key(), actor=as_(team.commander1))
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    with pytest.raises(packet.PacketError, match="another packet"):
        actions.import_results(other, sealed, key=KEY, actor=as_(team.interviewer))
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()


@pytest.mark.django_db
def test_booking_takes_received_cases_to_interview_through_the_workflow() -> None:
    team = Team.create()
    visit = booked_visit(team, cases=3)
    slots = list(visit.slots.select_related("case", "interview"))
    assert [fresh(s.case).stage for s in slots] == ["interview"] * 3
    assert len({(s.starts_at, s.interview.interviewer_id) for s in slots}) == 3
    refused = actions.book_interviews(visit, [slots[0].case_id], actor=as_(team.clerk))
    assert refused.refused and not refused.booked
    # The commander plans visits; the policy gives booking to clerks.
    with pytest.raises(NotAllowed):
        actions.book_interviews(visit, [slots[0].case_id + 100], actor=as_(team.commander1))


@pytest.mark.django_db
def test_results_are_bound_to_their_packet_even_under_the_same_key() -> None:
    team = Team.create()
    visit = booked_visit(team)
    other = plan(team, in_days=20)
    opened = packet.read_packet(
        actions.export_packet(visit, key=KEY, actor=as_(team.commander1)), KEY
    )
    actions.export_packet(other, key=KEY, actor=as_(team.commander1))
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    with pytest.raises(packet.PacketError, match="another packet"):
        actions.import_results(other, sealed, key=KEY, actor=as_(team.interviewer))
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_commander_cannot_bring_in_an_interviewers_findings() -> None:
    """The attack: a commander fetched the packet key, filled a slot with "positive", sealed it
    and imported it, and the interview was recorded as the interviewer's."""
    team = Team.create()
    visit = booked_visit(team)
    opened = packet.read_packet(
        actions.export_packet(visit, key=KEY, actor=as_(team.commander1)), KEY
    )
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    with after(visit), pytest.raises(NotAllowed, match="role"):
        actions.import_results(visit, sealed, key=KEY, actor=as_(team.commander1))
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()
    assert not OfflineResult.objects.exists()


@pytest.mark.django_db
def test_another_interviewer_of_the_visit_cannot_import_a_slot_that_is_not_theirs() -> None:
    team = Team.create()
    other = second_interviewer()
    visit = booked_visit(team)
    visit.interviewers.add(other)
    opened = packet.read_packet(actions.export_packet(visit, key=KEY, actor=as_(other)), KEY)
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    with after(visit):
        outcome = actions.import_results(visit, sealed, key=KEY, actor=as_(other))
    assert outcome.recorded == 0
    assert [slot for slot, _why in outcome.refused] == [c.slot for c in opened.candidates]
    assert all(team.interviewer.username in why for _slot, why in outcome.refused)
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()


@pytest.mark.django_db
def test_no_result_lands_for_a_slot_that_has_not_happened() -> None:
    team = Team.create()
    visit = booked_visit(team)  # six days from now
    opened = packet.read_packet(
        actions.export_packet(visit, key=KEY, actor=as_(team.interviewer)), KEY
    )
    sealed = packet.seal_results(opened, _filled(opened), KEY)
    outcome = actions.import_results(visit, sealed, key=KEY, actor=as_(team.interviewer))
    assert outcome.recorded == 0 and len(outcome.refused) == 2
    assert all("A result comes after its session" in why for _slot, why in outcome.refused)
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()
    with after(visit):
        late = actions.import_results(visit, sealed, key=KEY, actor=as_(team.interviewer))
    assert late.recorded == 2
    interview = Interview.objects.filter(recorded_at__isnull=False).first()
    assert interview is not None and interview.recorded_by_id == team.interviewer.pk
    assert interview.recorded_from_visit == visit.reference
