"""world_j: a skincare and cosmetics shop in 广州白云, August to November 2026 (双11 included).

An independent world for the refusal-attribution benchmark: it simulates the shop's orders,
parcels, after-sales, reviews and penalties, writes them as weekly merchant exports, and writes
the truth about every order in ``labels.csv``. See README.md.
"""
