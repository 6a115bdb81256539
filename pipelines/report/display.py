"""Tables, charts and text shown in the report notebook as safe HTML.

Every text cell is escaped, because product titles and evidence come from the exports and may hold
markup. plotly.js is inlined once for the whole page (:func:`load_page_assets`), so charts come
without their own copy and the exported HTML opens offline.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from IPython.display import HTML, display

#: Tables read like lists: text left-aligned (the lab theme right-aligns every cell, with a
#: selector this one has to outrank).
_TABLE_CSS = """<style>
.jp-RenderedHTMLCommon table.report-table td, .jp-RenderedHTMLCommon table.report-table th {
  text-align: left; vertical-align: top;
}
.jp-RenderedHTMLCommon table.report-table td:first-child { white-space: nowrap; }
</style>"""


def load_page_assets() -> None:
    """Inline plotly.js once, ahead of every chart, with the table style: the HTML must open
    offline, and a single copy (~5 MB) keeps it small. Charts then come without their own copy
    (:func:`to_html`)."""
    script = f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
    display(HTML(_TABLE_CSS + script))


def show(*items: object) -> None:
    """Display tables, charts, text and titled groups of them as one block of safe HTML."""
    display(HTML("".join(to_html(item) for item in items)))


def to_html(item: object) -> str:
    if isinstance(item, go.Figure):
        return item.to_html(include_plotlyjs=False, full_html=False,
                            config={"displaylogo": False, "responsive": True})
    if isinstance(item, pd.DataFrame):
        return table_html(item)
    if isinstance(item, Mapping):
        return "".join(f"<h4>{html.escape(str(title))}</h4>{to_html(value)}"
                       for title, value in item.items())
    return f"<p>{html.escape(str(item))}</p>"


def table_html(frame: pd.DataFrame) -> str:
    """An HTML table with every cell escaped: export text can hold markup, and must show as text."""
    if frame.empty:
        return "<p><em>（无 none）</em></p>"
    return frame.to_html(index=False, escape=True, na_rep="—", border=0, classes="report-table",
                         float_format=lambda value: f"{value:,.10g}")
