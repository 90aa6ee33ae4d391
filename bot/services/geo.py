"""Time zone from a shared location, offline (timezonefinder ships its own data)."""

from __future__ import annotations

import asyncio
import threading
from typing import Protocol


class LocationZones(Protocol):
    """Finds the IANA zone at a point on Earth."""

    async def zone_at(self, latitude: float, longitude: float) -> str | None:
        """The zone at that point, or None if unknown."""
        ...


class TimezoneFinderZones:
    """timezonefinder, loaded on first use so start-up stays fast."""

    def __init__(self) -> None:
        self._finder: object | None = None
        self._lock = threading.Lock()

    def _lookup(self, latitude: float, longitude: float) -> str | None:
        with self._lock:
            if self._finder is None:
                from timezonefinder import TimezoneFinder  # noqa: PLC0415 (slow import, lazy)

                self._finder = TimezoneFinder()
            zone = self._finder.timezone_at(lat=latitude, lng=longitude)  # type: ignore[attr-defined]
        return zone if isinstance(zone, str) else None

    async def zone_at(self, latitude: float, longitude: float) -> str | None:
        """The zone at that point, looked up off the event loop."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return await asyncio.to_thread(self._lookup, latitude, longitude)
