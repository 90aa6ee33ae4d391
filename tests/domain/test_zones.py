"""Finding a time zone from a city, a zone name, a country, an offset or the local time."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.zones import (
    Country,
    ZoneChoices,
    ZoneFound,
    ZoneIndex,
    ZoneNotFound,
    describe_offset,
    normalize,
    offset_from_stated_time,
    zone_for_offset,
    zones_from_stated_time,
)

ZONES = frozenset(zoneinfo.available_timezones())
NOW = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)
INDEX = ZoneIndex.build(
    ZONES,
    places={
        "Kiev": "Europe/Kyiv",
        "Boston": "America/New_York",
        "San Francisco": "America/Los_Angeles",
    },
    countries=[
        Country("Germany", "DE", ("Europe/Berlin",), ("Deutschland",)),
        Country(
            "United States",
            "US",
            ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
        ),
    ],
)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("new york", "America/New_York"),
        ("New York", "America/New_York"),
        ("  NEW   YORK ", "America/New_York"),
        ("new_york", "America/New_York"),
        ("Berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("kyiv", "Europe/Kyiv"),
        ("Kiev", "Europe/Kyiv"),
        ("Europe/Paris", "Europe/Paris"),
        ("europe / paris", "Europe/Paris"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Boston", "America/New_York"),
        ("san francisco", "America/Los_Angeles"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("I live in Tokyo", "Asia/Tokyo"),
        ("Deutschland", "Europe/Berlin"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("indianapolis", "America/Indiana/Indianapolis"),
        ("US/Eastern", "US/Eastern"),
    ],
)
def test_places_and_zone_names_resolve(typed: str, zone: str) -> None:
    """Case, spaces, underscores, accents and filler words don't get in the way."""
    assert INDEX.resolve(typed, NOW) == ZoneFound(zone)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Berln", "Europe/Berlin"),
        ("new yrok", "America/New_York"),
        ("kyyiv", "Europe/Kyiv"),
        ("lodnon", "Europe/London"),
    ],
)
def test_small_typos_offer_choices_rather_than_guess(typed: str, expected: str) -> None:
    """A near miss is offered as a choice for the person to confirm."""
    result = INDEX.resolve(typed, NOW)
    assert isinstance(result, ZoneChoices)
    assert expected in result.zones


def test_a_country_with_several_zones_offers_them() -> None:
    """ "United States" is not one zone: the person picks."""
    result = INDEX.resolve("united states", NOW)
    assert isinstance(result, ZoneChoices)
    assert "America/Chicago" in result.zones


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("UTC+2", "Etc/GMT-2"),
        ("gmt-5", "Etc/GMT+5"),
        ("+05:45", "Asia/Kathmandu"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("utc +0", "UTC"),
    ],
)
def test_typed_offsets_become_fixed_zones(typed: str, zone: str) -> None:
    """An offset maps to a zone with that offset now, marked as fixed."""
    assert INDEX.resolve(typed, NOW) == ZoneFound(zone, fixed_offset=True)


@pytest.mark.parametrize("typed", ["", "   ", "xyzzy", "🙂🙂🙂", "x" * 4000, "UTC+25", "12"])
def test_nonsense_finds_nothing(typed: str) -> None:
    """No zone is made up."""
    assert INDEX.resolve(typed, NOW) == ZoneNotFound()


@given(st.text(max_size=120))
@settings(max_examples=300)
def test_any_text_gives_a_clear_answer(typed: str) -> None:
    """Resolution never raises, and a found zone is always a real one."""
    result = INDEX.resolve(typed, NOW)
    if isinstance(result, ZoneFound):
        assert result.zone in ZONES
    elif isinstance(result, ZoneChoices):
        assert result.zones
        assert set(result.zones) <= ZONES
    else:
        assert isinstance(result, ZoneNotFound)


@pytest.mark.parametrize(
    ("utc_now", "stated", "offset"),
    [
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(22, 0), timedelta(hours=1)),
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(16, 2), timedelta(hours=-5)),
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(2, 45), timedelta(hours=5, minutes=45)),
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(10, 0), timedelta(hours=13)),
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(11, 0), timedelta(hours=-10)),
        (datetime(2026, 11, 21, 23, 50, tzinfo=UTC), time(0, 50), timedelta(hours=1)),
        (datetime(2026, 11, 21, 0, 10, tzinfo=UTC), time(19, 12), timedelta(hours=-5)),
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), time(21, 6), timedelta(0)),
    ],
)
def test_offset_from_the_time_someone_says_it_is(
    utc_now: datetime, stated: time, offset: timedelta
) -> None:
    """Rounded to the quarter hour, across midnight, into UTC-10..UTC+13:45."""
    assert offset_from_stated_time(utc_now, stated) == offset


