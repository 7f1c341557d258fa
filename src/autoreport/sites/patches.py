"""Site patches: a person's own corrections to what the package knows of a site, read from a file given
with --site-patch and from the user's config folder. A patch is checked as a spec is: every problem
is reported with its file, line and field, and nothing runs."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from autoreport.sites.knowledge import Way, aria_roles, package_knowledge
from autoreport.spec.parsing import Document, parse
from autoreport.spec.problems import Problem, SpecInvalid
from autoreport.spec.reading import read_text
from autoreport.spec.wording import dotted

PATCH_SUFFIXES = (".yaml", ".yml", ".json")
WAY_KEYS = "role, name, label, text, css, exact, within"


class SitePatchInvalid(SpecInvalid):
    """A site patch that cannot be used, with every problem found in it."""


class PatchFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    site: Literal["aliexpress", "mock"]
    elements: dict[str, Way] = {}
    labels: dict[str, str] = {}


class SitePatch(PatchFile):
    """A patch as read from its file, with the file it came from."""

    path: Path

    @property
    def entries(self) -> list[str]:
        return [f"elements.{name}" for name in self.elements] + [f"labels.{key}" for key in self.labels]


def read_patch(path: Path) -> SitePatch:
    """Read and check a site patch; SitePatchInvalid (exit 2) lists every problem with its line."""
    path = Path(path)
    try:
        document = parse(path, read_text(path))
    except SpecInvalid as invalid:
        raise SitePatchInvalid(path, invalid.problems) from None
    if not isinstance(document.data, dict):
        raise SitePatchInvalid(path, [Problem("a site patch is a mapping: site, elements, labels")])
    problems = unknown_entries(document) + unknown_roles(document)
    try:
        patch = PatchFile.model_validate(document.data)
    except ValidationError as invalid:
        problems += [problem_of(error, document) for error in invalid.errors()]
    if problems:
        raise SitePatchInvalid(path, problems)
    return SitePatch.model_construct(path=path.absolute(), **dict(patch))  # checked above, as it is


def problem_of(error, document: Document) -> Problem:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        known = WAY_KEYS if loc[0] == "elements" else "site, elements, labels"
        message = f"unknown key; the keys here are {known}"
    elif error["type"] == "missing":
        message = "missing: the site the patch applies to (aliexpress or mock)"
    else:
        message = error["msg"].removeprefix("Value error, ")
    line, column = document.positions.find(loc, at_key=error["type"] == "extra_forbidden")
    return Problem(message, dotted(loc) or None, line, column)


def unknown_roles(document: Document) -> list[Problem]:
    """Roles Playwright does not find elements by (a misspelt `texbox`)."""
    elements = document.data.get("elements") if isinstance(document.data.get("elements"), dict) else {}
    problems = []
    for element_id, way in elements.items():
        role = way.get("role") if isinstance(way, dict) else None
        if isinstance(role, str) and role not in aria_roles():
            line, column = document.positions.find(("elements", element_id, "role"))
            problems.append(Problem(f"{role!r} is not an ARIA role (such as textbox, button, radio, combobox)",
                                    f"elements.{element_id}.role", line, column))
    return problems


def unknown_entries(document: Document) -> list[Problem]:
    """Element ids and label keys the site's edition does not have: a patch must name what exists."""
    data, known = document.data, package_knowledge()
    profile = known.profiles.get(data.get("site")) if isinstance(data.get("site"), str) else None
    if profile is None:
        return []  # the site itself is reported by validation
    editions = known.editions_of(data["site"])
    element_ids = [name for edition in editions for name in edition.elements]
    label_keys = [key for edition in editions for key in edition.labels]
    problems = []

    def unknown(loc: tuple, name: str, names: list[str], what: str, *, at_key: bool) -> None:
        line, column = document.positions.find(loc, at_key=at_key)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (the README lists every {what})"
        problems.append(Problem(f"unknown {what} {name!r}{hint}", dotted(loc), line, column))

    elements = data.get("elements") if isinstance(data.get("elements"), dict) else {}
    for element_id, way in elements.items():
        if element_id not in element_ids:
            unknown(("elements", element_id), str(element_id), element_ids, "element id", at_key=True)
        elif isinstance(way, dict) and isinstance(way.get("within"), str) and way["within"] not in element_ids:
            unknown(("elements", element_id, "within"), way["within"], element_ids, "element id", at_key=False)
    labels = data.get("labels") if isinstance(data.get("labels"), dict) else {}
    for key in labels:
        if key not in label_keys:
            unknown(("labels", key), str(key), label_keys, "label", at_key=True)
    return problems


def config_folder() -> Path:
    """Where a person keeps the patches every run applies (AUTOREPORT_CONFIG_DIR, or the user's config
    folder)."""
    if given := os.environ.get("AUTOREPORT_CONFIG_DIR"):
        return Path(given)
    import platformdirs

    return platformdirs.user_config_path("autoreport")


def patches_folder() -> Path:
    return config_folder() / "site-patches"


def patch_files() -> list[Path]:
    folder = patches_folder()
    return sorted(path for path in folder.glob("*") if path.suffix.lower() in PATCH_SUFFIXES) \
        if folder.is_dir() else []


def patches_in_force(site: str, given: Path | None = None) -> tuple[SitePatch, ...]:
    """The patches for the site: those of the config folder in name order, then the one given (which
    wins where they overlap). A broken patch in the folder is reported, whichever site it is for."""
    patches = [patch for patch in map(read_patch, patch_files()) if patch.site == site]
    if given is not None:
        patch = read_patch(given)
        if patch.site != site:
            raise SitePatchInvalid(given, [Problem(f"this patch is for {patch.site}, and the command is on {site}",
                                                   "site")])
        patches.append(patch)
    return tuple(patches)


def describe_patches() -> list[tuple[str, str]]:
    """doctor's rows: the config folder of patches, and each patch in it with its site and entries
    (a broken one with its first problem: it would stop every run on its site)."""
    folder, found = patches_folder(), patch_files()
    rows = [("site patches", f"{folder} ({len(found)} patch{'' if len(found) == 1 else 'es'})")]
    for path in found:
        try:
            patch = read_patch(path)
        except SpecInvalid as invalid:
            rows.append(("  " + path.name, f"BROKEN, every run stops on it: {invalid.lines()[0]}"))
            continue
        rows.append(("  " + path.name, f"{patch.site}: {', '.join(patch.entries) or 'no entries'}"))
    return rows
