"""The spec files `run` and `validate` are given: files as they are, folders as the specs inside
them, globs as their matches.

A walk leaves out what the tool wrote itself, so that a folder can be filed again with its run
output inside it: the `--output` folder, any folder of run reports or site checks (they hold
OUTPUT_MARKER, or for older runs `index.html` beside `report-*.html`), and receipt.json and
report.json files wherever they are.

Folders and globs are walked here, not by the glob module, so that the walk has bounds: a pattern
such as `**/**/**/*.yaml` made glob visit each folder once for every way of splitting its path
among the `**`s, and a pattern matching a whole disk listed it all before anything was checked.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
MAX_SPECS = 1_000  # spec files of one run
MAX_VISITED = 100_000  # folder entries looked at to find them

OUTPUT_MARKER = ".autoreport-output"  # written in every folder the run report or check-site writes to
WRITTEN_FILES = {"receipt.json": "a receipt the tool wrote", "report.json": "a site check's report the tool wrote"}
RUN_PAGE = re.compile(r"report-(\d{8}-\d{6})(?:-\d+)?\.html")  # a run report's page


def mark_output_folder(folder: Path) -> None:
    """Mark `folder` as the tool's output, so that a walk for specs passes it by."""
    marker = folder / OUTPUT_MARKER
    if not marker.exists():
        marker.write_text("autoreport writes here: spec folders and globs that reach this folder leave it out\n")


def expand_spec_arguments(arguments: tuple[Path, ...], output: Path | None = None,
                          skipped: Callable[[str, str], None] | None = None) -> list[Path]:
    """Files as given; folders as the specs inside them; globs (quoted, or from a shell that left
    them alone) as their matches. Each spec once, in the order found. A walk leaves out the
    `output` folder and what the tool wrote; `skipped` is told each path left out, and why."""
    walk = _BoundedWalk(output, skipped or (lambda path, reason: None))
    found: list[Path] = []
    for argument in arguments:
        walk.argument = argument
        if argument.is_dir():
            inside = sorted(Path(p) for p in walk.below(str(argument), hidden=True, folders_only=False)
                            if Path(p).suffix in SPEC_SUFFIXES and os.path.isfile(p))
            if not inside:
                raise click.BadParameter(f"no spec in {argument} (no .yaml, .yml or .json file)",
                                         param_hint="SPECS")
            found += inside
        elif not argument.exists() and glob.has_magic(str(argument)):
            matches = sorted(Path(m) for m in walk.matches(str(argument)))
            if not matches:
                raise click.BadParameter(f"no spec matches {argument}", param_hint="SPECS")
            found += matches
        else:
            found.append(argument)
        if len(set(found)) > MAX_SPECS:
            raise click.BadParameter(f"{argument}: more than {MAX_SPECS:,} spec files; a run files at most "
                                     f"{MAX_SPECS:,} complaints, so split the batch", param_hint="SPECS")
    return list(dict.fromkeys(found))


class _BoundedWalk:
    """Lists folders for the run's arguments, and refuses to look at more than MAX_VISITED entries
    in all. Folders found by `**` or a folder argument are not entered through a link, so a link
    to a folder above cannot make the walk go round."""

    def __init__(self, output: Path | None, skipped: Callable[[str, str], None]) -> None:
        self.visited = 0
        self.argument: Path | None = None
        self.skipped = skipped
        try:
            self.output = os.stat(output) if output is not None else None
        except OSError:  # not there yet: nothing of this run's output to leave out
            self.output = None

    def left_out(self, path: str, entry: os.DirEntry[str], is_folder: bool) -> bool:
        """Whether the walk passes `path` by as the tool's own output (and says so)."""
        reason = self._output_folder(path, entry) if is_folder else WRITTEN_FILES.get(entry.name)
        if reason:
            self.skipped(path, reason)
        return reason is not None

    def _output_folder(self, path: str, entry: os.DirEntry[str]) -> str | None:
        try:
            if self.output is not None and os.path.samestat(entry.stat(), self.output):
                return "the --output folder"
        except OSError:
            return None
        if os.path.lexists(os.path.join(path, OUTPUT_MARKER)):
            return f"the tool's output (it holds {OUTPUT_MARKER})"
        if os.path.isfile(os.path.join(path, "index.html")):
            try:
                with os.scandir(path) as listing:
                    if any(RUN_PAGE.fullmatch(inside.name) for inside in listing):
                        return "a folder of run reports (index.html and report-*.html)"
            except OSError:
                return None
        return None

    def entries(self, folder: str) -> Iterator[os.DirEntry[str]]:
        try:
            with os.scandir(folder or os.curdir) as listing:
                for entry in listing:
                    self.visited += 1
                    if self.visited > MAX_VISITED:
                        raise click.BadParameter(
                            f"{self.argument}: looked at {MAX_VISITED:,} files and folders without finishing; "
                            "name a smaller folder or a narrower pattern", param_hint="SPECS")
                    yield entry
        except OSError:  # a folder that cannot be listed has no specs to give, as for glob
            return

    def below(self, folder: str, hidden: bool, folders_only: bool) -> Iterator[str]:
        """Every folder (and file, unless folders_only) below `folder`, at any depth."""
        pending = [folder]
        while pending:
            current = pending.pop()
            for entry in self.entries(current):
                if not hidden and entry.name.startswith("."):
                    continue
                is_folder = _is_dir(entry, follow=False)
                path = os.path.join(current, entry.name)
                if (is_folder or not folders_only) and self.left_out(path, entry, is_folder):
                    continue
                if is_folder or not folders_only:
                    yield path
                if is_folder:
                    pending.append(path)

    def matches(self, pattern: str) -> list[str]:
        """The paths `pattern` matches, as glob(recursive=True) finds them: a part of `**` is any
        number of folders, and a wildcard does not match a name starting with a dot unless the
        part does. The candidates are kept once each at every part, however many ways lead there."""
        root, parts = ("/", pattern.lstrip("/")) if pattern.startswith("/") else ("", pattern)
        candidates = [root]
        # `**/**` means what `**` means: kept apart, each would walk the tree again below the other.
        steps = [part for part in parts.split("/") if part]
        steps = [part for index, part in enumerate(steps) if not (part == "**" and steps[index - 1:index] == ["**"])]
        folders_only = pattern.endswith("/")  # as for glob: `specs/*/` names folders
        for position, part in enumerate(steps):
            last = position == len(steps) - 1 and not folders_only
            found: dict[str, None] = {}
            for folder in candidates:
                if part == "**":
                    if not last:
                        found[folder] = None  # no folder at all
                    found.update(dict.fromkeys(self.below(folder, hidden=False, folders_only=not last)))
                elif glob.has_magic(part):
                    for entry in self.entries(folder):
                        path, is_folder = os.path.join(folder, entry.name), _is_dir(entry, follow=True)
                        if (part.startswith(".") or not entry.name.startswith(".")) \
                                and fnmatch.fnmatch(entry.name, part) and (last or is_folder) \
                                and not self.left_out(path, entry, is_folder):
                            found[path] = None
                else:
                    path = os.path.join(folder, part)
                    if os.path.lexists(path) if last else os.path.isdir(path):
                        found[path] = None
            candidates = list(found)
        return [candidate for candidate in candidates if candidate not in ("", "/")]


def _is_dir(entry: os.DirEntry[str], follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:
        return False
