"""Hand-written fakes shared by tests."""

from __future__ import annotations


class FixedLocations:
    """Location lookups from a table instead of timezonefinder."""

    def __init__(self, table: dict[tuple[float, float], str] | None = None) -> None:
        self.table = table or {}
        self.asked: list[tuple[float, float]] = []

    async def zone_at(self, latitude: float, longitude: float) -> str | None:
        """The zone from the table, or None."""
        self.asked.append((latitude, longitude))
        return self.table.get((latitude, longitude))
