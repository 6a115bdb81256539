-- The refusal-risk facts of every parcel in transit at each snapshot: the as-of time itself and
-- the end of each day before it ($risk_snapshot_times, pipelines/risk/instances.py). The first is
-- what a score at the as-of time ranks; a score at any snapshot learns from the earlier ones whose
-- parcels had settled by then (pipelines/risk/model.py splits them), so one query serves the
-- score and a replay of it over the days before.
--
-- As-of guarantee: every import CTE below keeps only rows dated at or before $as_of (after-sales
-- requests and the exports that showed their state, reviews, penalties, shipping; of a parcel's
-- tracking, read from int_parcel_timelines, the first times that came by then),
-- and every fact of a snapshot compares a timestamp with that snapshot, so it is the same fact
-- whatever later as-of time the query runs at. Outcomes are returned as times (refused_at,
-- settled_at) for the caller to compare with the time it scores at. Nothing is read from the
-- outcome-based models (int_parcels_classified's outcome, the signal tables), which look at the
-- whole data. Order fields are those fixed when the parcel shipped (product, amount, region,
-- courier, note, the buyer's message); the order's later status is never read. A parcel's
-- courier at a snapshot is the one its tracking had named by then (the order's before that),
-- not one a later event names.
--
-- Bounded look-back: a snapshot needs parcels shipped at most $risk_max_transit_days days before
-- it (in transit), settled within $risk_rate_window_days days (recent refusal rates) or first
-- attempted within $risk_route_window_days days (the courier's usual transit), and reviews within
-- $review_window_days days; of the orders placed in the $risk_look_back_days days before it (the
-- longest of those windows and the longest transit). Orders shipped before the earliest snapshot
-- less that look-back ($risk_horizon_at), and rows about them, are not read, so the cost follows
-- the windows, not the shop's age, and each snapshot counts the same orders whatever as-of time
-- the query runs at; a parcel's tracking comes summed up per parcel, kept by key as the weeks
-- come (int_parcel_timelines), not from its events. DuckDB only (pipelines/risk/).
--
-- Steps: instances.load runs the statements below one after another, in one connection. Each
-- step that later ones read more than once is a temporary table (risk_*), not a CTE: DuckDB keeps
-- a CTE read twice whole in memory for the length of its statement, and as one query the steps
-- did not fit its 1.5 GB budget at 100,000 orders a week; a table can spill between statements.
-- A table is dropped after its last reader, and the windows' parcels once they are summed up
-- (rates), so that the rows are fetched beside the few tables the last statement reads. Between
-- the steps and the last statement, instances.load makes the usual transit hours of
-- risk_transits (risk_route_medians, risk_courier_medians; pipelines/risk/usual_transit.py).
-- The last statement returns the rows; instances.load drops what is left.

create or replace temp table risk_snapshots as
select
    times.k - 1 as snapshot_days_back,
    times.snapshot_at
from unnest(cast($risk_snapshot_times as timestamp[])) with ordinality as times (snapshot_at, k);

create or replace temp table risk_orders as
select
    order_id,
    ordered_at,
    shipped_at,
    promised_ship_by_at,
    product_id,
    province,
    courier_code,
    tracking_no,
    merchant_note,
    buyer_paid_yuan,
    -- what the buyer wrote on the order, read with the attribution's vocabularies: known
    -- since the order was placed
    case
        when says(buyer_message, $quality_text, $quality_negated) then 'quality'
        when says(buyer_message, $logistics_text, $logistics_negated) then 'logistics'
        when says(buyer_message, $review_text, $review_negated) then 'reviews'
        when says(buyer_message, $violation_text, $violation_negated) then 'violation'
        else 'none'
    end as message_state,
    mask_personal(buyer_message) as buyer_message_masked,
    is_trial_order,
    -- a confirmed receipt counts only once it happened
    case when receipt_confirmed_at <= $as_of then receipt_confirmed_at end
        as receipt_confirmed_at
from intermediate.int_orders_deduplicated
where shipped_at <= $as_of and shipped_at > $risk_horizon_at;

create or replace temp table risk_parcels as
with

reused_numbers as (
    -- a number entered again on a later order: decided by the orders shipped before it only
    select order_id
    from intermediate.int_parcels_classified
    where is_later_on_reused_tracking_no
),

after_sales as (
    select *
    from staging.stg_after_sales
    where applied_at <= $as_of and order_id in (select risk_orders.order_id from risk_orders)
),

penalties as (
    select *
    from staging.stg_penalties
    where penalized_at <= $as_of and regexp_matches(coalesce(penalty_type, ''), $penalty_types)
),

parcel_events as (
    -- the parcel's tracking as known at the as-of time: a first time that came later is not
    -- known yet (int_parcel_timelines is built from every event of the build's window; the
    -- event times are each compared with a snapshot, none later than the as-of time)
    select
        tracking_no,
        case
            when courier_known_at <= $as_of then first_courier_code
        end as first_courier_code,
        case when courier_known_at <= $as_of then courier_known_at end as courier_known_at,
        event_times,
        case when first_event_at <= $as_of then first_event_at end as first_event_at,
        case when picked_up_at <= $as_of then picked_up_at end as picked_up_at,
        case when first_attempt_at <= $as_of then first_attempt_at end as first_attempt_at,
        case
            when second_attempt_day_at <= $as_of then second_attempt_day_at
        end as second_attempt_day_at,
        case when refused_event_at <= $as_of then refused_event_at end as refused_event_at,
        case when signed_at <= $as_of then signed_at end as signed_at,
        case when returned_at <= $as_of then returned_at end as returned_at,
        case when stuck_at <= $as_of then stuck_at end as stuck_at,
        case when delayed_at <= $as_of then delayed_at end as delayed_at,
        case when damaged_at <= $as_of then damaged_at end as damaged_at
    from intermediate.int_parcel_timelines
    where
        first_event_at <= $as_of
        and tracking_no in (select risk_orders.tracking_no from risk_orders)
),

requests as (
    select
        order_id,
        min(applied_at) as requested_at,
        min(applied_at) filter (
            where says(reason, $quality_text, $quality_negated)
        ) as quality_request_at,
        min(applied_at) filter (
            where
            says(reason, $logistics_text, $logistics_negated)
            and not says(reason, $quality_text, $quality_negated)
        ) as logistics_request_at,
        min(applied_at) filter (
            where
            regexp_matches(coalesce(reason, ''), $no_goods_reason)
            and not says(reason, $quality_text, $quality_negated)
        ) as change_of_mind_request_at,
        arg_min(mask_personal(reason), applied_at) as first_reason_masked,
        -- a state is known from the first export that showed it
        min(file_as_of) filter (
            where
            file_as_of <= $as_of
            and regexp_matches(coalesce(after_sales_status, ''), $risk_refund_agreed_status)
        ) as refund_agreed_seen_at,
        min(greatest(file_as_of, applied_at)) filter (
            where
            file_as_of <= $as_of
            and compact_status(after_sales_status) = $refusal_after_sales_status
        ) as refusal_status_seen_at
    from after_sales
    group by order_id
),

order_requests as (
    -- a refund asked for, as an orders export showed it: known from the first export that did
    select
        order_id,
        seen_as_of as orders_request_seen_at
    from intermediate.int_order_refund_requests
    where seen_as_of <= $as_of
),

order_penalties as (
    -- a bill names the order or its tracking number: two equi-joins, not one join on either
    select
        order_id,
        min(penalized_at) as penalized_at
    from (
        select
            orders.order_id,
            penalties.penalized_at
        from risk_orders as orders
        inner join penalties
            on orders.order_id = penalties.order_id
        union all
        select
            orders.order_id,
            penalties.penalized_at
        from risk_orders as orders
        inner join penalties
            on orders.tracking_no = penalties.tracking_no
    ) as billed
    group by order_id
)

select
    orders.*,
    -- what a snapshot's look-back counts the order by
    coalesce(orders.ordered_at, orders.shipped_at) as placed_at,
    parcel_events.first_courier_code,
    parcel_events.courier_known_at,
    parcel_events.event_times,
    parcel_events.first_event_at,
    parcel_events.picked_up_at,
    parcel_events.first_attempt_at,
    parcel_events.second_attempt_day_at,
    parcel_events.stuck_at,
    parcel_events.delayed_at,
    parcel_events.damaged_at,
    requests.requested_at,
    requests.quality_request_at,
    requests.logistics_request_at,
    requests.change_of_mind_request_at,
    requests.first_reason_masked,
    requests.refund_agreed_seen_at,
    order_requests.orders_request_seen_at,
    order_penalties.penalized_at,
    least(parcel_events.refused_event_at, requests.refusal_status_seen_at) as refused_at,
    least(
        parcel_events.refused_event_at,
        requests.refusal_status_seen_at,
        parcel_events.signed_at,
        parcel_events.returned_at,
        orders.receipt_confirmed_at
    ) as settled_at
from risk_orders as orders
left join parcel_events
    on orders.tracking_no = parcel_events.tracking_no
left join requests
    on orders.order_id = requests.order_id
left join order_requests
    on orders.order_id = order_requests.order_id
left join order_penalties
    on orders.order_id = order_penalties.order_id
anti join reused_numbers
    on orders.order_id = reused_numbers.order_id;

-- the orders have no reader after the parcels: their memory goes to the steps below
drop table risk_orders;

create or replace temp table risk_transits as
-- hours from pick-up (else shipping) to the first delivery attempt, of the parcels that reached
-- it, as known at that attempt: the courier named by then, a pick-up scanned before. Read once
-- per parcel: instances.load turns them into each snapshot's usual hours per route and per
-- courier (risk_route_medians, risk_courier_medians; pipelines/risk/usual_transit.py), the
-- medians of the parcels first attempted in the $risk_route_window_days days up to it. A
-- parcel counts only if it reached its first attempt within $risk_max_transit_days days of
-- shipping: so every parcel a snapshot counts shipped within its look-back, whatever as-of time
-- the query runs at (20 of 3.2M parcels at 200,000 orders a week took longer)
select
    case
        when courier_known_at <= first_attempt_at then first_courier_code else courier_code
    end as courier_code,
    province,
    first_attempt_at,
    minutes_between(transit_from, first_attempt_at) / 60.0 as transit_hours
from (
    select
        *,
        case
            when picked_up_at <= first_attempt_at then picked_up_at else shipped_at
        end as transit_from
    from risk_parcels
) as attempted
where
    first_attempt_at > transit_from
    and shipped_at > first_attempt_at - $risk_max_transit_days * interval 1 day;

create or replace temp table risk_settled_in_window as
-- each snapshot's recently settled parcels: the refusal rates it may know
select
    snapshots.snapshot_at,
    parcels.product_id,
    parcels.province,
    coalesce(parcels.refused_at <= snapshots.snapshot_at, false) as is_refused,
    parcels.settled_at > snapshots.snapshot_at - $risk_burst_days * interval 1 day
        as is_recent
from (
    -- a parcel is joined to the snapshots by the day it settled (an equality), each snapshot
    -- listing its window's days, and its times are then compared exactly: on the time ranges
    -- alone DuckDB sorted both sides (2.2 s against 1.2 s at 200,000 orders a week)
    select
        snapshot_at,
        cast(unnest(generate_series(
            cast(snapshot_at - $risk_rate_window_days * interval 1 day as date),
            cast(snapshot_at as date),
            interval 1 day
        )) as date) as day
    from risk_snapshots
) as snapshots
inner join risk_parcels as parcels
    on
        cast(parcels.settled_at as date) = snapshots.day
        and snapshots.snapshot_at >= parcels.settled_at
        and parcels.settled_at > snapshots.snapshot_at - $risk_rate_window_days * interval 1 day
        and parcels.placed_at > snapshots.snapshot_at - $risk_look_back_days * interval 1 day;

create or replace temp table risk_shop_rates as
-- each snapshot's refusal rates (shop, product, province): all the facts read of the window's
-- settled parcels, which go after them
select
    snapshot_at,
    count(*) as settled_parcels,
    count(*) filter (where is_refused) as refused_parcels
from risk_settled_in_window
group by snapshot_at;

create or replace temp table risk_product_rates as
select
    snapshot_at,
    product_id,
    count(*) as settled_parcels,
    count(*) filter (where is_refused) as refused_parcels,
    -- the last $risk_burst_days days alone: a bad batch or a review storm lasts days, and
    -- the whole window's rate dilutes it
    count(*) filter (where is_recent) as recent_settled_parcels,
    count(*) filter (where is_recent and is_refused) as recent_refused_parcels
from risk_settled_in_window
group by snapshot_at, product_id;

create or replace temp table risk_province_rates as
select
    snapshot_at,
    province,
    count(*) as settled_parcels,
    count(*) filter (where is_refused) as refused_parcels
from risk_settled_in_window
group by snapshot_at, province;

drop table risk_settled_in_window;

with

reviews as (
    select *
    from staging.stg_reviews
    where reviewed_at <= $as_of and reviewed_at > $risk_horizon_at
),

route_medians as (
    select * from risk_route_medians
),

courier_medians as (
    select * from risk_courier_medians
),

shop_rates as (
    select * from risk_shop_rates
),

product_rates as (
    select * from risk_product_rates
),

province_rates as (
    select * from risk_province_rates
),

product_reviews as (
    select
        snapshots.snapshot_at,
        reviews.product_id,
        count(*) as reviews,
        count(*) filter (where reviews.score <= 2) as low_reviews
    from risk_snapshots as snapshots
    inner join reviews
        on
            snapshots.snapshot_at >= reviews.reviewed_at
            and reviews.reviewed_at
            > snapshots.snapshot_at - $review_window_days * interval 1 day
    group by snapshots.snapshot_at, reviews.product_id
),

in_transit as (
    select
        snapshots.snapshot_days_back,
        snapshots.snapshot_at,
        snapshots.snapshot_days_back <= $risk_named_days_back as is_named,
        -- the courier named by the snapshot (the order's until an event names one)
        case
            when parcels.courier_known_at <= snapshots.snapshot_at
                then parcels.first_courier_code
            else parcels.courier_code
        end as parcel_courier_code,
        parcels.*
    from risk_snapshots as snapshots
    inner join (
        -- each parcel on the days from its shipping to its settling (at most
        -- $risk_max_transit_days): it is joined to the snapshots by day (an equality), and its
        -- times are then compared exactly. On the time ranges alone DuckDB sorted both sides
        -- (4.5 s of 7 at 200,000 orders a week); with the snapshots listing their days instead,
        -- it took the parcels in transit for few and built a later join's table of them (6.4 s)
        select
            *,
            cast(unnest(generate_series(
                cast(shipped_at as date),
                cast(
                    least(
                        settled_at, shipped_at + $risk_max_transit_days * interval 1 day
                    ) as date
                ),
                interval 1 day
            )) as date) as day
        from risk_parcels
    ) as parcels
        on
            cast(snapshots.snapshot_at as date) = parcels.day
            and snapshots.snapshot_at >= parcels.shipped_at
            and parcels.shipped_at
            > snapshots.snapshot_at - $risk_max_transit_days * interval 1 day
            and coalesce(snapshots.snapshot_at < parcels.settled_at, true)
            and parcels.placed_at > snapshots.snapshot_at - $risk_look_back_days * interval 1 day
    -- an earlier snapshot teaches only with its outcome known by the as-of time, and is scored
    -- in a replay only then too
    where snapshots.snapshot_days_back = 0 or parcels.settled_at is not null
),

final as (
    select
        in_transit.snapshot_days_back,
        in_transit.snapshot_at,
        -- the parcel's names on the rows scored (the as-of time's and the replayed days'; on
        -- every row if the caller asks, $risk_named_days_back): a fit reads a history
        -- snapshot's levels and outcomes alone, and those rows are most of the rows fetched,
        -- each name a string the frame would hold
        case when in_transit.is_named then in_transit.order_id end as order_id,
        case when in_transit.is_named then in_transit.tracking_no end as tracking_no,
        case when in_transit.is_named then in_transit.product_id end as product_id,
        case when in_transit.is_named then in_transit.province end as province,
        case when in_transit.is_named then in_transit.parcel_courier_code end as courier_code,
        in_transit.buyer_paid_yuan,
        coalesce(in_transit.is_trial_order, false)
        or coalesce(in_transit.buyer_paid_yuan <= $near_zero_yuan, false) as is_trial_or_near_zero,
        in_transit.refused_at,
        in_transit.settled_at,
        coalesce(in_transit.shipped_at > in_transit.promised_ship_by_at, false) as is_late_shipped,
        minutes_between(in_transit.shipped_at, in_transit.snapshot_at) / 60.0
            as hours_since_shipped,
        case
            when in_transit.first_event_at <= in_transit.snapshot_at then 'events'
            else 'no_events'
        end as tracking_state,
        coalesce(in_transit.picked_up_at <= in_transit.snapshot_at, false) as has_pickup,
        -- how long the parcel has been quiet: since its last event at or before the snapshot
        minutes_between(
            list_max(list_filter(in_transit.event_times, lambda t: t <= in_transit.snapshot_at)),
            in_transit.snapshot_at
        ) / 60.0 as hours_since_last_event,
        minutes_between(
            case
                when in_transit.picked_up_at <= in_transit.snapshot_at
                    then in_transit.picked_up_at
                else in_transit.shipped_at
            end,
            case
                when in_transit.first_attempt_at <= in_transit.snapshot_at
                    then in_transit.first_attempt_at
                else in_transit.snapshot_at
            end
        ) / 60.0 as transit_hours,
        case
            when coalesce(route_medians.route_parcels, 0) >= $min_route_parcels
                then route_medians.median_hours
            when coalesce(courier_medians.courier_parcels, 0) >= $min_route_parcels
                then courier_medians.median_hours
        end as usual_transit_hours,
        case
            when in_transit.second_attempt_day_at <= in_transit.snapshot_at then 'several_days'
            when in_transit.first_attempt_at <= in_transit.snapshot_at then 'attempted'
            else 'not_yet'
        end as attempt_state,
        coalesce(in_transit.stuck_at <= in_transit.snapshot_at, false) as is_stuck,
        coalesce(in_transit.delayed_at <= in_transit.snapshot_at, false) as is_delayed,
        coalesce(in_transit.damaged_at <= in_transit.snapshot_at, false) as is_damaged,
        case
            when in_transit.quality_request_at <= in_transit.snapshot_at then 'quality'
            when in_transit.logistics_request_at <= in_transit.snapshot_at then 'logistics'
            when
                in_transit.change_of_mind_request_at <= in_transit.snapshot_at
                then 'change_of_mind'
            when in_transit.requested_at <= in_transit.snapshot_at then 'other'
            else 'none'
        end as request_state,
        -- the texts a reason may quote, on the as-of time's rows alone: those are the rows
        -- explained (a fit's and a replay's rows are not), a fiftieth of the rows fetched
        case
            when
                in_transit.snapshot_days_back = 0
                and in_transit.requested_at <= in_transit.snapshot_at
                then in_transit.first_reason_masked
        end as request_reason,
        coalesce(in_transit.refund_agreed_seen_at <= in_transit.snapshot_at, false)
            as is_refund_agreed,
        coalesce(in_transit.orders_request_seen_at <= in_transit.snapshot_at, false)
            as is_orders_request,
        coalesce(in_transit.penalized_at <= in_transit.snapshot_at, false) as has_penalty,
        coalesce(regexp_matches(coalesce(in_transit.merchant_note, ''), $boost_tag), false)
            as has_boost_tag,
        in_transit.message_state,
        case
            when in_transit.snapshot_days_back = 0 then in_transit.buyer_message_masked
        end as buyer_message,
        coalesce(product_rates.settled_parcels, 0) as product_settled,
        coalesce(product_rates.refused_parcels, 0) as product_refused,
        coalesce(product_rates.recent_settled_parcels, 0) as product_recent_settled,
        coalesce(product_rates.recent_refused_parcels, 0) as product_recent_refused,
        coalesce(province_rates.settled_parcels, 0) as province_settled,
        coalesce(province_rates.refused_parcels, 0) as province_refused,
        coalesce(shop_rates.settled_parcels, 0) as shop_settled,
        coalesce(shop_rates.refused_parcels, 0) as shop_refused,
        coalesce(product_reviews.reviews, 0) as product_reviews,
        coalesce(product_reviews.low_reviews, 0) as product_low_reviews
    from in_transit
    left join route_medians
        on
            in_transit.snapshot_at = route_medians.snapshot_at
            and in_transit.parcel_courier_code = route_medians.courier_code
            and in_transit.province = route_medians.province
    left join courier_medians
        on
            in_transit.snapshot_at = courier_medians.snapshot_at
            and in_transit.parcel_courier_code = courier_medians.courier_code
    left join shop_rates
        on in_transit.snapshot_at = shop_rates.snapshot_at
    left join product_rates
        on
            in_transit.snapshot_at = product_rates.snapshot_at
            and in_transit.product_id = product_rates.product_id
    left join province_rates
        on
            in_transit.snapshot_at = province_rates.snapshot_at
            and in_transit.province = province_rates.province
    left join product_reviews
        on
            in_transit.snapshot_at = product_reviews.snapshot_at
            and in_transit.product_id = product_reviews.product_id
)

-- unsorted: instances.load sorts the rows (a sort of every wide row here ran out of DuckDB's
-- memory budget at 100,000 orders a week)
select * from final
