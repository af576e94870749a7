"""``make test``: static checks, pure-Python tests, then the Odoo suites; one summary line.

The Odoo suites run with pytest-odoo on throwaway databases: each is created, add-ons are
installed into it (any WARNING or ERROR logged while installing fails the run, as in OCA's
CI), the tests run, and the database is dropped.

- ``printcrm_addon`` alone, on a database without MRP and Purchase (checked): every test of
  the add-on — tiering, credit, churn, dispatch of deliveries, the portal, the browser.
- the bridges ``printcrm_addon_mrp`` and ``printcrm_addon_purchase`` (which bring MRP and
  Purchase): their tests of manufacturing and purchase orders, then every test of
  ``printcrm_addon`` again, so that the add-on is shown to work with the bridges installed too.

Then ``tools/upgrade_check.py`` installs each earlier release from git, upgrades it to this
checkout and checks the data (``make upgrade``).

Without Odoo the suites are skipped with one ``SKIPPED odoo suite: <reason>`` line and the
rest still runs and counts.
"""

import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import static_checks  # noqa: E402
from odoo_env import ROOT, OdooMissing, check_postgres, dropdb, find_odoo  # noqa: E402

ADDON = "printcrm_addon"
BRIDGES = ["printcrm_addon_mrp", "printcrm_addon_purchase"]
NOT_WITH_CORE = ["mrp", "purchase"]
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add_junit(self, path):
        if not path.exists():
            self.failed += 1
            return
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for suite in suites:
            total = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            self.failed += failed
            self.skipped += skipped
            self.passed += total - failed - skipped


def run_pytest(args, junit, env=None):
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}", *args]
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def install_addon(odoo, db, workdir, addons):
    """Create ``db`` and install ``addons``; return the problem lines of the install log."""
    log = workdir / f"install-{db}.log"
    names = ",".join(addons)
    print(f"Installing {names} into throwaway database {db} ({odoo.source}) ...", flush=True)
    result = odoo.install(db, names, "--without-demo=all", "--log-level=info", f"--logfile={log}")
    text = log.read_text(errors="replace") if log.exists() else ""
    problems = [line for line in text.splitlines() if LOG_PROBLEM.match(line)]
    if result.returncode != 0 and not problems:
        problems = [f"odoo exited with status {result.returncode}"] + text.splitlines()[-20:]
    return problems


def installed_modules(db, names):
    result = subprocess.run(
        [
            "psql",
            "-XAtq",
            "-d",
            db,
            "-c",
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)"
            % ("ARRAY[" + ",".join(f"'{name}'" for name in names) + "]"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(result.stdout.split())


def run_suite(tally, odoo, workdir, db, addons, test_dirs, unwanted=()):
    """Install ``addons`` into ``db``, check it, run ``test_dirs`` against it, drop it."""
    try:
        problems = install_addon(odoo, db, workdir, addons)
        if problems:
            print("FAILED install: warnings or errors were logged while installing:")
            print("\n".join(problems[:40]))
            tally.failed += 1
            return
        tally.passed += 1  # the clean install is itself a check
        print(f"ok     clean install of {','.join(addons)}", flush=True)
        if unwanted:
            found = installed_modules(db, unwanted)
            if found:
                print(f"FAILED {','.join(addons)} installed {', '.join(sorted(found))} too")
                tally.failed += 1
            else:
                print(f"ok     installed without {', '.join(unwanted)}", flush=True)
                tally.passed += 1
        config = workdir / f"odoo-{db}.conf"
        config.write_text(
            "[options]\n"
            f"addons_path = {odoo.addons_path}\n"
            "test_enable = True\n"
            "log_level = warn\n"
            "max_cron_threads = 0\n"
            f"http_port = {free_port()}\n"
        )
        junit = workdir / f"odoo-{db}.xml"
        # --odoo-http serves the database so that HttpCase tests (portal, Chromium tours) run
        run_pytest(
            [
                f"--odoo-database={db}",
                f"--odoo-config={config}",
                "--odoo-http",
                *test_dirs,
            ],
            junit,
            env=odoo.env(),
        )
        tally.add_junit(junit)
    finally:
        dropdb(db)


def odoo_suite(tally, workdir):
    try:
        odoo = find_odoo()
        check_postgres()
    except OdooMissing as exc:
        print(f"SKIPPED odoo suite: {exc}", flush=True)
        tally.skipped += 1
        return
    core_db = f"printcrm_test_{os.getpid()}"
    run_suite(tally, odoo, workdir, core_db, [ADDON], [f"{ADDON}/tests"], NOT_WITH_CORE)
    print("== odoo suite: MRP and purchase bridges, their tests and the add-on's", flush=True)
    bridges_db = f"printcrm_bridges_{os.getpid()}"
    tests = [f"{name}/tests" for name in BRIDGES] + [f"{ADDON}/tests"]
    run_suite(tally, odoo, workdir, bridges_db, BRIDGES, tests)


def upgrade_suite(tally):
    """``tools/upgrade_check.py``: its ok/FAILED lines count as checks."""
    script = pathlib.Path(__file__).resolve().parent / "upgrade_check.py"
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    print(result.stdout + result.stderr, end="", flush=True)
    lines = result.stdout.splitlines()
    if any(line.startswith("SKIPPED") for line in lines):
        tally.skipped += 1
        return
    tally.passed += sum(line.startswith("ok ") for line in lines)
    tally.failed += sum(line.startswith("FAILED") for line in lines)
    if result.returncode and not any(line.startswith("FAILED") for line in lines):
        tally.failed += 1


def main():
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="printcrm-test-") as tmp:
        workdir = pathlib.Path(tmp)
        print("== static checks", flush=True)
        for name, ok in static_checks.run_all():
            print(f"{'ok    ' if ok else 'FAILED'} {name}", flush=True)
            if ok:
                tally.passed += 1
            else:
                tally.failed += 1
        print("== pure-Python tests", flush=True)
        junit = workdir / "pure.xml"
        # pytest-odoo's plugin wants a database for every test; the pure tests need none.
        code = run_pytest(["-p", "no:odoo", "tests"], junit)
        if code not in (0, 1):  # 5: nothing collected, others: pytest itself failed
            print(f"FAILED pure-Python tests: pytest exited with {code}")
            tally.failed += 1
        tally.add_junit(junit)
        print("== odoo suite: printcrm_addon alone", flush=True)
        odoo_suite(tally, workdir)
    print("== upgrade from the previous version", flush=True)
    upgrade_suite(tally)
    print(f"summary: {tally.passed} passed, {tally.failed} failed, {tally.skipped} skipped")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
