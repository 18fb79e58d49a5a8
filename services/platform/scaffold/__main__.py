import sys

from services.platform.scaffold import ScaffoldError, scaffold

if len(sys.argv) != 2:
    raise SystemExit("usage: python -m services.platform.scaffold NAME")
try:
    written = scaffold(sys.argv[1])
except ScaffoldError as exc:
    raise SystemExit(str(exc))
print("\n".join(str(path) for path in written))
print(f"Added {sys.argv[1]} to services/registry.py and charts/minsheng/values.yaml; services/gen regenerated.")
