"""The district's towns: data from configuration, never code."""
from typing import Iterator

from services.platform.config import Town


class TownRegistry:
    def __init__(self, towns: tuple[Town, ...]):
        self._towns = {t.id: t for t in towns}

    def __contains__(self, town_id: str) -> bool:
        return town_id in self._towns

    def __iter__(self) -> Iterator[str]:
        """The towns' ids, in the configured order."""
        return iter(self._towns)

    def name_of(self, town_id: str) -> str:
        return self._towns[town_id].name
