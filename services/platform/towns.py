"""The district's towns (data from configuration) and resource names under them."""
from services.platform.config import Town
from services.platform.errors import InvalidArgument, FieldViolation

MAX_YEAR_DIGITS = 9


class TownRegistry:
    def __init__(self, towns: tuple[Town, ...]):
        self._towns = {t.id: t for t in towns}

    def __contains__(self, town_id: str) -> bool:
        return town_id in self._towns

    def parse(self, field: str, name: str, *collections: str) -> list[str]:
        """Parses `towns/{town}[/{collection}/{id}...]`, checking the town is known.
        Returns [town, id...]; raises INVALID_ARGUMENT naming `field`."""
        parts = name.split("/")
        expected = ["towns", *collections]
        ok = len(parts) == 2 * len(expected) and parts[0::2] == expected and all(parts[1::2])
        if not ok:
            pattern = "/".join(f"{c}/{{{c}}}" for c in expected)
            raise InvalidArgument([FieldViolation(field, f"must look like {pattern}")])
        if parts[1] not in self._towns:
            raise InvalidArgument([FieldViolation(field, f"unknown town {parts[1]!r}")])
        return parts[1::2]

    def parse_yearly(self, field: str, name: str, *collections: str) -> tuple[str, int, list[str]]:
        """Parses a name whose first id is a year (`towns/{town}/reviews/{year}/...`): the
        town, the year, and the ids after it."""
        town, year, *rest = self.parse(field, name, *collections)
        # ASCII digits only (str.isdigit also takes '²' and other scripts' digits), and few
        # enough to fit the year columns.
        if not (year.isascii() and year.isdigit() and len(year) <= MAX_YEAR_DIGITS):
            raise InvalidArgument([FieldViolation(field, f"the {collections[0]} id is its year, e.g. 2024")])
        return town, int(year), rest

