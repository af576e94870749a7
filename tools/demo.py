"""``make demo``: (re)create a demo database, load the demo company step by step, serve it.

Odoo's own demo data, the Chinese chart of accounts (``l10n_cn``) and this add-on are
installed into a fresh database; then ``printcrm.demo.loader`` builds the demo company
(深圳华通线缆有限公司, CNY) step by step: customers, three years of orders, invoices and
payments, the tier batch, the open queues, half a year of churn history. Each step prints its
counts and time. Then Odoo is started in the foreground until Ctrl-C.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from odoo_env import OdooMissing, check_postgres, find_odoo  # noqa: E402

ADDON = "printcrm_addon"
MODULES = f"l10n_cn,{ADDON}"

# runs inside ``odoo shell``; {first} and {total} are the step numbers
LOAD_STEPS = """
import time
loader = env["printcrm.demo.loader"]
steps = loader._demo_steps()
for number, (label, step) in enumerate(steps, {first}):
    started = time.monotonic()
    counts = step()
    env.cr.commit()
    print(f"[{{number:2d}}/{total}] {{label}}: {{counts}} ({{time.monotonic() - started:.0f}} s)",
          flush=True)
"""

# what each demo user finds behind each menu of Sales ▸ Customer Value (action domain and
# record rules; the default search filters are not applied)
MENU_CHECK = """
from odoo.tools.safe_eval import safe_eval
root = env.ref("printcrm_addon.menu_printcrm_customer_value")
menus = env["ir.ui.menu"].search([("id", "child_of", root.id), ("action", "!=", False)])
logins = ["lily", "tom", "kevin", "mona", "grace"]
users = {u.login: u for u in env["res.users"].search([("login", "in", logins)])}
print("records behind each Customer Value menu, per user ('-': menu hidden):")
print(f"  {'menu':34s}" + "".join(f"{login:>7s}" for login in logins))
empty = []
for menu in menus.sorted(lambda m: (m.parent_id.sequence, m.sequence, m.id)):
    action = menu.action
    if action._name != "ir.actions.act_window":
        continue
    cells = []
    for login in logins:
        user = users.get(login)
        if not user or not (menu.groups_id & user.groups_id or not menu.groups_id):
            cells.append("-")
            continue
        Model = env[action.res_model].with_user(user).with_company(user.company_id)
        domain = safe_eval(action.domain or "[]", {"uid": user.id})
        try:
            count = Model.search_count(domain)
        except Exception as error:  # noqa: BLE001 - report, do not stop the demo
            count = type(error).__name__
        if count == 0 and not Model._transient:
            empty.append((menu.name, login))
        cells.append(str(count) if not Model._transient else "wiz")
    print(f"  {menu.name[:34]:34s}" + "".join(f"{c:>7s}" for c in cells))
if empty:
    print("empty screens:", ", ".join(f"{m} ({u})" for m, u in empty))
admin = env.ref("base.user_admin")
print(f"database language of admin: {admin.lang}; languages:",
      ", ".join(env["res.lang"].search([]).mapped("code")))
"""

LOGINS = """\
Logins (password = login), company 深圳华通线缆有限公司 / Huatong Cable (Shenzhen) Co., Ltd.:
  admin / admin   General Manager (Odoo administrator), English
  lily  / lily    Salesperson, customers in China, 中文 (zh_CN)
  tom   / tom     Salesperson, customers abroad (export), English
  kevin / kevin   Branch Manager, 中文 (zh_CN)
  mona  / mona    Sales Manager, English
  grace / grace   General Manager, 中文 (zh_CN)
  zhang / zhang   customer portal: 张伟 (Zhang Wei), buyer of 东莞市华美电器有限公司 (Dongguan),
                  an A customer with two orders in dispatch (My Account ▸ Sales Orders)
"""


def pdf_advice():
    """What the PDF reports (credit review, packing list) still need on this machine."""
    missing = []
    if not shutil.which("wkhtmltopdf"):
        missing.append(
            "wkhtmltopdf (Odoo prints PDFs with it; the 0.12.6 'with patched qt' build from "
            "https://wkhtmltopdf.org/downloads.html, or Debian's wkhtmltopdf package)"
        )
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    if not fonts.strip():
        missing.append(
            "a font with Chinese characters (Debian/Ubuntu: apt-get install fonts-noto-cjk), "
            "else the Chinese names print as empty boxes"
        )
    if not missing:
        return "PDF reports: wkhtmltopdf and a Chinese font are installed."
    return "PDF reports need:\n" + "\n".join(f"  - {item}" for item in missing)


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
    total = 9
    print(f"Re-creating database {args.db} with Odoo's demo data, {MODULES} ({odoo.source}).")
    print(
        f"[ 1/{total}] install: Odoo's apps with their demo data, the Chinese chart of "
        "accounts and translations (about 5 to 10 minutes) ...",
        flush=True,
    )
    installed = odoo.install(args.db, MODULES, "--load-language=zh_CN,zh_TW", "--log-level=warn")
    if installed.returncode != 0:
        print(f"make demo: installing {MODULES} into {args.db} failed (see the log above).")
        return 1
    print(f"[ 1/{total}] install: done ({time.monotonic() - started:.0f} s)", flush=True)
    loaded = odoo.shell(args.db, LOAD_STEPS.format(first=2, total=total) + MENU_CHECK)
    if loaded.returncode != 0:
        print("make demo: loading the demo company failed (see the log above).")
        return 1
    print(
        f"\nDemo database {args.db} ready in {time.monotonic() - started:.0f} s: "
        f"http://localhost:{args.port}\n{LOGINS}"
        "Start with Sales ▸ Customer Value ▸ Ranking.\n"
        f"{pdf_advice()}\n",
        flush=True,
    )
    if args.no_serve:
        return 0
    print("Ctrl-C stops the server.", flush=True)
    served = odoo.run(
        f"--http-port={args.port}",
        f"--db-filter=^{args.db}$",
        "--max-cron-threads=1",
        db=args.db,
    )
    return served.returncode


if __name__ == "__main__":
    sys.exit(main())
