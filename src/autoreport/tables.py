"""Results as rows: a table for a person at a terminal, or plain aligned lines or CSV for a pipe.

In a table, numbers, dates and names are never broken (people copy them); paths, links, locators
and sentences fold at the column's width. When the terminal is too narrow for every column, the
least needed ones are left out and the caption names them. Plain lines and CSV always hold every
column, whole. JSON is each command's own (one object a line).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.text import Text

FORMATS = ("table", "plain", "csv", "json")
# A folded column keeps at least this many characters, so a date in it (2026-11-27) stays whole,
# and as many as its longest word of up to WHOLE_WORD (a 16-digit order number in a sentence).
FOLD_FLOOR = 10
WHOLE_WORD = 20

def chosen_format(output_format: str | None, as_json: bool = False) -> str:
    """The format asked for; --json is --format json. Without either, a table on a terminal and plain
    lines elsewhere (a pipe, a file), which no terminal width can break."""
    if as_json and output_format not in (None, "json"):
        raise click.UsageError(f"--json and --format {output_format} ask for two formats: give one")
    if as_json:
        return "json"
    return output_format or ("table" if sys.stdout.isatty() else "plain")


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header
    header: str  # the table's and plain lines' header
    whole: bool = False  # a number, a date or a name: never broken; otherwise folded at the column's width
    in_table: Callable[[str], str] | None = None  # a shorter form for the table (plain lines and CSV keep all)


def print_rows(columns: Sequence[Column], rows: Sequence[Mapping[str, str | Text]], output_format: str, *,
               title: str | None = None, caption: str | None = None, leave_out_first: Sequence[str] = (),
               group: str | None = None) -> None:
    """Print rows (cells by column key; a rich Text keeps its style in a table) as output_format.

    leave_out_first: the columns a narrow terminal's table drops, in this order. group: a column
    whose repeated values a table shows once, each group in a section of its own."""
    if output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(column.key for column in columns)
        writer.writerows([str(row.get(column.key) or "") for column in columns] for row in rows)
    elif output_format == "plain":
        _print_plain(columns, rows)
    else:
        _print_table(columns, rows, title=title, caption=caption, leave_out_first=leave_out_first, group=group)
    sys.stdout.flush()


def _print_plain(columns: Sequence[Column], rows: Sequence[Mapping[str, str | Text]]) -> None:
    """One line a row, columns aligned and two spaces apart, never wrapped."""
    from rich.cells import cell_len

    lines = [[column.header for column in columns]]
    lines += [[" ".join(str(row.get(column.key) or "").split()) or "-" for column in columns] for row in rows]
    widths = [max(cell_len(line[index]) for line in lines) for index in range(len(columns))]
    for line in lines:
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(line, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _print_table(columns: Sequence[Column], rows: Sequence[Mapping[str, str | Text]], *, title: str | None,
                 caption: str | None, leave_out_first: Sequence[str], group: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    cells = [{column.key: _text(row.get(column.key), column.in_table) for column in columns} for row in rows]
    # A column with nothing in it says nothing.
    shown = [column for column in columns if any(row[column.key].plain for row in cells)] or list(columns)
    extents = {column.key: _extent(column, [row[column.key] for row in cells]) for column in columns}
    room = console.width - 1  # the table's left edge; each column adds its padding and right border

    def least_width(shown: list[Column]) -> int:
        return sum(extents[column.key][0] + 3 for column in shown)

    left_out = []
    for key in leave_out_first:
        if least_width(shown) <= room:
            break
        if len(shown) > 1 and any(column.key == key for column in shown):
            shown = [column for column in shown if column.key != key]
            left_out.append(key)
    notes = [caption] if caption else []
    if left_out:
        notes.append(f"left out at {console.width} columns: {', '.join(key.replace('_', ' ') for key in left_out)} "
                     "(see --format plain)")
    widths = _widths([extents[column.key] for column in shown], room - 3 * len(shown))
    table = Table(title=title, caption="\n".join(notes) or None)
    for column, width in zip(shown, widths, strict=True):
        # Every width is set here: rich, left to fit a table, would break a number in a folded column.
        table.add_column(column.header, width=width, no_wrap=column.whole,
                         overflow="ellipsis" if column.whole else "fold")
    previous = None
    for index, row in enumerate(cells):
        current = row[group].plain if group is not None else None
        if index and current != previous:
            table.add_section()
        table.add_row(*(Text("") if column.key == group and index and current == previous else row[column.key]
                        for column in shown))
        previous = current
    console.print(table)


def _text(value: str | Text | None, in_table: Callable[[str], str] | None) -> Text:
    from rich.text import Text

    if isinstance(value, Text):
        return value
    if value and in_table:
        value = in_table(value)
    # Cells are text, never markup: a locator or a path may hold brackets.
    return Text(value or "")


def _extent(column: Column, cells: Sequence[Text]) -> tuple[int, int]:
    """The least and the most characters the column needs: a whole column all of its widest line;
    a folded one its longest word (a number, a date, a name) up to WHOLE_WORD, or FOLD_FLOOR,
    so that only longer words (paths, links, locators) are ever broken."""
    from rich.cells import cell_len

    lines = [column.header] + [line for cell in cells for line in cell.plain.splitlines()]
    most = max(map(cell_len, lines))
    if column.whole:
        return most, most
    words = [cell_len(word) for line in lines for word in line.split()]
    least = max([FOLD_FLOOR] + [length for length in words if length <= WHOLE_WORD])
    return min(least, most), most


def _widths(extents: Sequence[tuple[int, int]], room: int) -> list[int]:
    """Each column's width: its least, then the room left shared out, a character at a time to the
    narrowest column that can use it."""
    widths = [least for least, _ in extents]
    for _ in range(max(0, room - sum(widths))):
        growable = [index for index, (_, most) in enumerate(extents) if widths[index] < most]
        if not growable:
            break
        widths[min(growable, key=lambda index: widths[index])] += 1
    return widths
