"""Upgrade test: install earlier versions of ``printcrm_addon`` (from git), give them data,
upgrade each to this checkout, and check that nothing was lost.

One scenario per earlier release (``SCENARIOS``), from the newest commit that carries it
(``--from REF`` runs one commit instead). From 18.0.1.1.0, the oldest still in use, which made
every company install MRP and Purchase: the upgrade must move its churn settings into the
signal type records, install the MRP and purchase bridges, keep each dispatch's manufacturing
orders and fill the sales analysis's table. From 18.0.2.0.0, the release before this one, with
the bridges installed and the analysis's table filled: the upgrade must keep them and file the
orders of the table's rows. Prints ``ok``/``FAILED`` lines; exit status 1 on a failure.
"""

import argparse
import ast
import copy
import io
import os
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from odoo_env import ROOT, OdooMissing, check_postgres, dropdb, find_odoo  # noqa: E402

ADDON = "printcrm_addon"
MANIFEST = f"{ADDON}/__manifest__.py"
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")

# 18.0.1.1.0 kept the churn settings in company columns
CHURN_SETTINGS = """
env.company.write({
    "printcrm_churn_weight_drop": 65.0,
    "printcrm_churn_drop_window": 120,
    "printcrm_churn_complaint_window": 60,
    "printcrm_churn_response_min": 4,
    "printcrm_churn_horizon_days": 365,
})
"""

ORDER = """
mto = env.ref("stock.route_warehouse0_mto")
mto.active = True
manufacture = env.ref("mrp.route_warehouse0_manufacture")
wire = env["product.product"].create({"name": "Upgrade wire", "is_storable": True})
cable = env["product.product"].create({
    "name": "Upgrade cable", "is_storable": True,
    "route_ids": [(6, 0, [mto.id, manufacture.id])],
})
env["mrp.bom"].create({
    "product_tmpl_id": cable.product_tmpl_id.id, "product_qty": 1,
    "bom_line_ids": [(0, 0, {"product_id": wire.id, "product_qty": 2})],
})
customer = env["res.partner"].create({"name": "Upgrade Customer", "is_company": True})
order = env["sale.order"].create({
    "partner_id": customer.id,
    "order_line": [(0, 0, {"product_id": cable.id, "product_uom_qty": 3})],
})
order.action_confirm()
print("BEFORE productions", len(order.printcrm_dispatch_id.production_ids))
env.cr.commit()
"""

# 18.0.2.0.0 had the sales analysis's table: filled before the upgrade, whose orders it files
FACT_ROWS = """
env["printcrm.sales.fact"].sudo()._printcrm_refresh()
env.cr.commit()
"""

AFTER = """
modules = env["ir.module.module"].search(
    [("name", "in", ["printcrm_addon", "printcrm_addon_mrp", "printcrm_addon_purchase"])]
)
print("CHECK modules", sorted((m.name, m.state) for m in modules))
company = env.company
values = {
    code: (t.weight, t.window_days, t.min_count)
    for code, t in ((c, company._printcrm_signal_type(c)) for c in (
        "order_drop", "demand_tightening", "complaint", "discount_pressure", "no_response",
        "purchase_rhythm"))
}
print("CHECK signals", sorted(values.items()))
order = env["sale.order"].search([("partner_id.name", "=", "Upgrade Customer")])
dispatch = order.printcrm_dispatch_id
same = dispatch.production_ids == order.mrp_production_ids
print("CHECK dispatch", len(dispatch.production_ids), same, dispatch.state)
# the sales analysis's table (new in 18.0.2.0.0) is filled on the upgrade: the order's line on
# its date and one year later
print("CHECK fact", env["printcrm.sales.fact"].sudo().search_count([("order_id", "=", order.id)]))
# and the order filed once, as its rows are (new in 18.0.2.1.0)
filed = env["printcrm.sales.fact.order"].sudo().search([("order_id", "=", order.id)])
print("CHECK filed", [
    (f.partner_id == order.partner_id.commercial_partner_id.id,
     f.company_id == order.company_id.id)
    for f in filed
])
"""

