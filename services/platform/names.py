"""Resource names (AIP-122) such as `towns/{town}/proposals/{proposal}`, formatted and parsed
by one type. Every name starts with its town; a variable named `year` holds a year."""
from services.platform.errors import FieldViolation, InvalidArgument
from services.platform.towns import TownRegistry

# A year in a name must fit the year columns.
MAX_YEAR_DIGITS = 9


def _variable(segment: str) -> str | None:
    return segment[1:-1] if segment.startswith("{") and segment.endswith("}") else None


class NamePattern:
    def __init__(self, pattern: str):
        self.pattern = pattern
        self.segments = pattern.split("/")
        self.variables = [v for v in map(_variable, self.segments) if v]
        if self.segments[:2] != ["towns", "{town}"]:
            raise ValueError(f"a resource name starts with towns/{{town}}: {pattern}")

    def format(self, **ids) -> str:
        """The name of the resource with these ids (every variable of the pattern)."""
        return self.pattern.format(**ids)

    def parse(self, field: str, name: str, towns: TownRegistry) -> tuple:
        """The ids in `name` (a year as an int), in the pattern's order, its town first.
        A name of another shape or an unknown town is INVALID_ARGUMENT naming `field`."""
        parts = name.split("/")
        if len(parts) != len(self.segments) or not all(
                part if _variable(segment) else part == segment for part, segment in zip(parts, self.segments)):
            raise InvalidArgument([FieldViolation(field, f"must look like {self.pattern}")])
        ids = [part for part, segment in zip(parts, self.segments) if _variable(segment)]
        if ids[0] not in towns:
            raise InvalidArgument([FieldViolation(field, f"unknown town {ids[0]!r}")])
        if "year" in self.variables:
            at = self.variables.index("year")
            # ASCII digits only (str.isdigit also takes '²' and other scripts' digits), and few
            # enough to fit the year columns.
            if not (ids[at].isascii() and ids[at].isdigit() and len(ids[at]) <= MAX_YEAR_DIGITS):
                raise InvalidArgument([FieldViolation(field, "the year must be a number, e.g. 2024")])
            ids[at] = int(ids[at])
        return tuple(ids)


TOWN = NamePattern("towns/{town}")


def town_of(name: str) -> str:
    """The town of any resource name (empty if it names none): for checking another
    service's names, whose shape is that service's business."""
    parts = name.split("/")
    return parts[1] if len(parts) >= 2 and parts[0] == "towns" else ""
