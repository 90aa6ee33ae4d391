"""Finding someone's IANA time zone from what they type: a zone, a city, a country or an offset.

Telegram does not tell a bot where a person is, so we match text against the IANA names, a list
of places from content/, and offsets. Matching tolerates case, spaces, accents and small typos;
when it is not sure it offers choices instead of guessing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_INPUT = 80
MAX_CHOICES = 4

# Top-level IANA areas with real places; the rest (US/, Etc/, "Japan", ...) are legacy links.
_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
# Zones with a fractional standard or summer offset, in rough order of how many people use them.
_FRACTIONAL_PREFERENCE = (
    "Asia/Kolkata",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Kathmandu",
    "Asia/Yangon",
    "Australia/Adelaide",
    "Australia/Darwin",
    "America/St_Johns",
    "Asia/Colombo",
    "Australia/Eucla",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Marquesas",
)
_FILLER = re.compile(r"\b(i live in|i am in|i'm in|im in|in|near|the|city|of|time ?zone|time|tz)\b")
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$")
# The 24 hours of possible offsets. +13 rather than -11 (New Zealand's summer, Tonga) and
# -10 rather than +14 (Hawaii rather than Kiritimati): a stated clock time cannot tell them apart.
_LOWEST_OFFSET = timedelta(hours=-10)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Country:
    """A country and the zones it spans (several for big countries)."""

    name: str
    code: str
    zones: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ZoneFound:
    """A zone we are sure of; `fixed_offset` when it came from an offset and ignores DST."""

    zone: str
    fixed_offset: bool = False


@dataclass(frozen=True)
class ZoneChoices:
    """Several plausible zones: the person picks one."""

    zones: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ZoneNotFound:
    """Nothing matched; `reason` says whether we read it as a "place" or a "time"."""

    reason: str = "place"


ZoneMatch = ZoneFound | ZoneChoices | ZoneNotFound


def normalize(text: str) -> str:
    """Lower case, accents and punctuation folded, single spaces: "São_Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9+\-:]+", " ", plain).split())


def _depth(zone: str) -> int:
    return zone.count("/")


@dataclass
class ZoneIndex:
    """Everything a typed place can match, built once at start from tz data and content."""

    zones: frozenset[str]
    _exact: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        zones: Iterable[str],
        places: Mapping[str, str] | None = None,
        countries: Sequence[Country] = (),
    ) -> ZoneIndex:
        """Index IANA names, then places and countries from content (which win on a tie)."""
        index = cls(zones=frozenset(zones))
        from_zones: dict[str, str] = {}
        legacy: dict[str, str] = {}
        for zone in sorted(index.zones):
            parts = zone.split("/")
            if parts[0] not in _REGIONS:
                legacy[normalize(zone)] = zone
                continue
            keys = {normalize(zone), normalize(parts[-1])}
            if len(parts) == 3:
                keys.add(normalize("/".join(parts[1:])))
            for key in keys:
                # Prefer the deeper, current name: America/Argentina/Buenos_Aires over the old
                # America/Buenos_Aires link.
                if key not in from_zones or _depth(zone) > _depth(from_zones[key]):
                    from_zones[key] = zone
        exact: dict[str, tuple[str, ...]] = {key: (zone,) for key, zone in legacy.items()}
        exact.update({key: (zone,) for key, zone in from_zones.items()})
        for name, zone in (places or {}).items():
            exact[normalize(name)] = (zone,)
            index._names[normalize(name)] = name
        for country in countries:
            for name in (country.name, *country.aliases):
                exact[normalize(name)] = country.zones
        unknown = {zone for zones_ in exact.values() for zone in zones_} - index.zones
        if unknown:
            raise ValueError(f"unknown time zones: {', '.join(sorted(unknown))}")
        index._exact = exact
        return index

    def resolve(self, text: str, now: datetime) -> ZoneMatch:
        """The zone meant by `text` ("new york", "Berlin", "kyiv", "UTC+2"), or choices, or none."""
        key = normalize(text[:MAX_INPUT]) if len(text) <= MAX_INPUT else ""
        if not key:
            return ZoneNotFound()
        offset = _typed_offset(key)
        if offset is not None:
            zone = zone_for_offset(offset, now, self.zones)
            return ZoneFound(zone, fixed_offset=True) if zone else ZoneNotFound()
        if key not in self._exact and "," in text:
            both = self._city_and_region(text)
            if both is not None:
                return both
        for candidate in _variants(text, key):
            zones = self._exact.get(candidate)
            if zones and len(zones) == 1:
                return ZoneFound(zones[0], fixed_offset=is_fixed_offset(zones[0], now))
            if zones:
                return ZoneChoices(zones, zones)
        return self._fuzzy(key)

    def _city_and_region(self, text: str) -> ZoneMatch | None:
        """ "Portland, Maine": when the two parts point to different zones, ask, don't guess."""
        city_text, region_text = (part.strip() for part in text.split(",", 1))
        city = self._exact.get(normalize(city_text))
        region = self._exact.get(normalize(region_text))
        if not city or not region:
            return None
        shared = [zone for zone in city if zone in region]
        if shared:
            return ZoneFound(shared[0])
        zones = (*region[: MAX_CHOICES - 1], city[0])
        labels = (*(region_text for _ in region[: MAX_CHOICES - 1]), city_text)
        return ZoneChoices(zones, labels)

    def _fuzzy(self, key: str) -> ZoneMatch:
        if len(key) < 3:
            return ZoneNotFound()
        close = difflib.get_close_matches(key, self._exact.keys(), n=MAX_CHOICES * 2, cutoff=0.8)
        found: dict[str, str] = {}
        for name in close:
            for zone in self._exact[name]:
                found.setdefault(zone, self._names.get(name, zone))
        chosen = list(found.items())[:MAX_CHOICES]
        if not chosen:
            return ZoneNotFound()
        return ZoneChoices(tuple(z for z, _ in chosen), tuple(label for _, label in chosen))


