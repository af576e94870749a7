"""Find the Odoo 18 this project runs against, and run it.

Odoo is found as an importable ``odoo`` package of the running Python, or as a source tree
named by the ``ODOO_SRC`` environment variable (a git checkout with ``odoo-bin`` and
``addons/``, or a packaged tree with the add-ons under ``odoo/addons``). Nothing is
downloaded: a company installs the add-on into the Odoo it already runs.
"""

import ast
import hashlib
import importlib.util
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERIES = "18.0"
PROJECT_PREFIX = "printcrm_addon"  # the add-ons of this repository


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
        """Drop ``db``, create it with ``addon`` installed, stop; no cron threads.

        With click-odoo-contrib installed, ``db`` starts as a copy of a cached template that
        holds the add-ons' dependencies (Odoo's own modules, installed once by
        ``click-odoo-initdb``): only the add-ons themselves are installed here, 16-17 s
        instead of 92-96 s for ``printcrm_addon``. Building a template logs into the same
        ``--logfile`` as the install, so its warnings are checked the same way. Without
        click-odoo-contrib, or if the template cannot be made, Odoo installs everything into
        an empty database as before.
        """
        dropdb(db)
        demo = not any(option.startswith("--without-demo") for option in options)
        logfile = next((o for o in options if o.startswith("--logfile=")), None)
        self._from_template(db, addon.split(","), demo, logfile)
        return self.run("-i", addon, *options, "--stop-after-init", "--max-cron-threads=0", db=db)

    def dependencies(self, addons):
        """Odoo's modules that ``addons`` (this project's) need, from their manifests."""
        paths = [pathlib.Path(p) for p in self.addons_path.split(",")]
        needed, todo, ours = set(), list(addons), set()
        while todo:
            name = todo.pop()
            if name in ours:
                continue
            manifest = next(
                (
                    p / name / "__manifest__.py"
                    for p in paths
                    if (p / name / "__manifest__.py").is_file()
                ),
                None,
            )
            if manifest is None and name.startswith(PROJECT_PREFIX):
                raise OdooMissing(f"{name} is not on the addons path {self.addons_path}")
            if manifest is None or not name.startswith(PROJECT_PREFIX):
                needed.add(name)
                continue
            ours.add(name)
            todo += ast.literal_eval(manifest.read_text()).get("depends", [])
        return sorted(needed)

    def _template_prefix(self):
        """A template's module list holds the add-ons visible when it was built: one set of
        templates per set of this project's add-ons on the addons path (an older checkout
        without the bridges must not find them in its template and install them)."""
        ours = sorted(
            child.name
            for path in self.addons_path.split(",")
            if pathlib.Path(path).is_dir()
            for child in pathlib.Path(path).iterdir()
            if child.name.startswith(PROJECT_PREFIX) and (child / "__manifest__.py").is_file()
        )
        return "pc" + hashlib.sha1(",".join(ours).encode()).hexdigest()[:6]  # noqa: S324

    def _from_template(self, db, addons, demo, logfile=None):
        if importlib.util.find_spec("click_odoo_contrib") is None:
            return False
        try:
            modules = self.dependencies(addons)
        except OdooMissing as exc:
            print(f"no template ({exc}), installing into an empty database", flush=True)
            return False
        code = "from click_odoo_contrib.initdb import main; main()"
        # a template being built logs its warnings where the install's are checked
        log = ["--logfile", logfile.split("=", 1)[1]] if logfile else []
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                code,
                "--addons-path",
                self.addons_path,
                "-n",
                db,
                "-m",
                ",".join(modules),
                "--demo" if demo else "--no-demo",
                "--cache-prefix",
                self._template_prefix(),
                "--log-level",
                "warn",
                *log,
            ],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(
                "click-odoo-initdb failed, installing into an empty database:",
                (result.stderr.strip().splitlines() or ["?"])[-1],
                flush=True,
            )
            dropdb(db)
            return False
        return True

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
