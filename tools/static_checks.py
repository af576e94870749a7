"""Static checks of ``make test``, as in OCA's pre-commit for 18.0, plus the add-on's own rules.

Each check returns a list of problems; ``run_all`` yields ``(name, ok)`` and prints problems.
"""

import ast
import csv
import pathlib
import re
import subprocess
import sys

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = ROOT / "printcrm_addon"
PY_DIRS = ["printcrm_addon", "tests", "tools"]


def check_manifest():
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    problems = []
    if not str(manifest.get("version", "")).startswith("18.0."):
        problems.append(f"version {manifest.get('version')!r} must be 18.0.x.y.z")
    if len(str(manifest.get("version", "")).split(".")) != 5:
        problems.append("version must have five parts (18.0.x.y.z)")
    if manifest.get("license") != "LGPL-3":
        problems.append("license must be LGPL-3")
    for key in ("data", "demo"):
        for path in manifest.get(key, []):
            if not (ADDON / path).is_file():
                problems.append(f"{key} file {path} does not exist")
    return problems


def check_xml():
    problems = []
    for path in sorted(ADDON.rglob("*.xml")):
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            problems.append(f"{path.relative_to(ROOT)}: {exc}")
            continue
        for node in tree.iter():
            if "attrs" in node.attrib or "states" in node.attrib:
                problems.append(
                    f"{path.relative_to(ROOT)}:{node.sourceline}: attrs/states are gone in 18"
                )
            if node.tag == "tree" and node.getparent() is not None:
                problems.append(
                    f"{path.relative_to(ROOT)}:{node.sourceline}: use <list>, not <tree>"
                )
    return problems


def _declared_models():
    """Models created (``_name`` without being an inherit of the same name) by the add-on."""
    found = {}
    for path in sorted((ADDON / "models").glob("*.py")) + sorted((ADDON / "wizards").glob("*.py")):
        tree = ast.parse(path.read_text())
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            bases = {ast.unparse(b) for b in cls.bases}
            attrs = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                    try:
                        attrs[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        continue
            name = attrs.get("_name")
            inherit = attrs.get("_inherit") or ()
            inherit = [inherit] if isinstance(inherit, str) else list(inherit)
            # an extension that adds mixins names itself among its parents
            if not name or name in inherit or "models.AbstractModel" in bases:
                continue
            found[name] = path
    return found


def check_access_rules():
    with (ADDON / "security" / "ir.model.access.csv").open() as handle:
        covered = {row["model_id:id"].split(".")[-1] for row in csv.DictReader(handle)}
    problems = []
    for name, path in _declared_models().items():
        if "model_" + name.replace(".", "_") not in covered:
            problems.append(f"{name} ({path.relative_to(ROOT)}) has no line in ir.model.access.csv")
    return problems


def check_one_model_per_file():
    problems = []
    for name, path in _declared_models().items():
        if path.stem != name.replace(".", "_"):
            problems.append(
                f"{name} lives in {path.relative_to(ROOT)}, expected {name.replace('.', '_')}.py"
            )
    return problems


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
LANGUAGES = ("zh_CN", "zh_TW")


def check_translations():
    """The template and every shipped language exist and translate every term, same placeholders."""
    import polib

    i18n = ADDON / "i18n"
    template = i18n / f"{ADDON.name}.pot"
    if not template.is_file():
        return [f"{template.relative_to(ROOT)} is missing (export it with odoo --i18n-export)"]
    terms = {entry.msgid for entry in polib.pofile(str(template))}
    problems = []
    for lang in LANGUAGES:
        path = i18n / f"{lang}.po"
        if not path.is_file():
            problems.append(f"{path.relative_to(ROOT)} is missing")
            continue
        catalog = {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))}
        for msgid in sorted(terms):
            msgstr = catalog.get(msgid, "")
            if not msgstr:
                problems.append(f"{lang}: untranslated {msgid[:70]!r}")
            elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)):
                problems.append(f"{lang}: placeholders differ in {msgid[:70]!r}")
        problems += [f"{lang}: obsolete term {m[:70]!r}" for m in sorted(set(catalog) - terms)]
    return problems


def _tool(args):
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode == 0:
        return []
    output = (result.stdout + result.stderr).strip().splitlines()
    return output[-60:] or [f"{args[0]} exited with {result.returncode}"]


def check_ruff():
    return _tool(["ruff", "check", *PY_DIRS]) + _tool(["ruff", "format", "--check", *PY_DIRS])


def check_pylint_odoo():
    # res.partner and sale.order are inherited in one file per concern (tiering, credit,
    # churn, guards): each file stays readable under ~450 lines; the rest of odoolint applies
    return _tool(
        [
            "pylint",
            "--rcfile=.pylintrc",
            "--disable=consider-merging-classes-inherited",
            "printcrm_addon",
        ]
    )


CHECKS = [
    ("manifest parses and follows OCA rules", check_manifest),
    ("XML well-formed, Odoo 18 syntax", check_xml),
    ("every model has access rules", check_access_rules),
    ("one model per file, named after it", check_one_model_per_file),
    ("translations zh_CN, zh_TW complete", check_translations),
    ("ruff (lint and format)", check_ruff),
    ("pylint-odoo", check_pylint_odoo),
]


def run_all():
    for name, check in CHECKS:
        problems = check()
        for problem in problems:
            print(f"    {problem}")
        yield name, not problems


if __name__ == "__main__":
    results = list(run_all())
    for name, ok in results:
        print(("ok     " if ok else "FAILED ") + name)
    sys.exit(0 if all(ok for _name, ok in results) else 1)
