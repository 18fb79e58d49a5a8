"""The supervision service's own settings, read and checked at start with the platform's
(services.platform.config), every problem reported together.

  MINSHENG_SUPERVISION_TIME_ZONE   the district's IANA time zone (default Asia/Shanghai): a
                                   deadline passes, and a report may be dated, by its calendar
"""
from dataclasses import dataclass
from datetime import date
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.platform import audit

TIME_ZONE_ENV = "MINSHENG_SUPERVISION_TIME_ZONE"
DEFAULT_TIME_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SupervisionSettings:
    time_zone: ZoneInfo = ZoneInfo(DEFAULT_TIME_ZONE)

    def today(self) -> date:
        """The date in the district now."""
        return audit.now().astimezone(self.time_zone).date()


def read(env: Mapping[str, str], role: str, problems: list[str]) -> SupervisionSettings:
    name = env.get(TIME_ZONE_ENV, DEFAULT_TIME_ZONE)
    try:
        return SupervisionSettings(ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{TIME_ZONE_ENV}: not an IANA time zone such as {DEFAULT_TIME_ZONE}: {name!r}")
        return SupervisionSettings()
