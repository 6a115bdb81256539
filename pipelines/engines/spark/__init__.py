"""``--engine spark``: the same model files run on a Spark cluster (``engine``), transpiled from
DuckDB SQL by sqlglot (``sql``); the tables come back into the DuckDB warehouse."""
