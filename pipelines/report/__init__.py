"""Report: the weekly HTML report, rendered by papermill from ``notebooks/weekly_report.ipynb``;
``report.toml`` holds its cost assumptions, alert thresholds and layout."""
