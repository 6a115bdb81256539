"""What a scenario family does to a generated export folder: texts reworded, evidence removed,
optional exports dropped. Each step changes texts or drops files and rows; none changes which
cause an order truly has, and `labels/` is never touched.

Every random choice is keyed by the seed and by what identifies the thing chosen for (the
parcel and its original text, the after-sales record, the order), never by file or row
position: the same event exported in two overlapping weekly files reads the same in both.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from benchmarks.scenarios import generator_meaning as meaning
from benchmarks.scenarios.exports import TRACKING_KINDS, ExportTable, clean_id
from benchmarks.scenarios.vocabulary import Vocabulary

#: Boosting tags in 商家备注 (the contract: private codes such as ``G-``/``V-`` prefixes).
BOOST_TAG = re.compile(r"^\s*[A-Z]-\d+")
#: The contract's own generic wordings, for evidence that is blanked rather than reworded.
PLAIN_REFUSAL = "客户拒收"
OTHER_REASON = "其他"

_REVIEW_LISTS = {
    "positive": ("generic", "review_positive"),
    "neutral": ("generic", "review_neutral"),
    "low": ("generic", "review_low"),
    "bad_product": ("causes", "product_quality", "review"),
    "storm": ("causes", "reviews", "review"),
}
_AFTER_SALES_LISTS = {
    "cancel": ("generic", "after_sales_cancel"),
    "logistics": ("causes", "logistics", "after_sales_reason"),
    "product_quality": ("causes", "product_quality", "after_sales_reason"),
    "other": ("generic", "after_sales_other"),
}
_PENALTY_LISTS = (  # by the contract's 类型 values
    ("虚假", ("causes", "rule_violation", "penalty_note")),
    ("延迟发货", ("causes", "logistics", "penalty_note")),
    ("缺货", ("generic", "penalty_note_stockout")),
)


def _rng(seed: int, *key: object) -> random.Random:
    """A random stream for one decision; Python seeds it from the text's SHA-512, so it is the
    same on every run and platform."""
    return random.Random("\x1f".join(map(str, (seed, *key))))


@dataclass(eq=False)
class Folder:
    """A folder's export tables and the truth about its orders."""

    tables: list[ExportTable]
    labels: dict[str, str | None]  # order id -> true cause, None when not refused

    def of_kind(self, *kinds: str) -> list[ExportTable]:
        return [table for table in self.tables if table.kind in kinds]

    @cached_property
    def parcel_causes(self) -> dict[str, str | None]:
        """Tracking number -> true cause of the refused order it carried (``None``: it carried
        no refused order). A number on several orders takes the refused one."""
        causes: dict[str, str | None] = {}
        for table in self.of_kind("orders"):
            for row in table.rows:
                tracking = clean_id(table.get(row, "tracking_no"))
                order = clean_id(table.get(row, "order_id"))
                if tracking and order and causes.get(tracking) is None:
                    causes[tracking] = self.labels.get(order)
        return causes

    def cause_of(self, table: ExportTable, row: list[str]) -> str | None:
        return self.labels.get(clean_id(table.get(row, "order_id")) or "")


def keep_kinds(folder: Folder, kinds: Iterable[str]) -> list[ExportTable]:
    """Keep only tables of these kinds; returns the dropped ones (their files are the caller's
    to delete)."""
    kept = set(kinds)
    dropped = [table for table in folder.tables if table.kind not in kept]
    folder.tables = [table for table in folder.tables if table.kind in kept]
    return dropped


def reword(folder: Folder, vocabulary: Vocabulary, seed: int) -> None:
    """Every free text that carries a cause, in other words from one half of the vocabulary,
    chosen by the order's true cause (refusals) or by what the original text meant."""
    for table in folder.of_kind(*TRACKING_KINDS):
        for row in table.rows:
            text = table.get(row, "description")
            found = meaning.event_meaning(text)
            if found is None:
                continue
            tracking = clean_id(table.get(row, "tracking_no")) or ""
            rng = _rng(seed, "event", tracking, text)
            table.set(row, "description", event_text(
                found, folder.parcel_causes.get(tracking), vocabulary, rng))
    for table in folder.of_kind("after_sales"):
        for row in table.rows:
            reason = table.get(row, "reason")
            if not reason:
                continue
            rng = _rng(seed, "after_sales", clean_id(table.get(row, "after_sales_id")), reason)
            table.set(row, "reason", _after_sales_reason(
                meaning.after_sales_meaning(reason), folder.cause_of(table, row), vocabulary,
                rng))
    for table in folder.of_kind("orders"):
        if not table.has("buyer_message"):
            continue
        for row in table.rows:
            order = clean_id(table.get(row, "order_id")) or ""
            rng = _rng(seed, "buyer_message", order)
            table.set(row, "buyer_message", _buyer_message(
                table.get(row, "buyer_message"), folder.labels.get(order), vocabulary, rng))
    for table in folder.of_kind("reviews"):
        for row in table.rows:
            category = meaning.review_meaning(table.get(row, "review_text"))
            if category is None:
                continue
            rng = _rng(seed, "review", clean_id(table.get(row, "order_id")),
                       table.get(row, "reviewed_at"))
            table.set(row, "review_text",
                      vocabulary.vary(vocabulary.pick(rng, *_REVIEW_LISTS[category]), rng))
    for table in folder.of_kind("penalties"):
        if not table.has("note"):
            continue
        for row in table.rows:
            kind = table.get(row, "penalty_type")
            path = next((path for word, path in _PENALTY_LISTS if word in kind), None)
            if path is not None and table.get(row, "note"):
                rng = _rng(seed, "penalty", clean_id(table.get(row, "order_id")), kind)
                table.set(row, "note", vocabulary.pick(rng, *path))


