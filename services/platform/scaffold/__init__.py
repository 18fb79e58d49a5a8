"""`make service NAME=...` (python -m services.platform.scaffold NAME): a new service in the
shape of every other one, ready to run and test, with an example resource (Note) to replace:

  proto/minsheng/NAME/v1/NAME.proto        its API
  proto/minsheng/events/v1/NAME_events.proto   its event contract
  services/NAME/                           domain, models, handlers, api, consumers, service
  services/NAME/migrations/                its schema's first revision
  services/stack/demo/NAME.py              its demo stage
  tests/NAME/                              a domain test and an API test on the real stack

and adds it to the registry of services and to the chart's values, then regenerates
services/gen. The templates are in template/, with ${name} and ${Name} for the service."""
import keyword
import re
import string
from pathlib import Path

from services import registry
from services.platform import protogen

ROOT = protogen.ROOT
TEMPLATE = Path(__file__).parent / "template"
# A Python package name that the chart's values schema accepts as a service name.
NAME = re.compile(r"^[a-z][a-z0-9]{1,19}$")
RESERVED = {"platform", "stack", "gen", "registry"}
CHART_ENTRY = string.Template("""\
  ${name}:
    enabled: true
    databaseSecret: minsheng-${name}-db
    extraEnv: []
    extraSecretEnv: []
    migration: {}
    roles:
      api: {}
      consumer: {}
      relay: {}
""")


class ScaffoldError(Exception):
    pass


def check(name: str, root: Path) -> None:
    if not NAME.match(name):
        raise ScaffoldError(f"{name!r}: 2 to 20 lowercase letters and digits, starting with a letter")
    if keyword.iskeyword(name) or name in RESERVED:
        raise ScaffoldError(f"{name!r} is a reserved word")
    if name in registry.SERVICES or (root / "services" / name).exists():
        raise ScaffoldError(f"the service {name!r} exists already")


def write_files(name: str, root: Path) -> list[Path]:
    values = {"name": name, "Name": name.capitalize()}
    written = []
    for template in sorted(TEMPLATE.rglob("*.tmpl")):
        target = root / str(template.relative_to(TEMPLATE)).replace("__name__", name).removesuffix(".tmpl")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(string.Template(template.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(target)
    return written


def add_to_registry(name: str, root: Path) -> None:
    path = root / "services" / "registry.py"
    text = path.read_text(encoding="utf-8")
    end = re.search(r"^SERVICES = \(\n(?:    \"[a-z0-9]+\",\n)*()\)", text, re.MULTILINE).start(1)
    path.write_text(f'{text[:end]}    "{name}",\n{text[end:]}', encoding="utf-8")


def add_to_chart(name: str, root: Path) -> None:
    """Appends the service to the values' services map, which ends before networkPolicy."""
    path = root / "charts" / "minsheng" / "values.yaml"
    text = path.read_text(encoding="utf-8")
    end = text.index("\n\nnetworkPolicy:") + 1
    path.write_text(text[:end] + CHART_ENTRY.substitute(name=name) + text[end:], encoding="utf-8")


def scaffold(name: str) -> list[Path]:
    """Scaffolds the service in this checkout (protogen reads its proto/)."""
    check(name, ROOT)
    written = write_files(name, ROOT)
    add_to_registry(name, ROOT)
    add_to_chart(name, ROOT)
    protogen.generate(ROOT / "services" / "gen")
    return written
