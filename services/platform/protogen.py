"""Generates the Python code of proto/ (make proto; the staleness test uses it too), and one
descriptor set of them with their comments (descriptors.binpb), from which the gateway writes
its OpenAPI and AsyncAPI documents: generated modules carry no comments."""
import sys
from pathlib import Path

from google.api import annotations_pb2

ROOT = Path(__file__).resolve().parents[2]
PROTO_DIR = ROOT / "proto"
# google/api/annotations.proto and http.proto, as googleapis-common-protos ships them; the
# generated modules import their Python modules from that package.
GOOGLEAPIS_DIR = Path(annotations_pb2.__file__).resolve().parents[2]
# In services/gen/minsheng/; the gateway reads it at run time (this module imports no dev tool).
DESCRIPTOR_SET = "descriptors.binpb"


def generate(out_dir: Path) -> None:
    import grpc_tools  # a development tool, not in the image
    from grpc_tools import protoc

    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p.relative_to(PROTO_DIR)) for p in PROTO_DIR.rglob("*.proto"))
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", f"-I{PROTO_DIR}", f"-I{well_known}", f"-I{GOOGLEAPIS_DIR}", f"--python_out={out_dir}",
            f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}", "--include_source_info",
            f"--descriptor_set_out={out_dir / 'minsheng' / DESCRIPTOR_SET}", *files]
    (out_dir / "minsheng").mkdir(exist_ok=True)
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for package in {p.parent for p in out_dir.rglob("*_pb2.py")}:
        while package != out_dir:
            (package / "__init__.py").touch()
            package = package.parent


if __name__ == "__main__":
    generate(Path(sys.argv[1]))