MODULES = (
    "[('printcrm_addon', 'installed'), ('printcrm_addon_mrp', 'installed'), "
    "('printcrm_addon_purchase', 'installed')]"
)
COMMON = {
    "modules": MODULES,
    "dispatch": "1 True in_production",
    "fact": "2",
    "filed": "[(True, True)]",
}
# version upgraded from -> (add-ons installed in it, data script, what the upgrade must give)
SCENARIOS = {
    # the oldest release still in use: its path crosses every migration
    "18.0.1.1.0": (
        ADDON,
        CHURN_SETTINGS + ORDER,
        {
            **COMMON,
            "signals": "[('complaint', (40.0, 60, 0.0)), ('demand_tightening', (30.0, 120, 3.0)), "
            "('discount_pressure', (30.0, 60, 2.0)), ('no_response', (50.0, 30, 4.0)), "
            "('order_drop', (65.0, 120, 2.5)), ('purchase_rhythm', (100.0, 365, 0.0))]",
        },
    ),
    # the release before this one: the bridges already there, the analysis's rows filed
    "18.0.2.0.0": (f"{ADDON},{ADDON}_mrp,{ADDON}_purchase", ORDER + FACT_ROWS, COMMON),
}


def git(*args, binary=False):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, check=True, text=not binary
    ).stdout


def version_at(ref):
    return ast.literal_eval(git("show", f"{ref}:{MANIFEST}"))["version"]


def ref_of(version):
    """The last commit that carries ``version``: the parent of the commit that moved the
    manifest on (the commits that only touched other files are part of that release)."""
    newer = None
    for ref in git("log", "--format=%H", "--", MANIFEST).split():
        if version_at(ref) == version:
            return git("rev-parse", f"{newer}^").strip() if newer else ref
        newer = ref
    raise SystemExit(f"no commit of {ADDON} {version} in this repository's history")


def extract(ref, target):
    # the add-on and, from 18.0.2.0.0, its bridges
    names = git("ls-tree", "--name-only", ref).split()
    addons = [name for name in names if name == ADDON or name.startswith(f"{ADDON}_")]
    data = git("archive", "--format=tar", ref, *addons, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")


def shell(odoo, db, script):
    result = subprocess.run(
        odoo.command("--log-level=error", "--no-http", db=db, subcommand="shell"),
        input=script,
        text=True,
        capture_output=True,
        env=odoo.env(),
        check=False,
    )
    return result.stdout + result.stderr


def problems_in(log):
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if LOG_PROBLEM.match(line)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="ref", help="git revision of one earlier version")
    args = parser.parse_args()
    try:
        odoo = find_odoo()
        check_postgres()
    except OdooMissing as exc:
        print(f"SKIPPED upgrade test: {exc}")
        return 0
    refs = [args.ref] if args.ref else [ref_of(version) for version in SCENARIOS]
    failed = 0
    for ref in refs:
        version = version_at(ref)
        if version not in SCENARIOS:
            raise SystemExit(f"no upgrade scenario from {version} (known: {', '.join(SCENARIOS)})")
        failed += upgrade_from(odoo, ref, *SCENARIOS[version])
    return 1 if failed else 0


def upgrade_from(odoo, ref, addons, before_script, expected):
    """Install ``addons`` as they were at ``ref``, give them data, upgrade to this checkout
    and check; the number of failed checks."""
    db = f"printcrm_upgrade_{os.getpid()}"
    failed = 0
    with tempfile.TemporaryDirectory(prefix="printcrm-upgrade-") as tmp:
        old_dir = pathlib.Path(tmp) / "previous"
        extract(ref, old_dir)
        old = copy.copy(odoo)
        old.addons_path = odoo.addons_path.replace(str(ROOT), str(old_dir))
        print(f"Installing {addons} {version_at(ref)} ({ref[:10]}) into {db} ...", flush=True)
        log = pathlib.Path(tmp) / "install.log"
        try:
            old.install(db, addons, "--without-demo=all", f"--logfile={log}")
            before = shell(old, db, before_script)
            if "BEFORE productions 1" not in before or problems_in(log):
                print(f"FAILED {version_at(ref)}: install or data")
                print("\n".join(problems_in(log)[:20] + before.splitlines()[-20:]))
                return 1
            print("Upgrading to this checkout ...", flush=True)
            log = pathlib.Path(tmp) / "upgrade.log"
            odoo.run(
                "-u", ADDON, "--stop-after-init", "--max-cron-threads=0", f"--logfile={log}", db=db
            )
            problems = problems_in(log)
            print(("FAILED" if problems else "ok    ") + " upgrade log without errors")
            if problems:
                print("\n".join(problems[:20]))
            failed += bool(problems)
            after = shell(odoo, db, AFTER)
            for key, value in expected.items():
                found = re.search(rf"^CHECK {key} (.*)$", after, re.M)
                ok = bool(found) and found.group(1) == value
                failed += not ok
                print(
                    ("ok    " if ok else "FAILED")
                    + f" after upgrade, {key}: "
                    + (found.group(1) if found else after[-800:])
                )
        finally:
            dropdb(db)
    return failed


if __name__ == "__main__":
    sys.exit(main())
