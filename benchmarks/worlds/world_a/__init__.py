"""World A: an independent simulation of a Pinduoduo shop, written out as the merchant's exports.

Run: ``python -m benchmarks.worlds.world_a --seed 1 --orders 10000 --out DIR [--optional
all|none] [--weeks 6]``. It writes DIR/exports/ (the downloads) and DIR/labels.csv (the truth).

The shop. A Yiwu home-goods store (12 products, 2-4 SKUs each, ¥19.90 to ¥1,688) sells to buyers
in 31 provinces, weighted by population, through 中通 / 韵达 / 圆通 / 极兔 / 申通, 邮政 for the far
west and 顺丰 when the buyer pays for it. About 200 orders a day (weekends +15%, 双11 up to x2),
with a lunch bump and an evening peak. 1.5% are never paid, 0.4% are cancelled as out of stock,
2-3% are cancelled by the buyer before shipping (more while the product's reviews are bad or the
parcel waits), 2% are a second order shipped together with the first (合并发货), 3% carry two SKUs.
Orders ship after ~16 h (lognormal), 2% late; couriers pick up twice a day; transit from Yiwu
takes 1.2 / 2.2 / 3.3 / 4.8 days by distance zone plus courier offset and noise.

Episodes (dates vary by seed; see episodes.py): 双11 volume, a warehouse backlog (45% of orders of
10-12 Nov ship late, some with the number filed on time and the pickup days later), courier
congestion after 双11, a north-east cold wave, one courier's hub outage, a damage-prone courier in
two provinces, a bad production batch of one product (45% defective for 9-12 days), a packing
mix-up on another (30% wrong colour/size for 2-3 days), a review storm on a third (about 38 angry
1-2 star reviews per 10k orders over 6-9 days, about false advertising and customer service,
with other buyers piling on), and boosting (刷单): two campaigns of 15-28 fake orders a day for
3-6 days, a 0元试用 campaign, and a trickle (about 3.5% of orders in all).

Refusals (see lifecycle.py). At the first delivery attempt every parcel has a hazard per cause;
it is refused with probability 1 - Π(1 - h), the cause drawn in proportion to the hazards:
product_quality = the product's own risk (0.2-0.4%) + 28% for a bad-batch item / 35% for a wrong
item; logistics = 0.2% + 3% per day beyond the usual transit + 30% when crushed + 1.2% per day
shipped late; reviews = 0.2% + 45% x the product's recent 1-2 star share above the normal 12%;
rule_violation = 55% for an empty boosted parcel sent to a stranger's harvested address (the
studio's own collection points sign for theirs). For seed 1 / 10,000 orders this gives 3.6% of
orders refused (3.0-3.6% over seeds 1-5): about 36% logistics, 25% reviews, 20% rule_violation,
18% product_quality.
Returned-undelivered parcels (address unknown 0.3%, unreachable 0.4%, uncollected from a locker
0.4%, intercepted after an in-transit refund 0.5%+) are not refusals.

Evidence is what that world leaves. Couriers type a refusal reason 25-55% of the time (else only
"客户拒收"-like text); 12% of typed reasons point at another cause and 8% name two. Of the refused
real buyers 80% apply for 仅退款 (55% of reviews-driven and 30% of delay-driven ones announce it
in transit, which shows as 已同意拒收退款，待用户拒收), with a reason matching the cause 65% of
the time; the others are auto-confirmed by the platform after 10-12 days. Boosted orders carry
merchant tags (G-/V- codes, 15% untagged, 8% sloppily written), their fake buyers confirm receipt
and leave five-star reviews, 25% draw a 虚假交易 bill; 15% of them reuse an older real parcel's
tracking number and 15% never get a pickup scan. Bad batches leave 1-2 star reviews and quality
returns; the review storm dents the store score a little; late shipping draws 延迟发货_扣款 bills.
"""
