"""`python -m services.gateway.documents DIR` (run by `make proto`): the OpenAPI and AsyncAPI
documents of every registered service, as a gateway in front of all of them serves them, for
readers of the repository (docs/). A test fails when they are stale."""
import json
import sys
from pathlib import Path

from services import registry
from services.gateway import asyncapi, openapi
from services.gateway.routes import bindings_of

FILES = ("openapi.json", "asyncapi.json")


def documents() -> dict[str, dict]:
    bindings = [b for service in (*registry.SERVICES, registry.GATEWAY) for b in bindings_of(service)]
    return {"openapi.json": openapi.document(bindings), "asyncapi.json": asyncapi.document()}


def text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in documents().items():
        (folder / name).write_text(text(document), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
