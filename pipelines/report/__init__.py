"""Report: the weekly HTML report, rendered by papermill from ``notebooks/weekly_report.ipynb``.

``data`` reads one week of the marts (and the run bookkeeping in ``meta``), ``tables`` and
``charts`` turn it into labelled tables, sentences and plotly figures, ``display`` shows them as
safe HTML in the notebook, ``render`` executes the notebook and exports the page. ``report.toml``
(read by ``settings``) holds the cost assumptions, alert thresholds and layout; the marts apply
them, the report states them.
"""
