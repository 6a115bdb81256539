"""Validate: the data checks that run before anything is published.

``checks`` runs the suites of ``expectations/`` over the small tables ``sql/`` builds and decides
pass, warn or fail; ``gx_duckdb`` is the one place Great Expectations meets DuckDB.
"""
