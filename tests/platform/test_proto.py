"""The generated code in services/gen is what `make proto` makes of proto/ now."""
import filecmp
from pathlib import Path

from services.platform.protogen import ROOT, generate


def test_generated_code_is_not_stale(tmp_path: Path):
    generate(tmp_path)
    committed = ROOT / "services" / "gen"
    fresh = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    kept = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert fresh == kept, "run `make proto`: files differ"
    stale = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, committed / p, shallow=False)]
    assert not stale, f"run `make proto`: stale {stale}"
