"""The generated code in services/gen is what `make proto` makes of proto/ now, and the event
contracts between services depend on no service's API."""
import ast
import filecmp
import re
from pathlib import Path

import pytest

from minsheng.events.v1 import collection_events_pb2 as collection_events
from minsheng.events.v1 import review_events_pb2 as review_events
from minsheng.events.v1 import supervision_events_pb2 as supervision_events
from services import registry
from services.collection import domain as collection
from services.platform.protogen import ROOT, generate
from services.review import domain as review
from services.supervision import domain as supervision
from services.supervision import oversight


def test_generated_code_is_not_stale(tmp_path: Path):
    generate(tmp_path)
    committed = ROOT / "services" / "gen"
    fresh = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    kept = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert fresh == kept, "run `make proto`: files differ"
    stale = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, committed / p, shallow=False)]
    assert not stale, f"run `make proto`: stale {stale}"




def test_event_contracts_import_no_service_api():
    for contract in (ROOT / "proto" / "minsheng" / "events" / "v1").glob("*.proto"):
        imports = re.findall(r'^import "([^"]+)";', contract.read_text(encoding="utf-8"), re.MULTILINE)
        assert all(i.startswith(("google/", "minsheng/events/", "minsheng/common/")) for i in imports), contract.name


@pytest.mark.parametrize("service", registry.SERVICES)
def test_a_service_uses_no_other_services_api(service):
    others = {f"minsheng.{other}.v1" for other in registry.SERVICES if other != service}
    for module in (ROOT / "services" / service).glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in imported if m.rsplit(".", 1)[0] in others or m in others}, module.name


@pytest.mark.parametrize("domain_enum, event_enum", [
    (collection.Channel, collection_events.ProposalSubmitted.Channel),
    (collection.Outcome, collection_events.ProposalScreened.Outcome),
    (collection.ProposalState, collection_events.ProposalAnswered.State),
    (review.Recommendation, review_events.Recommendation),
    (supervision.ProjectState, supervision_events.SupervisedProjectState),
    (supervision.CarryOverCause, supervision_events.CarryOverCause),
    (oversight.InspectionKind, supervision_events.InspectionKind),
])
def test_events_carry_every_value_of_the_domain(domain_enum, event_enum):
    """Use cases fill event enums by the domain's value names: each must exist there."""
    assert {m.value for m in domain_enum} <= set(event_enum.keys())
