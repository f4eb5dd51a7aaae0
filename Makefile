# The two commands of README.rst: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
DEMO   := .demo
FUNC   := .functional
BENCH  := .bench

.PHONY: demo demo-stop test test-sqlite test-postgresql pep8 unit functional bench bench-stop \
        install system venv iaas \
        genconfig genpolicy docs releasenotes clean

install: system venv iaas

system:
	tools/install-system.sh

venv:
	tools/install-venv.sh

# The providers' Placement, Nova and Neutron, in .venv-iaas under
# OpenStack's upper-constraints (tools/iaas/).
iaas:
	tools/install-iaas.sh

demo: install
	$(PY) -m tools.topology up --root $(DEMO) --seed

demo-stop:
	@if [ -x $(PY) ]; then $(PY) -m tools.topology down --root $(DEMO); \
	else echo "nothing to stop (no $(VENV))"; fi

test: install
	tools/run-tests.sh

pep8: venv
	$(VENV)/bin/flake8

unit: venv
	tools/run-tests.sh unit

functional: install
	tools/run-tests.sh functional

# One database pass alone (make test runs both, side by side).
test-sqlite: install
	tools/run-tests.sh functional-sqlite

test-postgresql: install
	tools/run-tests.sh functional-postgresql

# Full benchmark run (issue 8) on its own topology (.bench, started if
# down and left running for the next run; BENCH_DB=postgresql to scale out).
bench: install
	$(PY) -m benchmarks --root $(BENCH) $(if $(BENCH_DB),--database $(BENCH_DB))

bench-stop:
	@if [ -x $(PY) ]; then $(PY) -m tools.topology down --root $(BENCH); fi

genconfig: venv
	$(VENV)/bin/oslo-config-generator --config-file etc/aggregator/aggregator-config-generator.conf
	$(VENV)/bin/oslo-config-generator --config-file etc/virtual-region-manager/virtual-region-manager-config-generator.conf

genpolicy: venv
	$(VENV)/bin/oslopolicy-sample-generator --config-file etc/aggregator/aggregator-policy-generator.conf
	$(VENV)/bin/oslopolicy-sample-generator --config-file etc/virtual-region-manager/virtual-region-manager-policy-generator.conf

docs: venv
	$(VENV)/bin/sphinx-build -E -W --keep-going -b html -d doc/build/doctrees doc/source doc/build/html

releasenotes: venv
	$(VENV)/bin/sphinx-build -a -E -W -d releasenotes/build/doctrees -b html releasenotes/source releasenotes/build/html

clean: demo-stop bench-stop
	rm -rf $(DEMO) $(FUNC) $(FUNC).* $(FUNC)-pg $(FUNC)-pg.* $(BENCH) .stestr
