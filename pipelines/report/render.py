"""Rendering the report: papermill executes ``notebooks/weekly_report.ipynb`` for one week, and
nbconvert exports it to one self-contained HTML page without code (plotly.js inlined once by the
notebook, nothing fetched from a CDN)."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
import papermill
from nbconvert import HTMLExporter

from pipelines import config
from pipelines.weeks import parse_week

NOTEBOOK_PATH = config.NOTEBOOKS_DIR / "weekly_report.ipynb"
KERNEL_NAME = "python3"


@dataclass(frozen=True)
class ReportFiles:
    notebook: Path
    html: Path


#: nbconvert's lab template minus everything it would fetch from a CDN (require.js, MathJax,
#: mermaid, widgets): the report must open offline, and plotly.js comes inlined from the notebook.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def render_report(warehouse_path: Path, week: str, out_dir: Path) -> ReportFiles:
    """Execute the report notebook for ``week`` into ``out_dir`` and export it to HTML.

    The notebook opens the warehouse read-only in its own kernel process, so callers must have
    closed their read-write connection first (DuckDB lets only one process write a file).
    """
    parameters = {"warehouse": str(Path(warehouse_path).resolve()), "week": str(parse_week(week))}
    _check_parameters(NOTEBOOK_PATH, parameters)
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / "weekly_report.ipynb"
    with tempfile.TemporaryDirectory(prefix="refusals-kernel-") as runtime_dir:
        papermill.execute_notebook(
            str(NOTEBOOK_PATH), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
            cwd=str(config.PROJECT_ROOT), progress_bar=False,
            kernel_manager_class=_local_kernel_manager(Path(runtime_dir)),
            # written once, when it ends (with the error, when a cell fails): saving after every
            # cell rewrote the notebook, inlined plotly.js and all, some 60 times a render
            request_save_on_cell_execute=False,
        )
    page = out_dir / "weekly_report.html"
    page.write_text(notebook_to_html(executed, title=f"拒收周报 {parameters['week']}"),
                    encoding="utf-8")
    return ReportFiles(notebook=executed, html=page)


def _local_kernel_manager(runtime_dir: Path) -> type:
    """A kernel manager talking to its kernel over Unix sockets, not TCP: nothing listens on a
    port, and the kernel has no reason to warn about unencrypted TCP in every cron mail.

    The sockets go in ``runtime_dir``, one per render: jupyter_client would otherwise make them
    in the working directory as ``kernel-ipc-1`` …, numbered by what exists there, and two runs
    rendering at once took the same names and read each other's messages ("Invalid Signature").

    The kernel is asked to shut down, never interrupted: jupyter_client sends SIGINT before its
    shutdown request, and on a busy machine that lands while the kernel is still finishing the
    last cell's reply, so ipykernel wrote "KeyboardInterrupt caught in kernel." to the run's
    stderr, which cron mails.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, Unicode

    class IpcKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc")
        ip = Unicode(str(runtime_dir / "kernel-ipc"))

        async def _async_interrupt_kernel(self) -> None:
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

    return IpcKernelManager


def _check_parameters(notebook: Path, parameters: Mapping[str, object]) -> None:
    """Fail before executing when the notebook lacks a parameter we pass: papermill would only
    warn, and the notebook would silently run on its defaults."""
    declared = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise RuntimeError(f"{notebook.name} has no parameter(s) {', '.join(unknown)}; "
                           f"it declares {', '.join(sorted(declared)) or 'none'}")


def notebook_to_html(notebook_path: Path, title: str) -> str:
    """The executed notebook as one offline HTML page, without code cells or prompts."""
    exporter = HTMLExporter(
        template_name="lab", template_file="offline.html.j2", exclude_input=True,
        exclude_input_prompt=True, exclude_output_prompt=True,
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
    )
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    return body
