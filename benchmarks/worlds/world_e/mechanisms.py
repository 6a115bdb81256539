"""The mechanisms that can make a buyer refuse: one row each, read by causes.py, fates.py,
feedback.py and the README table.

detail: (cause it is labelled with, wording family in vocab.toml, priority among door triggers)
A lower priority wins when two door triggers fire at the same delivery attempt: the damaged box
is seen before the goods, and a boosted parcel is refused unopened.
"""

MECHANISMS = {
    "boost": ("rule_violation", "boost", 0),
    "presale": ("rule_violation", "presale", 5),
    "damage": ("logistics", "damage", 1),
    "quarrel": ("logistics", "quarrel", 2),
    "late": ("logistics", "late", 5),
    "size_batch": ("product_quality", "size", 3),
    "down_leak": ("product_quality", "defect", 3),
    "colour": ("product_quality", "colour", 3),
    "pilling": ("product_quality", "defect", 3),
    "picture": ("product_quality", "picture", 3),
    "wrong_item": ("product_quality", "wrong", 3),
    "base_quality": ("product_quality", "defect", 3),
    "extra_size": ("product_quality", "size", 4),
    "reviews": ("reviews", "reviews", 6),
}
CAUSE_OF = {detail: row[0] for detail, row in MECHANISMS.items()}
FAMILY = {detail: row[1] for detail, row in MECHANISMS.items()}
DOOR_PRIORITY = {detail: row[2] for detail, row in MECHANISMS.items()}
