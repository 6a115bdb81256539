"""world_l: a simulated Pinduoduo fresh-fruit shop (赣南脐橙 grower in 信丰, 2025-26 season).

The world writes the folder of exports a merchant would drop into the refusal pipeline
(orders, courier tracking, after-sales, reviews, store scores, penalty bills) and a
``labels.csv`` holding the ground truth: one outcome per order and, for refusals, the
one cause that made the buyer refuse the parcel.
"""

from .world import build_world, write_world

__all__ = ["build_world", "write_world"]
