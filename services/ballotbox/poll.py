"""What is voted on: the ballot forms and the poll manifest, and the context that binds every
proof to one poll and its key.

A form is a grid of selections, candidates x options, each an encryption of 0 or 1, and
groups of selections whose total is constrained:
- ApprovalForm (approve at most N): one selection per candidate, one group of all of them with
  a total in 0..N.
- ChoiceForm (one option per candidate: for/against/abstain when voting, 满意/基本满意/不满意
  when deputies assess projects): one selection per candidate and option, one group per
  candidate with a total of exactly 1 (0..1 with blank_allowed). Voting fills an unmarked
  candidate with "abstain" before encrypting (the election practice counts an unmarked item
  as an abstention), so its ballots have no blanks; an assessment that may skip a project
  sets blank_allowed, and its counts then show how many left the project blank."""
from dataclasses import dataclass, field

from services.ballotbox.group import Point, digest

MAX_CANDIDATES = 100
VOTE_OPTIONS = ("for", "against", "abstain")
ASSESSMENT_OPTIONS = ("满意", "基本满意", "不满意")


class InvalidForm(ValueError):
    pass


@dataclass(frozen=True)
class Group:
    """Selections (candidate, option) whose total lies in lo..hi."""
    cells: tuple[tuple[int, int], ...]
    lo: int
    hi: int


def _check_names(names: tuple[str, ...], what: str, at_least: int) -> None:
    if not at_least <= len(names) <= MAX_CANDIDATES:
        raise InvalidForm(f"between {at_least} and {MAX_CANDIDATES} {what}")
    if len(set(names)) != len(names) or not all(isinstance(n, str) and n for n in names):
        raise InvalidForm(f"{what} must be distinct, non-empty strings")


@dataclass(frozen=True)
class ApprovalForm:
    candidates: tuple[str, ...]
    max_approvals: int
    options: tuple[str, ...] = field(default=("approve",), init=False)

    def __post_init__(self) -> None:
        _check_names(self.candidates, "candidates", 1)
        if not 1 <= self.max_approvals <= len(self.candidates):
            raise InvalidForm("max_approvals must be between 1 and the number of candidates")

    def groups(self) -> list[Group]:
        return [Group(tuple((c, 0) for c in range(len(self.candidates))), 0, self.max_approvals)]

    def marks(self, approved) -> list[list[int]]:
        """The grid for a set of approved candidate ids."""
        approved = set(approved)
        if approved - set(self.candidates):
            raise InvalidForm("approves someone who is not a candidate")
        if len(approved) > self.max_approvals:
            raise InvalidForm(f"at most {self.max_approvals} approvals")
        return [[int(c in approved)] for c in self.candidates]

    def hash_parts(self) -> tuple:
        return ("approval", len(self.candidates), *self.candidates, self.max_approvals)

    def to_json(self) -> dict:
        return {"kind": "approval", "candidates": list(self.candidates), "max_approvals": self.max_approvals}


@dataclass(frozen=True)
class ChoiceForm:
    candidates: tuple[str, ...]
    options: tuple[str, ...] = VOTE_OPTIONS
    blank_allowed: bool = False

    def __post_init__(self) -> None:
        _check_names(self.candidates, "candidates", 1)
        _check_names(self.options, "options", 2)

    def groups(self) -> list[Group]:
        lo = 0 if self.blank_allowed else 1
        return [Group(tuple((c, o) for o in range(len(self.options))), lo, 1)
                for c in range(len(self.candidates))]

    def marks(self, chosen: dict[str, str]) -> list[list[int]]:
        """The grid for candidate id -> option; a candidate left out is blank."""
        if set(chosen) - set(self.candidates) or set(chosen.values()) - set(self.options):
            raise InvalidForm("names an unknown candidate or option")
        if not self.blank_allowed and len(chosen) != len(self.candidates):
            raise InvalidForm("every candidate needs one option")
        return [[int(chosen.get(c) == o) for o in self.options] for c in self.candidates]

    def hash_parts(self) -> tuple:
        return ("choice", len(self.candidates), *self.candidates, len(self.options), *self.options,
                int(self.blank_allowed))

    def to_json(self) -> dict:
        return {"kind": "choice", "candidates": list(self.candidates), "options": list(self.options),
                "blank_allowed": self.blank_allowed}


Form = ApprovalForm | ChoiceForm


def form_from_json(data: dict) -> Form:
    if data["kind"] == "approval":
        return ApprovalForm(tuple(data["candidates"]), data["max_approvals"])
    if data["kind"] == "choice":
        return ChoiceForm(tuple(data["candidates"]), tuple(data["options"]), bool(data["blank_allowed"]))
    raise InvalidForm(f"unknown form {data['kind']!r}")


@dataclass(frozen=True)
class Manifest:
    """One poll: its name (e.g. towns/x/sessions/y/polls/z) and its form."""
    poll: str
    form: Form

    def hash(self) -> bytes:
        return digest("poll", self.poll, *self.form.hash_parts())

    def to_json(self) -> dict:
        return {"poll": self.poll, "form": self.form.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> "Manifest":
        if not isinstance(data["poll"], str) or not data["poll"]:
            raise InvalidForm("a poll needs a name")
        return cls(data["poll"], form_from_json(data["form"]))


def context(manifest: Manifest, key_record_hash: bytes, joint_key: Point) -> bytes:
    """ElectionGuard's extended base hash: the poll, the key ceremony's record and the joint key."""
    return digest("context", manifest.hash(), key_record_hash, joint_key)
