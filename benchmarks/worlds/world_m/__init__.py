"""world_m: a simulated 南通叠石桥 home-textiles shop on Pinduoduo and its merchant exports.

`python -m benchmarks.worlds.world_m --seed 1 --orders 10000 --out DIR` writes DIR/exports/
and DIR/labels.csv.
"""

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")
