"""Onboarding and settings as use cases, against a real database."""

from datetime import time

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.content.loader import Content
from bot.db.engine import create_session_factory
from bot.domain.clocktime import TimeProblem
from bot.domain.profile import Flow, Pending, Step, Who
from bot.domain.zones import ZoneIndex
from bot.services.profiles import (
    Asked,
    NothingPending,
    ProfileService,
    SettingsShown,
    TimeNotUnderstood,
    TimeSaved,
    Welcome,
    ZoneNotUnderstood,
    ZoneOptions,
    ZoneSaved,
)
from bot.services.uow import unit_of_work_factory
from tests.fakes import FixedLocations

ANNA = Who(telegram_user_id=501, chat_id=501, language="en")


@pytest.fixture
def service(engine: AsyncEngine, clock: ManualClock, content: Content) -> ProfileService:
    """The service over the test database."""
    import zoneinfo

    zones = ZoneIndex.build(zoneinfo.available_timezones(), content.places, content.countries)
    return ProfileService(
        uow=unit_of_work_factory(create_session_factory(engine)),
        clock=clock,
        zones=zones,
        content=content,
        locations=FixedLocations({(52.52, 13.4): "Europe/Berlin"}),
    )


async def test_full_onboarding_by_typing(service: ProfileService) -> None:
    """/start, a city, a time: the person is set up and nothing is pending."""
    welcome = await service.start(ANNA)
    assert welcome == Welcome(
        welcome.profile, returning=False, pending=Pending(Flow.ONBOARDING, Step.ZONE)
    )
    zone = await service.on_text(ANNA, "new york")
    assert isinstance(zone, ZoneSaved)
    assert zone.profile.timezone == "America/New_York"
    assert zone.next_step is Step.TIME
    done = await service.on_text(ANNA, "9pm")
    assert isinstance(done, TimeSaved)
    assert done.finished_onboarding
    assert done.profile.checkin_time == time(21, 0)
    assert done.profile.onboarded
    assert done.profile.country == "US"
    assert isinstance(await service.on_text(ANNA, "hello"), NothingPending)


async def test_restarting_onboarding_never_wipes(service: ProfileService) -> None:
    """/start again after set-up keeps every choice."""
    await service.start(ANNA)
    await service.on_text(ANNA, "Berlin")
    await service.choose_time(ANNA, time(22, 0))
    again = await service.start(ANNA)
    assert again.returning
    assert again.pending is None
    assert (again.profile.timezone, again.profile.checkin_time) == ("Europe/Berlin", time(22, 0))


async def test_start_mid_onboarding_resumes_the_missing_step(service: ProfileService) -> None:
    """Someone who set a zone and left is asked only for the time."""
    await service.start(ANNA)
    await service.on_text(ANNA, "Berlin")
    again = await service.start(ANNA)
    assert again.returning
    assert again.pending == Pending(Flow.ONBOARDING, Step.TIME)
    assert again.profile.timezone == "Europe/Berlin"


async def test_bad_answers_keep_the_question_open(service: ProfileService) -> None:
    """An unknown place or an impossible time gets a reason, and the question stays."""
    await service.start(ANNA)
    assert await service.on_text(ANNA, "Qwertyville") == ZoneNotUnderstood()
    near_miss = await service.on_text(ANNA, "Atlantis")
    assert near_miss == ZoneOptions(("America/New_York",), ("Atlanta",))
    assert await service.on_text(ANNA, "x" * 4000) == ZoneNotUnderstood()
    assert isinstance(await service.on_text(ANNA, "Berln"), ZoneOptions)
    await service.choose_zone(ANNA, "Europe/Berlin")
    assert await service.on_text(ANNA, "25:99") == TimeNotUnderstood(TimeProblem.OUT_OF_RANGE)
    assert await service.on_text(ANNA, "🙂") == TimeNotUnderstood(TimeProblem.NOT_A_TIME)
    finished = await service.on_text(ANNA, "21:30")
    assert isinstance(finished, TimeSaved)
    assert finished.finished_onboarding


async def test_zone_from_the_time_it_is_for_them(
    service: ProfileService, clock: ManualClock
) -> None:
    """At 21:00 UTC, "16:00" means UTC-5, stored as a fixed-offset zone."""
    await service.start(ANNA)
    outcome = await service.on_text(ANNA, "16:00")
    assert isinstance(outcome, ZoneSaved)
    assert outcome.profile.timezone == "Etc/GMT+5"
    assert outcome.fixed_offset


async def test_zone_from_a_shared_location(service: ProfileService) -> None:
    """A location resolves offline to the zone there; an unknown spot is refused kindly."""
    await service.start(ANNA)
    assert await service.on_location(ANNA, 0.0, -160.0) == ZoneNotUnderstood(from_location=True)
    outcome = await service.on_location(ANNA, 52.52, 13.4)
    assert isinstance(outcome, ZoneSaved)
    assert outcome.profile.timezone == "Europe/Berlin"


async def test_settings_change_one_thing_and_close_the_question(service: ProfileService) -> None:
    """Changing the zone in settings leaves the time, and nothing stays pending."""
    await service.start(ANNA)
    await service.on_text(ANNA, "Berlin")
    await service.on_text(ANNA, "21:30")
    asked = await service.ask(ANNA, Step.ZONE)
    assert isinstance(asked, Asked)
    changed = await service.on_text(ANNA, "Tokyo")
    assert isinstance(changed, ZoneSaved)
    assert changed.next_step is None
    assert changed.profile.checkin_time == time(21, 30)
    assert isinstance(await service.on_text(ANNA, "Paris"), NothingPending)


async def test_weekday_toggles_persist(service: ProfileService) -> None:
    """Days switched off stay off."""
    await service.start(ANNA)
    await service.on_text(ANNA, "Berlin")
    await service.on_text(ANNA, "21:30")
    await service.toggle_weekday(ANNA, 5)
    shown = await service.toggle_weekday(ANNA, 6)
    assert shown.profile.weekdays.describe() == "on weekdays"
    settings = await service.show_settings(ANNA)
    assert isinstance(settings, SettingsShown)
    assert settings.profile.weekdays.days() == [0, 1, 2, 3, 4]


async def test_settings_before_onboarding_continue_onboarding(service: ProfileService) -> None:
    """/settings from someone new starts their set-up instead of an empty panel."""
    outcome = await service.show_settings(ANNA)
    assert isinstance(outcome, Welcome)
    assert outcome.pending == Pending(Flow.ONBOARDING, Step.ZONE)


async def test_text_from_a_stranger_starts_onboarding(service: ProfileService) -> None:
    """Someone who never sent /start is welcomed, not ignored."""
    outcome = await service.on_text(ANNA, "hi?")
    assert isinstance(outcome, Welcome)
    assert not outcome.returning


async def test_two_people_do_not_share_answers(service: ProfileService) -> None:
    """Conversation state is per person."""
    ben = Who(telegram_user_id=502, chat_id=502)
    await service.start(ANNA)
    await service.start(ben)
    await service.on_text(ANNA, "Berlin")
    outcome = await service.on_text(ben, "22:00")
    assert isinstance(outcome, ZoneSaved), "for Ben, 22:00 answers the zone question"
    assert outcome.profile.telegram_user_id == ben.telegram_user_id
