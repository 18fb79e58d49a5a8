"""Generates the Python code of proto/ (make proto; the staleness test uses it too)."""
import sys
from pathlib import Path

import grpc_tools
from google.rpc import status_pb2
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[2]
PROTO_DIR = ROOT / "proto"


def generate(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p.relative_to(PROTO_DIR)) for p in PROTO_DIR.rglob("*.proto"))
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    googleapis = Path(status_pb2.__file__).parents[2]  # google/rpc/*.proto, from googleapis-common-protos
    args = ["protoc", f"-I{PROTO_DIR}", f"-I{well_known}", f"-I{googleapis}", f"--python_out={out_dir}",
            f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}", *files]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for package in {p.parent for p in out_dir.rglob("*_pb2.py")}:
        while package != out_dir:
            (package / "__init__.py").touch()
            package = package.parent


if __name__ == "__main__":
    generate(Path(sys.argv[1]))
