"""What a courier types when a parcel is refused.

Each courier types a reason on a share of refusals (its reason_rate: 25% for 极兔 … 55% for
顺丰); otherwise the scan says only that the parcel was refused. A typed reason matches the true
cause, except 12% that point elsewhere (the buyer gave the courier another story) and 8% that name
two causes.
"""

from __future__ import annotations

from random import Random

from .catalog import Courier
from .model import Product
from .params import CAUSES, Rates
from .vocab import Vocab

# which other cause a misleading reason tends to name
MISLEADING = {
    "product_quality": ("reviews", "reviews", "logistics"),
    "logistics": ("reviews", "reviews", "product_quality"),
    "reviews": ("product_quality", "logistics", "logistics"),
    "rule_violation": ("reviews", "reviews", "product_quality"),
}


def refusal_text(
    vocab: Vocab,
    rng: Random,
    rates: Rates,
    cause: str,
    courier: Courier,
    products: list[Product],
    slots: dict[str, object],
) -> str:
    if rng.random() >= courier.reason_rate * rates.refusal_reason_scale:
        return vocab.render(rng, "refusal.generic", **slots)
    draw = rng.random()
    mixed = [line for line in vocab.get("refusal.mixed") if line["causes"][0] == cause]
    if draw < rates.reason_mixed and mixed:
        reason = rng.choice(mixed)["text"]
    else:
        named = cause
        if draw < rates.reason_mixed + rates.reason_misleading:
            named = rng.choice(MISLEADING[cause])
        assert named in CAUSES
        words = [word for product in products for word in product.defect_words]
        reason = vocab.pick(rng, f"refusal.reasons.{named}").format(defect=rng.choice(words))
    return vocab.render(rng, "refusal.templates", **{**slots, "reason": reason})