@given(st.datetimes(timezones=st.just(UTC)), st.times())
def test_any_stated_time_gives_an_offset_in_range(utc_now: datetime, stated: time) -> None:
    """The offset is always a quarter-hour within the 24 hours we map to."""
    offset = offset_from_stated_time(utc_now, stated)
    assert timedelta(hours=-10) <= offset < timedelta(hours=14)
    assert offset % timedelta(minutes=15) == timedelta(0)


def test_fractional_offsets_pick_a_zone_that_has_it_now() -> None:
    """+10:30 in November is Adelaide's summer time; in July it is Lord Howe's winter time."""
    assert zone_for_offset(timedelta(hours=10, minutes=30), NOW, ZONES) == "Australia/Adelaide"
    july = datetime(2026, 7, 1, tzinfo=UTC)
    assert zone_for_offset(timedelta(hours=10, minutes=30), july, ZONES) == "Australia/Lord_Howe"
    assert zone_for_offset(timedelta(hours=1, minutes=15), NOW, ZONES) is None


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(hours=5, minutes=45), "UTC+05:45"),
        (timedelta(hours=-3), "UTC-03:00"),
        (timedelta(0), "UTC+00:00"),
        (timedelta(hours=-9, minutes=-30), "UTC-09:30"),
    ],
)
def test_offsets_are_described_plainly(offset: timedelta, text: str) -> None:
    """Offsets show as UTC±HH:MM."""
    assert describe_offset(offset) == text


def test_normalize_folds_accents_and_punctuation() -> None:
    """Accents, case and separators fold to plain words."""
    assert normalize("  São_Paulo, BRAZIL ") == "sao paulo brazil"


def test_content_with_an_unknown_zone_is_rejected() -> None:
    """A typo in places.yaml fails at build time, not when someone types the city."""
    with pytest.raises(ValueError, match="Mars/Olympus"):
        ZoneIndex.build(ZONES, places={"Olympus": "Mars/Olympus"})


@pytest.mark.parametrize("typed", ["UTC", "EST", "Etc/GMT-3"])
def test_fixed_offset_names_are_marked_fixed(typed: str) -> None:
    """Abbreviations like EST never change their clocks: the person is told so."""
    result = INDEX.resolve(typed, NOW)
    assert isinstance(result, ZoneFound)
    assert result.fixed_offset


@pytest.mark.parametrize(
    ("typed", "first", "second"),
    [
        ("Portland, Maine", "America/New_York", "America/Los_Angeles"),
        ("Paris, Texas", "America/Chicago", "Europe/Paris"),
    ],
)
def test_city_and_region_that_disagree_offer_both(typed: str, first: str, second: str) -> None:
    """ "Portland, Maine" is not Portland, Oregon: ask rather than guess."""
    index = ZoneIndex.build(
        ZONES,
        places={
            "Portland": "America/Los_Angeles",
            "Maine": "America/New_York",
            "Texas": "America/Chicago",
        },
    )
    result = index.resolve(typed, NOW)
    assert isinstance(result, ZoneChoices)
    assert result.zones[:2] == (first, second)


def test_city_and_region_that_agree_resolve() -> None:
    """ "Berlin, Germany": both parts agree."""
    assert INDEX.resolve("Berlin, Deutschland", NOW) == ZoneFound("Europe/Berlin")


@pytest.mark.parametrize(
    ("stated", "either_half", "expected"),
    [
        # 21:00 UTC; someone in New York says "4:00" meaning 16:00: both readings offered.
        (
            time(4, 0),
            True,
            ZoneChoices(
                ("Etc/GMT-7", "Etc/GMT+5"), ("04:00 now · UTC+07:00", "16:00 now · UTC-05:00")
            ),
        ),
        # "16:00" is unambiguous.
        (time(16, 0), False, ZoneFound("Etc/GMT+5", fixed_offset=True)),
        # A clock read 8 minutes off (22:08 said as 22:00 in Berlin) still lands on UTC+1.
        (time(22, 0), False, ZoneFound("Etc/GMT-1", fixed_offset=True)),
        # Nepal, typed exactly.
        (time(2, 45), False, ZoneFound("Asia/Kathmandu", fixed_offset=True)),
        # India, typed a few minutes off.
        (time(2, 27), False, ZoneFound("Asia/Kolkata", fixed_offset=True)),
    ],
)
def test_zones_from_the_time_someone_says_it_is(
    stated: time, either_half: bool, expected: object
) -> None:
    """12-hour ambiguity is asked about; rounding favours real, common offsets."""
    now = NOW + (timedelta(minutes=8) if stated == time(22, 0) else timedelta(0))
    assert zones_from_stated_time(stated, now, ZONES, either_half=either_half) == expected
