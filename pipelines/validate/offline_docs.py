"""GX Data Docs that open offline: GX 1.x's page templates load Bootstrap, jQuery, Font Awesome
and Vega from CDNs and its logo from S3 (unusable offline, slow or blocked for many users in
China), and the site index fills its tables from jQuery. None of it is vendored in the
great_expectations package, so the written site is rewritten instead: remote scripts and style
sheets are dropped (the pages keep GX's own inlined styles), the logo comes from the site's
``static/images``, links to GX's web site lose their address, and the index's tables are written
out as HTML rows. Verified against great-expectations 1.24.1 (tests/test_gx_duckdb.py)."""

from __future__ import annotations

import ast
import functools
import html
import os
import re
from pathlib import Path

_REMOTE = r"https?://[^\"']*"
_REMOTE_SCRIPT = re.compile(rf"<script\b[^>]*\bsrc=\"{_REMOTE}\"[^>]*>\s*</script>\n?")
_REMOTE_STYLESHEET = re.compile(rf"<link\b[^>]*\bhref=\"{_REMOTE}\"[^>]*>\n?")
_REMOTE_IMAGE = re.compile(r"\bsrc=\"https?://[^\"]*/(?P<name>[^/\"?]+)(?:\?[^\"]*)?\"")
_REMOTE_ATTRIBUTE = re.compile(rf"\s(?:src|href)=\"{_REMOTE}\"")
_REMOTE_CSS_URL = re.compile(rf"url\(['\"]?{_REMOTE}['\"]?\)")
#: GX's index page: ``$('#<table id>').bootstrapTable(Object.assign({columns: [...],
#: data: [...], ...`` with the lists as Python literals, one line each
_INDEX_TABLE = re.compile(
    r"\$\('#(?P<id>[^']+)'\)\.bootstrapTable\(\s*Object\.assign\(\s*\{\s*"
    r"columns: (?P<columns>\[.*\]),\n\s*data: (?P<data>\[.*\]),\n"
)


def make_offline(site: Path) -> None:
    """Rewrite every page and style sheet of the Data Docs site in ``site`` (see above)."""
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8")
        text = _REMOTE_SCRIPT.sub("", text)
        text = _REMOTE_STYLESHEET.sub("", text)
        text = _REMOTE_IMAGE.sub(functools.partial(_local_image, site, path), text)
        text = _REMOTE_ATTRIBUTE.sub("", text)
        text = _REMOTE_CSS_URL.sub("none", text)
        for table in list(_INDEX_TABLE.finditer(text)):
            text = _fill_table(text, table)
        path.write_text(text, encoding="utf-8")


def _local_image(site: Path, page: Path, match: re.Match[str]) -> str:
    image = site / "static" / "images" / match["name"]
    if not image.exists():
        return ""
    return f'src="{os.path.relpath(image, page.parent)}"'


def _fill_table(page: str, table: re.Match[str]) -> str:
    """The rows the index would draw with jQuery, written into its empty ``<table>``: each row
    links to its page, and a status reads as text (its icon font came from a CDN)."""
    columns = ast.literal_eval(table["columns"])
    rows = []
    for row in ast.literal_eval(table["data"]):
        cells = [str(row.get(f"_{column['field']}_text", row.get(column["field"], "")))
                 for column in columns]
        if "_table_row_link_path" in row:
            cells[0] = f'<a href="{html.escape(row["_table_row_link_path"])}">{cells[0]}</a>'
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    header = "".join(f"<th>{html.escape(column['title'])}</th>" for column in columns)
    empty = re.compile(rf"(<table\s+id=\"{re.escape(table['id'])}\"[^>]*>)\s*(</table>)")
    return empty.sub(
        lambda match: f"{match[1]}<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}"
        f"</tbody>{match[2]}",
        page,
        count=1,
    )
