"""A town's negative list (负面清单): kinds of project that are not livelihood projects.

Each entry has a name (what a refusal names) and keywords. A proposal matches an entry
when one of its keywords occurs in the proposal's title or content, whitespace ignored:
plain substring matching, so staff and proposers can predict it. It flags, it does not
decide: screening refuses a flagged proposal naming the entry, or shortlists it only with
the reason it is not such a project (a road in front of a village office is not an office
building). The default follows the published rule: office buildings, equipment for the
government's own use, unfinished legacy projects.

Pure: no gRPC, SQL or NATS here."""
from dataclasses import dataclass

from services.platform.errors import Violations

MAX_ENTRIES = 20
MAX_KEYWORDS = 20


@dataclass(frozen=True)
class NegativeEntry:
    name: str
    keywords: tuple[str, ...]

    def validate(self, v: Violations, prefix: str) -> None:
        v.text(f"{prefix}.name", self.name, max_len=50)
        v.check(0 < len(self.keywords) <= MAX_KEYWORDS, f"{prefix}.keywords", f"1 to {MAX_KEYWORDS} keywords")
        for i, keyword in enumerate(self.keywords):
            v.check(0 < len(keyword.strip()) <= 20 and keyword == keyword.strip(), f"{prefix}.keywords[{i}]",
                    "1 to 20 characters, no surrounding spaces")


@dataclass(frozen=True)
class NegativeMatch:
    entry: str
    keyword: str


@dataclass(frozen=True)
class NegativeList:
    entries: tuple[NegativeEntry, ...]

    def validate(self, v: Violations, prefix: str = "negative_list") -> None:
        v.check(len(self.entries) <= MAX_ENTRIES, prefix, f"at most {MAX_ENTRIES} entries")
        names = [e.name for e in self.entries]
        v.check(len(set(names)) == len(names), prefix, "names an entry twice")
        for i, entry in enumerate(self.entries):
            entry.validate(v, f"{prefix}.entries[{i}]")

    def matches(self, title: str, content: str) -> tuple[NegativeMatch, ...]:
        """Each entry the text matches, with the first of its keywords found."""
        text = "".join(f"{title}\n{content}".split())
        found = []
        for entry in self.entries:
            keyword = next((k for k in entry.keywords if "".join(k.split()) in text), None)
            if keyword is not None:
                found.append(NegativeMatch(entry.name, keyword))
        return tuple(found)

    def as_list(self) -> list[dict]:
        return [{"name": e.name, "keywords": list(e.keywords)} for e in self.entries]

    @classmethod
    def from_list(cls, data: list[dict]) -> "NegativeList":
        return cls(tuple(NegativeEntry(e["name"], tuple(e["keywords"])) for e in data))


DEFAULT_NEGATIVE_LIST = NegativeList((
    NegativeEntry("办公楼", ("办公楼", "办公用房", "办公大楼", "办公室装修")),
    NegativeEntry("政府自用设备", ("办公设备", "公务用车", "公务车", "政府自用", "机关自用")),
    NegativeEntry("未完工遗留项目", ("遗留项目", "未完工", "烂尾", "续建")),
))
