"""How the workbooks we write print (report, blank ledger, annotated copy): one A4 page setup
and one measure of how wide a text is and how tall its row must be.

LibreOffice sizes no row itself, so every writer sets the height of a row whose text wraps;
the measures here are the ones all of them use.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

A4 = 9  # paperSize of A4 in SpreadsheetML
PAGE_NUMBER = "第 &P 页，共 &N 页"  # the footer: page P of N
# A portrait page holds about 100 character widths between its margins; a sheet wider than 120
# (printed below 85%) prints landscape.
PORTRAIT_WIDTH = 120
DEFAULT_WIDTH = 8.43  # Excel's default column width
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}  # inches


def text_width(text: str) -> float:
    """The width of `text` in Excel's column units (the width of a digit of the 11-point
    default font): a Chinese character takes about two."""
    if text.isascii():
        return len(text)
    return sum(2.1 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_lines(text: str, width: float) -> int:
    """The lines `text` takes when wrapped in a column `width` wide."""
    return sum(max(1, math.ceil(text_width(part) / max(1.0, width))) for part in text.split("\n"))


def row_height(lines: int, size: float = 11) -> float:
    """Points a row of `lines` lines of a `size`-point font needs. LibreOffice does not size a
    row itself, so a wrapped text in a row without a height prints its first line only."""
    return math.ceil(lines * size * 1.45 + 3)


def landscape(width: float) -> bool:
    """Whether a sheet `width` character widths wide prints across a landscape page."""
    return width > PORTRAIT_WIDTH


def print_on_a4(sheet: Worksheet) -> None:
    """An openpyxl sheet on A4: landscape when wider than a portrait page holds, fitted to the
    page's width (as many pages down as it takes), centred, the sheet's name above and the page
    number below. Its title rows are the caller's (`print_title_rows`)."""
    width = sum(sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
                for c in range(1, sheet.max_column + 1))
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape(width) else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(**MARGINS)
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = "&A"
    sheet.oddFooter.center.text = PAGE_NUMBER
