"""Upgrade test: install the previous version of ``printcrm_addon`` (from git), give it data,
upgrade to this checkout, and check that nothing was lost.

The previous version is the last commit whose manifest carries version ``FROM_VERSION``, the
oldest release still upgraded from (``--from REF`` names another): the path from it crosses
every migration since. It is installed with its own dependencies
(18.0.1.1.0 made every company install MRP and Purchase); the upgrade must move its churn
settings into the signal type records, install the MRP and purchase bridges, keep each
dispatch's manufacturing orders and fill the sales analysis's table. Prints ``ok``/``FAILED``
lines; exit status 1 on a failure.
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
# the release the upgrade starts from: the oldest still in use. From 18.0.2.0.0, 18.0.2.1.0 only
# files the orders of the sales analysis's rows (tests/test_sales_fact.py plays that upgrade)
FROM_VERSION = "18.0.1.1.0"
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")

BEFORE = """
company = env.company
company.write({
    "printcrm_churn_weight_drop": 65.0,
    "printcrm_churn_drop_window": 120,
    "printcrm_churn_complaint_window": 60,
    "printcrm_churn_response_min": 4,
    "printcrm_churn_horizon_days": 365,
})
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

EXPECTED = {
    "modules": "[('printcrm_addon', 'installed'), ('printcrm_addon_mrp', 'installed'), "
    "('printcrm_addon_purchase', 'installed')]",
    "signals": "[('complaint', (40.0, 60, 0.0)), ('demand_tightening', (30.0, 120, 3.0)), "
    "('discount_pressure', (30.0, 60, 2.0)), ('no_response', (50.0, 30, 4.0)), "
    "('order_drop', (65.0, 120, 2.5)), ('purchase_rhythm', (100.0, 365, 0.0))]",
    "dispatch": "1 True in_production",
    "fact": "2",
    "filed": "[(True, True)]",
}


def git(*args, binary=False):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, check=True, text=not binary
    ).stdout


def version_at(ref):
    return ast.literal_eval(git("show", f"{ref}:{MANIFEST}"))["version"]


def previous_ref():
    """The newest commit whose manifest carries ``FROM_VERSION``."""
    for ref in git("log", "--format=%H", "--", MANIFEST).split():
        if version_at(ref) == FROM_VERSION:
            return ref
    raise SystemExit(f"no commit of {ADDON} {FROM_VERSION} in this repository's history")


def extract(ref, target):
    data = git("archive", "--format=tar", ref, ADDON, binary=True)
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
    parser.add_argument("--from", dest="ref", help="git revision of the previous version")
    args = parser.parse_args()
    try:
        odoo = find_odoo()
        check_postgres()
    except OdooMissing as exc:
        print(f"SKIPPED upgrade test: {exc}")
        return 0
    ref = args.ref or previous_ref()
    db = f"printcrm_upgrade_{os.getpid()}"
    failed = 0
    with tempfile.TemporaryDirectory(prefix="printcrm-upgrade-") as tmp:
        old_dir = pathlib.Path(tmp) / "previous"
        extract(ref, old_dir)
        old = copy.copy(odoo)
        old.addons_path = odoo.addons_path.replace(str(ROOT), str(old_dir))
        print(f"Installing {ADDON} {version_at(ref)} ({ref[:10]}) into {db} ...", flush=True)
        log = pathlib.Path(tmp) / "install.log"
        try:
            old.install(db, ADDON, "--without-demo=all", f"--logfile={log}")
            before = shell(old, db, BEFORE)
            if "BEFORE productions 1" not in before or problems_in(log):
                print("FAILED previous version: install or data")
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
            for key, expected in EXPECTED.items():
                found = re.search(rf"^CHECK {key} (.*)$", after, re.M)
                ok = bool(found) and found.group(1) == expected
                failed += not ok
                print(
                    ("ok    " if ok else "FAILED")
                    + f" after upgrade, {key}: "
                    + (found.group(1) if found else after[-800:])
                )
        finally:
            dropdb(db)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
