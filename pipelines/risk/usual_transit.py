"""The courier's usual transit at each snapshot of the risk step: the median hours from pick-up
(else shipping) to the first delivery attempt of the parcels first attempted in the
``risk_route_window_days`` days up to the snapshot, per route (courier × province) and per
courier, with how many parcels each median rests on.

Each parcel is read once. A parcel counts for the snapshots from its first attempt until the
window has passed it, so each snapshot's parcels are one run of the route's parcels in the order
of their first attempts: two binary searches find it, and the median is the middle of that run
(the middle hour, or halfway between the middle two, as DuckDB's ``median()`` has it). In SQL
the same medians needed every (snapshot, parcel) pair first, 63M rows at 200,000 orders a week,
which took 45 s to sort within DuckDB's memory budget or spilled past the disk as a
``median()`` aggregate (``benchmarks/README.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

#: The two tables ``sql/risk_instances.sql``'s last statement reads, by the columns they group
#: by and the name of their parcel count.
TABLES = {
    "risk_route_medians": (["courier_code", "province"], "route_parcels"),
    "risk_courier_medians": (["courier_code"], "courier_parcels"),
}


def create_tables(con: duckdb.DuckDBPyConnection, transits_table: str,
                  snapshot_times: Sequence[dt.datetime], window_days: int) -> None:
    """Create :data:`TABLES` from ``transits_table`` (a courier, province, first attempt and
    transit hours per parcel), then drop it."""
    relation = con.sql(f"select courier_code, province, first_attempt_at, "
                       f"cast(transit_hours as double) as transit_hours from {transits_table}")
    kinds = dict(zip(relation.columns, relation.types, strict=True))
    # through Arrow: .df() made a Python string of every courier and province first (3.2M
    # parcels at 200,000 orders a week: 0.9 s of the step's 4 s)
    transits = relation.to_arrow_table().to_pandas()
    for table, (keys, count_name) in TABLES.items():
        medians = snapshot_medians(transits, keys, snapshot_times, window_days)
        con.register("usual_transit_medians", medians)
        try:
            # the keys typed as the parcels' (pandas leaves a key with no value untyped)
            keys_typed = ", ".join(f"cast({key} as {kinds[key]}) as {key}" for key in keys)
            con.execute(f"create or replace temp table {table} as select snapshot_at, "
                        f"{keys_typed}, median_hours, parcels as {count_name} "
                        "from usual_transit_medians")
        finally:
            con.unregister("usual_transit_medians")
    con.execute(f"drop table {transits_table}")


def snapshot_medians(transits: pd.DataFrame, keys: list[str],
                     snapshot_times: Sequence[dt.datetime], window_days: int) -> pd.DataFrame:
    """One row per snapshot and group of ``keys`` with a parcel first attempted in the
    ``window_days`` days up to the snapshot (after its time less the window, at or before it):
    ``snapshot_at``, the keys, ``median_hours`` and ``parcels``. A missing key is a group of its
    own, as in SQL's ``group by``."""
    snapshots = np.array(sorted(snapshot_times), dtype="datetime64[us]")
    window_starts = snapshots - np.timedelta64(window_days, "D")
    groups = transits.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    attempted = transits["first_attempt_at"].to_numpy(dtype="datetime64[us]")
    hours = transits["transit_hours"].to_numpy(dtype=float)
    order = np.lexsort((attempted, groups))
    groups, attempted, hours = groups[order], attempted[order], hours[order]
    firsts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[firsts[1:], len(groups)]
    found: dict[str, list] = {"row": [], "snapshot_at": [], "median_hours": [], "parcels": []}
    for first, end in zip(firsts, ends, strict=True):
        times = attempted[first:end]
        # each snapshot's run: attempted after the window's start, at or before the snapshot
        starts = first + np.searchsorted(times, window_starts, side="right")
        stops = first + np.searchsorted(times, snapshots, side="right")
        for snapshot, start, stop in zip(snapshots, starts, stops, strict=True):
            if stop > start:
                found["row"].append(order[first])
                found["snapshot_at"].append(snapshot)
                found["median_hours"].append(_median(hours[start:stop]))
                found["parcels"].append(stop - start)
    rows = transits[keys].iloc[found.pop("row")].reset_index(drop=True)
    return pd.DataFrame({
        "snapshot_at": np.array(found["snapshot_at"], dtype="datetime64[us]"),
        **{key: rows[key] for key in keys},
        "median_hours": np.array(found["median_hours"], dtype=float),
        "parcels": np.array(found["parcels"], dtype=np.int64),
    })


def _median(values: np.ndarray) -> float:
    """The middle value, or halfway between the middle two, computed as ``median()`` does in
    DuckDB (the lower plus half the gap, not the mean of the two): the same double."""
    lower, upper = (len(values) - 1) // 2, len(values) // 2
    middles = np.partition(values, [lower, upper])
    return float(middles[lower] + (middles[upper] - middles[lower]) * 0.5)
