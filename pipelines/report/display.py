"""Tables, charts and text shown in the report notebook as safe HTML.

Every text cell is escaped, because product titles and evidence come from the exports and may hold
markup. plotly.js is inlined once for the whole page (:func:`load_page_assets`), so charts come
without their own copy and the exported HTML opens offline.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

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
.callout { border-left: 6px solid #c0392b; background: #fdf3f2; padding: 0.6em 1.2em;
  margin: 0.8em 0; }
.callout.data-gaps { border-left-color: #7f8c8d; background: #f4f6f6; }
.callout h3 { margin-top: 0.3em; }
.callout li { margin: 0.35em 0; line-height: 1.5; }
</style>"""


@dataclass(frozen=True)
class Callout:
    """A boxed list the reader must not miss (the week's top three, what the data cannot show)."""

    title: str
    lines: list[str]
    css_class: str  # names the box for the page's style and for tests
    numbered: bool = True


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
    if isinstance(item, Callout):
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in item.lines)
        tag = "ol" if item.numbered else "ul"
        return (f'<div class="callout {html.escape(item.css_class)}">'
                f"<h3>{html.escape(item.title)}</h3><{tag}>{lines}</{tag}></div>")
    if item is None:
        return ""
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
