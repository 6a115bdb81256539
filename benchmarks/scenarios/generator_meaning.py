"""What the generator meant by each text it wrote, read from its own tables at run time.

A scenario replaces the generator's words and must keep what they mean: a refusal event that
gave a reason keeps giving one, a review of a storm stays a review of a storm, an after-sales
record of a cancellation stays a cancellation. Labels carry the true cause of each refused order
but not the meaning of every text (a review belongs to a delivered order; an after-sales reason
to orders that were never refused), so this module looks the meaning up in the generator's own
tables (`pipelines.sample.vocabulary`). It only classifies: none of those wordings is ever
written into a scenario, and the scenario vocabulary is never derived from them.

The names read here are private to the generator package; if one is renamed, importing this
module fails at once, and `tests/test_scenarios.py` says so.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from pipelines.sample import vocabulary as generator

REFUSAL_WITH_REASON, REFUSAL_PLAIN, DELAY, DAMAGE = (
    "refusal_with_reason", "refusal_plain", "delay", "damage")

_EVENT_ROLES = {
    generator._Kind.REFUSED_WITH_REASON: REFUSAL_WITH_REASON,
    generator._Kind.REFUSED_BY_CUSTOMER: REFUSAL_PLAIN,
    generator._Kind.REFUSED_SENT_BACK: REFUSAL_PLAIN,
    generator._Kind.REFUSED_TO_SIGN: REFUSAL_PLAIN,
    generator._Kind.STUCK: DELAY,
    generator._Kind.STALLED: DELAY,
    generator._Kind.DAMAGED: DAMAGE,
}
_REFUSAL_REASON_CAUSES = (
    (generator._LOGISTICS_REFUSALS, "logistics"),
    (generator._QUALITY_REFUSALS, "product_quality"),
    (generator._REVIEWS_REFUSALS, "reviews"),
)
_REVIEW_CATEGORIES = {5: "positive", 4: "positive", 3: "neutral", "low": "low",
                      "bad_product": "bad_product", "storm": "storm"}


@dataclass(frozen=True)
class EventMeaning:
    role: str  # one of the roles above
    place: str  # the city the generator put in front of the text ("" when none)
    reason_cause: str | None  # the cause the refusal reason names, for REFUSAL_WITH_REASON


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name in ("o_city", "d_city"):
            parts.append("(?P<place>.*?)")
        elif name == "reason":
            parts.append("(?P<reason>.*?)")
        elif name:
            parts.append(".*?")
    return re.compile("".join(parts))


@cache
def _event_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_template_pattern(generator._KINDS[kind].text), role)
                 for kind, role in _EVENT_ROLES.items())


@cache
def _reason_causes() -> dict[str, str]:
    return {reason: cause for reasons, cause in _REFUSAL_REASON_CAUSES for reason in reasons}


def event_meaning(text: str) -> EventMeaning | None:
    """The role of a tracking event text the generator wrote; ``None`` for routine events."""
    for pattern, role in _event_patterns():
        match = pattern.fullmatch(text)
        if match:
            found = match.groupdict()
            reason_cause = _reason_causes().get(found.get("reason") or "")
            if role == REFUSAL_WITH_REASON and reason_cause is None:
                continue  # a reason the generator never gives a refusal (a failed attempt's)
            return EventMeaning(role, found.get("place") or "", reason_cause)
    return None


@cache
def _after_sales_meanings() -> dict[str, str]:
    quality = {int(i) for i in generator._QUALITY_AS_REASONS}
    cancel = {int(i) for i in generator._CANCEL_AS_REASONS}
    meanings = {}
    for index, reason in enumerate(generator._AS_REASONS):
        if index == generator._OTHER_REASON:
            meanings[reason] = "other"
        elif index in quality:
            meanings[reason] = "product_quality"
        elif index in cancel:
            meanings[reason] = "cancel"
        else:  # the delivery reasons: not arrived, shipped late, no tracking, damaged
            meanings[reason] = "logistics"
    return meanings


def after_sales_meaning(reason: str) -> str | None:
    """``cancel``, ``logistics``, ``product_quality`` or ``other``; ``None`` if unknown."""
    return _after_sales_meanings().get(reason)


@cache
def _review_meanings() -> dict[str, str]:
    meanings: dict[str, str] = {}
    for key, texts in generator._REVIEW_TEXTS.items():
        for text in texts:
            if text:
                meanings.setdefault(text, _REVIEW_CATEGORIES[key])
    return meanings


def review_meaning(text: str) -> str | None:
    """``positive``, ``neutral``, ``low``, ``bad_product`` or ``storm``; ``None`` if unknown."""
    return _review_meanings().get(text)


def generator_wordings() -> frozenset[str]:
    """Every cause-carrying phrase the generator writes, for tests that check none survives."""
    return frozenset({*_reason_causes(), *_after_sales_meanings(), *_review_meanings()})
