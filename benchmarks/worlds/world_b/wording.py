"""What people write about a refusal: the courier's note, the buyer's after-sales reason and text.

Courier notes (per refusal): 55-62 % a bare note (客户拒收, 拒收退回 ...), 22-33 % a reason that
matches the real cause, 8-12 % a reason that points elsewhere (a buyer who was fed up with waiting
says 不想要了), 4-6 % two reasons. Damaged parcels get their damage written down more often.
After-sales reasons: 45 % the cause's own menu entry, 45 % a generic one (不想要了, 其他 ...),
10 % another cause's; a buyer types a 退款说明 a third of the time.
"""

from __future__ import annotations

import random

from .model import CAUSES
from .vocab import Vocab

# (bare, matching reason, misleading reason, two reasons)
NOTE_STYLE = {
    "product_quality": (0.55, 0.27, 0.12, 0.06),
    "logistics": (0.55, 0.28, 0.11, 0.06),
    "reviews": (0.62, 0.22, 0.11, 0.05),
    "rule_violation": (0.55, 0.33, 0.08, 0.04),
}
# Where a misleading reason comes from, for each real cause.
MISLEADING = {
    "product_quality": ("reviews", "logistics"),
    "logistics": ("reviews", "reviews", "product_quality"),
    "reviews": ("product_quality", "logistics"),
    "rule_violation": ("reviews", "logistics"),
}
DAMAGE_REASONS = ("外包装破损", "箱子压坏了", "包裹湿了", "箱子破了怕东西坏")


class Wording:
    def __init__(self, vocab: Vocab, rng: random.Random) -> None:
        self.vocab = vocab
        self.rng = rng

    def _reason(self, cause: str) -> str:
        return self.rng.choice(self.vocab.get(f"refusal.reason.{cause}"))

    def refusal_note(self, cause: str, *, damaged: bool, station: str, locker: str) -> str:
        bare, matching, misleading, _ = NOTE_STYLE[cause]
        if damaged and cause == "logistics":
            bare, matching = bare - 0.25, matching + 0.25
        draw = self.rng.random()
        if draw < bare:
            if locker and self.rng.random() < 0.6:
                return self.vocab.pick("refusal.station", self.rng, locker=locker)
            return self.vocab.pick("refusal.generic", self.rng, station=locker or station)
        if draw < bare + matching:
            reason = self.rng.choice(DAMAGE_REASONS) if damaged else self._reason(cause)
        elif draw < bare + matching + misleading:
            reason = self._reason(self.rng.choice(MISLEADING[cause]))
        else:
            other = self.rng.choice([c for c in CAUSES if c != cause and c != "rule_violation"])
            pair = [self._reason(cause), self._reason(other)]
            self.rng.shuffle(pair)
            reason = "、".join(pair)
        return self.vocab.pick("refusal.with_reason", self.rng, reason=reason)

    def aftersale_reason(self, cause: str) -> str:
        draw = self.rng.random()
        if cause == "reviews":
            menu = "reviews" if draw < 0.8 else self.rng.choice(("product_quality", "logistics"))
        elif draw < 0.45:
            menu = cause
        elif draw < 0.9:
            menu = "generic"
        else:
            menu = self.rng.choice(MISLEADING[cause])
        return self.rng.choice(self.vocab.get(f"aftersales.reason.{menu}"))

    def aftersale_note(self, topic: str) -> str:
        if self.rng.random() >= 0.35:
            return ""
        section = topic if self.rng.random() < 0.7 else "generic"
        return self.rng.choice(self.vocab.get(f"aftersales.note.{section}"))

    def menu(self, topic: str) -> str:
        return self.rng.choice(self.vocab.get(f"aftersales.reason.{topic}"))
