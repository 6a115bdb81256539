"""Engines other than the DuckDB file itself: where the same models run when one machine is not
enough (``spark``)."""