def _variants(text: str, key: str) -> list[str]:
    """The text as typed, then its first comma part ("Berlin, Germany"), then without filler."""
    variants = [key]
    if "," in text:
        variants.append(normalize(text.split(",", 1)[0]))
    for variant in list(variants):
        without_filler = " ".join(_FILLER.sub(" ", variant).split())
        if without_filler:
            variants.append(without_filler)
    return list(dict.fromkeys(variants))


def _typed_offset(key: str) -> timedelta | None:
    match = _OFFSET.match(key.replace(" ", ""))
    if match is None:
        return None
    hours, minutes = int(match["h"]), int(match["m"] or 0)
    if hours > 14 or minutes >= 60:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if match["sign"] == "-" else offset


def stated_offsets(now: datetime, stated: time) -> list[timedelta]:
    """UTC offsets that someone saying it is `stated` o'clock at `now` (UTC) may be in, likeliest
    first.

    People round when they read a clock, and most zones are whole hours. So: a quarter-hour
    offset typed to within 2 minutes (Nepal's +05:45), else the nearest whole hour within 20
    minutes, the nearest half hour within 10, the nearest quarter. All folded into the 24 hours
    from UTC-10:00 to UTC+13:45.
    """
    utc = now.astimezone(ZoneInfo("UTC"))
    raw = (stated.hour - utc.hour) * 60 + stated.minute - utc.minute
    offsets: list[timedelta] = []
    for step, tolerance in ((15, 2), (60, 20), (30, 10), (15, 8)):
        nearest = round(raw / step) * step
        offset = (timedelta(minutes=nearest) - _LOWEST_OFFSET) % _DAY + _LOWEST_OFFSET
        if abs(raw - nearest) <= tolerance and offset not in offsets:
            offsets.append(offset)
    return offsets


def offset_from_stated_time(now: datetime, stated: time) -> timedelta:
    """The likeliest of `stated_offsets` (the nearest quarter hour if nothing else fits)."""
    offsets = stated_offsets(now, stated)
    if offsets:
        return offsets[0]
    utc = now.astimezone(ZoneInfo("UTC"))
    raw = (stated.hour - utc.hour) * 60 + stated.minute - utc.minute
    return (timedelta(minutes=round(raw / 15) * 15) - _LOWEST_OFFSET) % _DAY + _LOWEST_OFFSET


def zones_from_stated_time(
    stated: time, now: datetime, zones: frozenset[str], *, either_half: bool
) -> ZoneMatch:
    """The zone(s) of someone who says it is `stated` now; both halves of the day when
    "4:00" could mean 04:00 or 16:00 (they pick, seeing the time each would mean)."""
    readings = [stated]
    if either_half:
        readings.append(stated.replace(hour=(stated.hour + 12) % 24))
    found: list[tuple[str, str]] = []
    for reading in readings:
        for offset in stated_offsets(now, reading):
            zone = zone_for_offset(offset, now, zones)
            if zone is None:
                continue
            if zone not in (z for z, _ in found):
                label = f"{reading.hour:02d}:{reading.minute:02d} now · {describe_offset(offset)}"
                found.append((zone, label))
            break
    if not found:
        return ZoneNotFound(reason="time")
    if len(found) == 1:
        return ZoneFound(found[0][0], fixed_offset=True)
    return ZoneChoices(tuple(z for z, _ in found), tuple(label for _, label in found))


def is_fixed_offset(zone: str, now: datetime) -> bool:
    """Whether a zone never changes its clocks: Etc/GMT-3, UTC, EST (but not America/New_York)."""
    if zone.split("/", maxsplit=1)[0] in _REGIONS:
        return False
    year = now.year
    winter, summer = datetime(year, 1, 15, tzinfo=UTC), datetime(year, 7, 15, tzinfo=UTC)
    return utc_offset(zone, winter) == utc_offset(zone, summer)


def zone_for_offset(offset: timedelta, now: datetime, zones: frozenset[str]) -> str | None:
    """A zone whose offset is `offset` right now: Etc/GMT±N for whole hours, else a real zone."""
    if offset % timedelta(hours=1) == timedelta(0):
        hours = int(offset / timedelta(hours=1))
        if hours == 0:
            return "UTC"
        # POSIX-style names: Etc/GMT-3 is three hours *ahead* of UTC.
        name = f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
        return name if name in zones else None
    ordered = [z for z in _FRACTIONAL_PREFERENCE if z in zones]
    ordered += sorted(z for z in zones if z.split("/")[0] in _REGIONS and z not in ordered)
    for zone in ordered:
        if now.astimezone(ZoneInfo(zone)).utcoffset() == offset:
            return zone
    return None


def describe_offset(offset: timedelta) -> str:
    """ "UTC+05:45", "UTC-03:00", "UTC+00:00"."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset / timedelta(minutes=1)))
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def utc_offset(zone: str, now: datetime) -> timedelta:
    """The zone's offset from UTC at `now`."""
    offset = now.astimezone(ZoneInfo(zone)).utcoffset()
    return offset if offset is not None else timedelta(0)


def local_now(zone: str, now: datetime) -> datetime:
    """`now` as a wall-clock time in `zone`."""
    return now.astimezone(ZoneInfo(zone))
