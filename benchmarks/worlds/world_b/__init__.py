"""World B: an independently written Pinduoduo shop, for measuring refusal attribution.

A home-goods shop in Yiwu (13 listings, 36 SKUs, ¥0.1-199) sells to buyers in 31 provinces over the
simulated weeks (default 5, ending Sunday 2026-11-29, plus one lead-in week) and ships with seven
couriers. The merchant exports orders and tracking every week, and optionally after-sales, reviews,
store scores and penalty bills. The world is written only from the shared contract (INPUTS.md), the
seed article and public wording; its rates and phrasing are its own.

Mechanisms (each a process in time; details and rates in the named modules):
- demand (orders, timeline): weekly rhythm, Double 11 at x3.2, 2 % unpaid, 2.5 % follow-up orders
  merged into one parcel (合并发货), 0.2 % bulk orders over ¥1,000;
- warehouse (simulate): 15 h median handling, a post-promotion crunch with late shipments,
  虚假发货 (marked shipped a day before pickup) and reused tracking numbers during the crunch;
- road (journey): route times by destination tier and courier speed; a crunch at the origin hub, one
  courier's northern hub backlog after the promotion, a north-east cold wave, 3 % random hiccups,
  damage by courier x product fragility (x5 at one courier's south-west sorting centre);
- goods (orders, hazards): two defective batches (one or two SKUs of a product, about a week each;
  60 % of units bad), 0.4 % wrongly picked items;
- reviews (reviews): 30 % of buyers review, upset ones 50 %; bad batches and slow parcels leave low
  stars; a competitor's accounts bomb one product with 1-2 star 'false advertising' reviews for a
  few days; the store's 90-day ratings slide;
- rule breaking (orders, penalties): two boosting campaigns (3.4 % of orders: 空包, gifts to a ring,
  scraped real addresses, never-shipped), merchant tags, ¥0 trials, platform bills;
- the door (hazards): four competing hazards decide whether and why each buyer refuses; the cause
  drawn is the label;
- afterwards (aftermath, penalties): refunds, after-sales records with the platform's refusal-refund
  state, merchant notes, compensation and violation bills.

Seed 1, 10,000 orders: about 3 % of shipped parcels are refused (roughly 45 % logistics, 25 %
product quality, 15 % reviews, 15 % rule violations; the mix moves with the seed), 1 % come back
undelivered, 0.4 % of orders ride on a reused tracking number.

Run: python -m benchmarks.worlds.world_b --seed 1 --orders 10000 --out DIR
Check: python -m benchmarks.worlds.world_b.verify DIR
"""
