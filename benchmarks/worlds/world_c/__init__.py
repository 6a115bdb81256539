"""World C: an independent test-data generator (a Gannan navel-orange shop on Pinduoduo).

Run `python -m benchmarks.worlds.world_c --seed 1 --orders 10000 --out DIR`; see README.md.
"""
