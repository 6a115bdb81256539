"""The daily store rating snapshot, a 90-day rolling average as the platform computes it."""

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Order
from .shop import FINAL_EXPORT_AT, SEASON_START

WINDOW_DAYS = 90
PRIOR_WEIGHT = 250
PRIOR = {"description": 4.78, "logistics": 4.80, "service": 4.84}
RUDE_SERVICE_WORDS = ("客服态度差", "售后不处理", "不理人", "不回")


@dataclass(frozen=True)
class DailyScore:
    day: date
    store: float
    description: float
    logistics: float
    service: float


def logistics_score(late_days: float) -> int:
    if late_days > 2:
        return 2
    if late_days > 0.5:
        return 4
    return 5


def daily_scores(orders: list[Order]) -> list[DailyScore]:
    """One snapshot per day from 40 days before the season to the last export day."""
    marks: dict[str, dict[date, list[int]]] = {key: {} for key in PRIOR}
    for order in orders:
        for review in order.reviews:
            marks["description"].setdefault(review.at.date(), []).append(review.score)
            service = 2 if any(word in review.text for word in RUDE_SERVICE_WORDS) else 5
            marks["service"].setdefault(review.at.date(), []).append(service)
        if order.parcel is not None and order.signed_at is not None:
            score = logistics_score(order.parcel.late_days)
            marks["logistics"].setdefault(order.signed_at.date(), []).append(score)
    first_day = SEASON_START - timedelta(days=40)
    days = [first_day + timedelta(days=offset)
            for offset in range((FINAL_EXPORT_AT.date() - first_day).days + 1)]
    snapshots = []
    for day in days:
        values = {}
        for key, by_day in marks.items():
            window = [score for offset in range(WINDOW_DAYS)
                      for score in by_day.get(day - timedelta(days=offset + 1), [])]
            total = PRIOR[key] * PRIOR_WEIGHT + sum(window)
            values[key] = round(total / (PRIOR_WEIGHT + len(window)), 2)
        store = round((values["description"] + values["logistics"] + values["service"]) / 3, 2)
        snapshots.append(DailyScore(day, store, values["description"], values["logistics"],
                                    values["service"]))
    return snapshots
