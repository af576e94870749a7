"""``make demo``: (re)create a demo database, run the batches, serve it on localhost.

Odoo's own demo data, this add-on and its demo dataset (``printcrm_addon/demo/``) are
installed into a fresh database; then every ``cron_printcrm_*`` batch of ``res.partner`` runs
once, and Odoo is started in the foreground until Ctrl-C.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from odoo_env import OdooMissing, check_postgres, find_odoo  # noqa: E402

ADDON = "printcrm_addon"

RUN_BATCHES = """
import datetime
partners = env["res.partner"]
partners.cron_printcrm_recompute_tiers()
print("batch cron_printcrm_recompute_tiers done")
# half a year of weekly churn history, so that the score can be followed over time
today = datetime.date.today()
signals = env["printcrm.churn.signal"]
for weeks in range(26, 0, -1):
    signals._printcrm_run(today - datetime.timedelta(weeks=weeks), escalate=False)
for name in sorted(dir(type(partners))):
    if name.startswith("cron_printcrm_") and name != "cron_printcrm_recompute_tiers":
        getattr(partners, name)()
        print("batch", name, "done")
env.cr.commit()
tiers = env["res.partner"]._read_group(
    [("printcrm_tier", "!=", False), ("is_company", "=", True)], ["printcrm_tier"], ["__count"]
)
print("customers by tier:", dict(tiers))
levels = env["res.partner"]._read_group(
    [("printcrm_churn_level", "!=", False), ("is_company", "=", True)],
    ["printcrm_churn_level"],
    ["__count"],
)
print("customers by churn risk:", dict(levels))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="printcrm_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--no-serve", action="store_true", help="stop after the set-up")
    args = parser.parse_args()
    try:
        odoo = find_odoo()
        check_postgres()
    except OdooMissing as exc:
        print(f"make demo: {exc}")
        return 2

    started = time.monotonic()
    print(f"Re-creating database {args.db} with Odoo's demo data and {ADDON} ({odoo.source}) ...")
    print("(10 to 15 minutes: Odoo's apps, then three years of demo orders, invoices, payments)")
    installed = odoo.install(args.db, ADDON, "--load-language=zh_CN,zh_TW", "--log-level=warn")
    if installed.returncode != 0:
        print(f"make demo: installing {ADDON} into {args.db} failed (see the log above).")
        return 1
    print("Running the batch computations ...")
    batches = odoo.shell(args.db, RUN_BATCHES)
    if batches.returncode != 0:
        print("make demo: the batch computations failed (see the log above).")
        return 1
    print(
        f"\nDemo database {args.db} ready in {time.monotonic() - started:.0f} s.\n"
        f"Open http://localhost:{args.port} and log in as admin / admin (General Manager).\n"
        "Salespeople: lily / lily (Salesperson), kevin / kevin (Branch Manager).\n"
        "Customer portal: zhang / zhang (My Account > Sales Orders).\n"
        "Sales ▸ Customer Value ▸ Ranking shows the tiers. Ctrl-C stops the server.\n",
        flush=True,
    )
    if args.no_serve:
        return 0
    served = odoo.run(
        f"--http-port={args.port}",
        f"--db-filter=^{args.db}$",
        "--max-cron-threads=1",
        db=args.db,
    )
    return served.returncode


if __name__ == "__main__":
    sys.exit(main())
