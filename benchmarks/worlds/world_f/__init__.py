"""world_f: 桂鲜果园, a fresh-fruit shop in 南宁武鸣 (广西) on Pinduoduo, March–June 2026.

An independent world (see ``benchmarks/worlds/__init__.py``): written from the contract and the
source article alone. Perishable fruit makes logistics and quality entangle: a late parcel in the
heat arrives rotten, a bad harvest lot sets off a storm of bad reviews that scares later buyers,
a 荔枝 pre-sale slips into fake shipping. README.md describes the mechanisms and their rates.

Run it as ``python -m benchmarks.worlds.world_f --seed 1 --orders 10000 --out DIR``.
"""
