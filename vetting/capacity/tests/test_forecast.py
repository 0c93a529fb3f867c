from datetime import date

from vetting.capacity.forecast import WORK_STEPS, Load, forecast

TODAY = date(2026, 1, 5)


def loads(*figures: tuple[int, float, int]) -> list[Load]:
    return [Load(step, *f) for step, f in zip(WORK_STEPS, figures, strict=False)]


def test_the_forecast_matches_the_hand_computed_example() -> None:
    # triage: 300 waiting, 50 a week by 2 officers -> 6 weeks.
    # interview: 100 waiting + the 300 before it = 400, at 40 a week by 4 -> 10 weeks.
    # checks: 0 waiting + 400 = 400 at 100 a week by 5 -> 4 weeks.
    result = forecast(loads((300, 50, 2), (100, 40, 4), (0, 100, 5)), TODAY, date(2026, 2, 2))
    weeks = [s.weeks for s in result.steps]
    assert weeks == [6.0, 10.0, 4.0]
    assert result.bottleneck is result.steps[1]
    assert result.clears_on == date(2026, 3, 16)  # 10 weeks after 5 January
    # By 2 February (4 weeks): triage needs 75 a week = 3 officers at 25 each: one more;
    # interview needs 100 a week = 10 officers at 10 each: six more; checks need 100 a week,
    # which 5 already do: none.
    assert [s.needed_officers for s in result.steps] == [3, 10, 5]
    assert [s.extra_officers for s in result.steps] == [1, 6, 0]


def test_a_step_with_work_and_no_pace_is_never_cleared() -> None:
    result = forecast(loads((10, 5, 1), (0, 0, 0)), TODAY, date(2026, 3, 2))
    assert result.clears_on is None
    assert result.bottleneck is result.steps[1]
    assert result.steps[1].extra_officers is None


def test_the_roles_come_from_the_workflow_queues() -> None:
    assert [[str(r) for r in s.roles] for s in WORK_STEPS] == [
        ["intake clerk"],
        ["interviewer"],
        ["security-service officer", "counter-intelligence officer"],
        ["polygraph examiner"],
        ["commander"],
    ]