def event_text(found: meaning.EventMeaning, cause: str | None, vocabulary: Vocabulary,
                rng: random.Random) -> str:
    if found.role in (meaning.DELAY, meaning.DAMAGE):
        body = vocabulary.pick(rng, "incidents", found.role)
    elif (found.role == meaning.REFUSAL_WITH_REASON and cause is not None
          and not vocabulary.chance(rng, "reason_dropped")):
        body = _with_reason(cause, vocabulary, rng)
    elif (found.role == meaning.REFUSAL_PLAIN and cause == "rule_violation"
          and vocabulary.chance(rng, "rule_violation_reason")):
        body = vocabulary.pick(rng, "frames", "refusal_with_reason").format(
            reason=vocabulary.pick(rng, "causes", cause, "refusal_reason"))
    else:
        body = vocabulary.pick(rng, "frames", "refusal_plain")
    return vocabulary.courier_line(body, found.place, rng)


def _with_reason(cause: str, vocabulary: Vocabulary, rng: random.Random) -> str:
    if vocabulary.chance(rng, "misleading"):
        cause = vocabulary.other_cause(rng, cause, "refusal_reason")
    reason = vocabulary.pick(rng, "causes", cause, "refusal_reason")
    return vocabulary.pick(rng, "frames", "refusal_with_reason").format(reason=reason)


def _after_sales_reason(original: str | None, cause: str | None, vocabulary: Vocabulary,
                        rng: random.Random) -> str:
    if cause is not None and original not in (None, "other"):  # a refusal's reason-bearing text
        if vocabulary.chance(rng, "misleading"):
            cause = vocabulary.other_cause(rng, cause, "after_sales_reason")
        path: tuple[str, ...] = ("causes", cause, "after_sales_reason")
    else:
        path = _AFTER_SALES_LISTS[original or "other"]
    return vocabulary.vary(vocabulary.pick(rng, *path), rng, trailing=False)


def _buyer_message(original: str, cause: str | None, vocabulary: Vocabulary,
                   rng: random.Random) -> str:
    if cause is not None and vocabulary.chance(rng, "buyer_message_hint"):
        return vocabulary.vary(vocabulary.pick(rng, "causes", cause, "buyer_message"), rng)
    if original:
        return vocabulary.vary(vocabulary.pick(rng, "generic", "buyer_message"), rng)
    return ""


def halve_evidence(folder: Folder, seed: int, share: float = 0.5) -> None:
    """Remove ``share`` of the removable cause evidence, item by item: refusal reasons become a
    plain 客户拒收, delay and damage events and low reviews are dropped, a refusal's after-sales
    reason becomes 其他, penalty rows and boosting tags go. What is structural (times, codes of
    the refusal itself, tracking numbers, prices) stays."""

    def removed(*key: object) -> bool:
        return _rng(seed, "halve", *key).random() < share

    for table in folder.of_kind(*TRACKING_KINDS):
        keep = []
        for row in table.rows:
            text = table.get(row, "description")
            found = meaning.event_meaning(text)
            tracking = clean_id(table.get(row, "tracking_no")) or ""
            role = found.role if found else None
            if role == meaning.REFUSAL_WITH_REASON and removed("reason", tracking):
                place = f"【{found.place}】" if found.place else ""
                table.set(row, "description", place + PLAIN_REFUSAL)
            keep.append(role not in (meaning.DELAY, meaning.DAMAGE)
                        or not removed("incident", tracking, text))
        table.keep_rows(keep)
    for table in folder.of_kind("after_sales"):
        for row in table.rows:
            order = clean_id(table.get(row, "order_id")) or ""
            original = meaning.after_sales_meaning(table.get(row, "reason"))
            if (folder.labels.get(order) is not None and original not in (None, "other")
                    and removed("after_sales", order)):
                table.set(row, "reason", OTHER_REASON)
    for table in folder.of_kind("reviews"):
        table.keep_rows([
            meaning.review_meaning(table.get(row, "review_text")) not in ("storm", "bad_product",
                                                                          "low")
            or not removed("review", clean_id(table.get(row, "order_id")),
                           table.get(row, "reviewed_at"))
            for row in table.rows])
    for table in folder.of_kind("penalties"):
        table.keep_rows([not removed("penalty", clean_id(table.get(row, "order_id")))
                         for row in table.rows])
    for table in folder.of_kind("orders"):
        for row in table.rows:
            if (BOOST_TAG.match(table.get(row, "merchant_note"))
                    and removed("boost", clean_id(table.get(row, "order_id")))):
                table.set(row, "merchant_note", "")
