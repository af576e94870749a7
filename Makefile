# printcrm_addon: the commands of README.md. Odoo 18 is found as an importable `odoo` package of
# $(PYTHON), or as the source tree named by ODOO_SRC (see tools/odoo_env.py).
PYTHON ?= python3
DEMO_DB ?= printcrm_demo
DEMO_PORT ?= 8069

.PHONY: test demo bench check unit upgrade wheels

## test: static checks, pure-Python tests, Odoo suite on a throwaway database; one summary line
test:
	@$(PYTHON) tools/run_tests.py

## demo: (re)create $(DEMO_DB) with demo data, run the batches, serve on localhost:$(DEMO_PORT)
demo:
	@$(PYTHON) tools/demo.py --db $(DEMO_DB) --port $(DEMO_PORT)

## bench: 10,000 customers, 1,000,000 order lines: tier, churn, sales analysis against one GROUP BY
bench:
	@$(PYTHON) tools/bench.py

## check: static checks only
check:
	@$(PYTHON) tools/static_checks.py

## unit: pure-Python tests only (no Odoo needed)
unit:
	@$(PYTHON) -m pytest -q -p no:odoo tests

## upgrade: install the previous version from git, upgrade to this checkout, check the data
upgrade:
	@$(PYTHON) tools/upgrade_check.py

## wheels: the add-ons as wheels (odoo-addon-*) built by whool, into dist/
wheels:
	@$(PYTHON) -m pip wheel --no-deps -w dist ./printcrm_addon ./printcrm_addon_mrp ./printcrm_addon_purchase
