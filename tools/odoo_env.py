"""Find the Odoo 18 this project runs against, and run it.

Odoo is found as an importable ``odoo`` package of the running Python, or as a source tree
named by the ``ODOO_SRC`` environment variable (a git checkout with ``odoo-bin`` and
``addons/``, or a packaged tree with the add-ons under ``odoo/addons``). Nothing is
downloaded: a company installs the add-on into the Odoo it already runs.
"""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERIES = "18.0"


class OdooMissing(Exception):
    """Odoo 18 cannot be found; the message says what is missing and how to provide it."""


class Odoo:
    def __init__(self, source, extra_path, addons_paths):
        self.source = source  # where it was found, for messages
        self.extra_path = extra_path  # directory to put on PYTHONPATH, or None
        self.addons_path = ",".join(str(p) for p in [*addons_paths, ROOT])

    def env(self):
        env = dict(os.environ)
        if self.extra_path:
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(self.extra_path), env.get("PYTHONPATH")])
            )
        return env

    def command(self, *args, db=None, subcommand=None):
        """``python -m odoo [subcommand] --addons-path ... [-d db] args``."""
        cmd = [sys.executable, "-m", "odoo", *([subcommand] if subcommand else [])]
        cmd += ["--addons-path", self.addons_path]
        if db:
            cmd += ["-d", db]
        return cmd + [*args]

    def run(self, *args, db=None, **kwargs):
        return subprocess.run(self.command(*args, db=db), env=self.env(), check=False, **kwargs)

    def install(self, db, addon, *options):
        """Drop ``db``, create it with ``addon`` installed, stop; no cron threads."""
        dropdb(db)
        return self.run("-i", addon, *options, "--stop-after-init", "--max-cron-threads=0", db=db)

    def shell(self, db, script):
        """Run a Python ``script`` in ``odoo shell`` on ``db`` (``env`` is defined)."""
        return subprocess.run(
            self.command("--log-level=warn", "--no-http", db=db, subcommand="shell"),
            input=script,
            text=True,
            env=self.env(),
            check=False,
        )


def _series_of(release_file):
    scope = {}
    exec(compile(release_file.read_text(), str(release_file), "exec"), scope)  # noqa: S102
    return scope.get("serie")


def _from_source(src):
    src = pathlib.Path(src).expanduser().resolve()
    release = src / "odoo" / "release.py"
    if not release.is_file():
        raise OdooMissing(
            f"ODOO_SRC={src} is not an Odoo source tree (no odoo/release.py there); point "
            "ODOO_SRC at the folder that contains odoo-bin or setup.py of an Odoo 18.0 checkout."
        )
    series = _series_of(release)
    if series != SERIES:
        raise OdooMissing(f"ODOO_SRC={src} holds Odoo {series}, this add-on needs Odoo {SERIES}.")
    addons = [p for p in (src / "addons", src / "odoo" / "addons") if p.is_dir()]
    return Odoo(f"source tree {src}", src, addons)


def _from_import():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import odoo.release as r, os, odoo; "
            "print(r.serie); print(os.path.dirname(os.path.dirname(odoo.__file__)))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return None
    series, location = probe.stdout.split()[:2]
    if series != SERIES:
        raise OdooMissing(
            f"the importable odoo package is Odoo {series}, this add-on needs Odoo {SERIES}; "
            "set ODOO_SRC to an Odoo 18.0 source tree."
        )
    base = pathlib.Path(location)
    addons = [p for p in (base / "addons", base / "odoo" / "addons") if p.is_dir()]
    return Odoo(f"importable odoo package in {base}", None, addons)


def find_odoo():
    """Return an :class:`Odoo`, or raise :class:`OdooMissing` with a one-sentence reason."""
    if os.environ.get("ODOO_SRC"):
        return _from_source(os.environ["ODOO_SRC"])
    found = _from_import()
    if found:
        return found
    raise OdooMissing(
        f"Odoo {SERIES} was not found: {sys.executable} cannot import odoo and ODOO_SRC is not "
        "set; install Odoo 18.0 for this Python or set ODOO_SRC to an Odoo 18.0 source tree."
    )


def check_postgres():
    """Raise :class:`OdooMissing` when PostgreSQL cannot be reached with the client tools."""
    try:
        result = subprocess.run(
            ["psql", "-d", "postgres", "-Atc", "select 1"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise OdooMissing("the PostgreSQL client (psql) is not installed.") from exc
    if result.returncode != 0:
        raise OdooMissing(
            "PostgreSQL is not reachable as the current user ("
            + result.stderr.strip().splitlines()[-1]
            + "); start it or set PGHOST/PGUSER."
        )


def dropdb(name):
    subprocess.run(["dropdb", "--if-exists", name], check=False, capture_output=True)
