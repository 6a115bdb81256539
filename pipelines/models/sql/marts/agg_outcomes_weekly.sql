-- One row per ISO week (China time, Monday 00:00 to Monday 00:00): the report's headline counts.
-- Orders count in the week they were placed, parcels in the week they shipped and in the week
-- their outcome became known; last_seen_at tells the report how far the data reaches.
-- Every week from the data's first to its last is here, the empty ones too (has_data false: no
-- order placed, shipped or settled in it), and a week the data covers only part of is marked
-- (is_partial: the orders start less than a week before its Monday, so parcels ordered before
-- the data began are missing from its outcomes; or the data ends before its Sunday 22:00, the
-- rule pipelines/weeks.py COMPLETE_FROM gives for the last complete week), so the report neither
-- draws a missing week as 0 nor compares a week with a partial one.
create or replace table marts.agg_outcomes_weekly as
with

-- read where used, not copied (see int_parcel_signals)
parcels as not materialized (
    select * from marts.fct_parcels
),

placed as (
    select
        order_week as iso_week,
        count(*) as orders_placed
    from parcels
    where order_week is not null
    group by order_week
),

shipped as (
    select
        ship_week as iso_week,
        count(*) as parcels_shipped
    from parcels
    where ship_week is not null
    group by ship_week
),

settled as (
    select
        outcome_week as iso_week,
        count(*) filter (
            where outcome in ('delivered', 'refused', 'returned_undelivered')
        ) as parcels_settled,
        count(*) filter (where outcome = 'delivered') as delivered,
        count(*) filter (where outcome = 'refused') as refused,
        count(*) filter (where outcome = 'returned_undelivered') as returned_undelivered,
        max(greatest(outcome_at, shipped_at, ordered_at)) as last_seen_at
    from parcels
    where outcome_week is not null
    group by outcome_week
),

bounds as (
    select
        coalesce(min(ordered_at), min(least(ordered_at, shipped_at, outcome_at))) as orders_start,
        min(least(ordered_at, shipped_at, outcome_at)) as data_start,
        max(greatest(outcome_at, shipped_at, ordered_at)) as data_end
    from parcels
),

week_starts as (
    select
        bounds.orders_start,
        bounds.data_end,
        date_trunc('week', bounds.data_start)
        + to_days(cast(7 * span.weeks_later as integer)) as week_start
    from bounds
    cross join
        unnest(
            generate_series(
                0,
                -- both Mondays 00:00: a whole number of weeks apart
                cast(
                    minutes_between(
                        date_trunc('week', bounds.data_start), date_trunc('week', bounds.data_end)
                    ) / 10080 as integer
                )
            )
        ) as span (weeks_later)
    where bounds.data_start is not null
),

weeks as (
    select
        strftime(week_start, '%G-W%V') as iso_week,
        week_start,
        -- a week's outcomes come from the orders of the week before it too: whole only with a
        -- week of orders before it
        week_start < date_trunc('day', orders_start) + to_days(7)
        -- ...or ends before the week does (as the last complete week is judged:
        -- pipelines/weeks.py)
        or minutes_between(week_start, data_end) < (6 * 24 + 22) * 60 as is_partial
    from week_starts
),

final as (
    select
        weeks.iso_week,
        weeks.week_start,
        weeks.is_partial,
        placed.iso_week is not null
        or shipped.iso_week is not null
        or settled.iso_week is not null as has_data,
        coalesce(placed.orders_placed, 0) as orders_placed,
        coalesce(shipped.parcels_shipped, 0) as parcels_shipped,
        coalesce(settled.parcels_settled, 0) as parcels_settled,
        coalesce(settled.delivered, 0) as delivered,
        coalesce(settled.refused, 0) as refused,
        coalesce(settled.returned_undelivered, 0) as returned_undelivered,
        settled.last_seen_at
    from weeks
    left join placed
        on weeks.iso_week = placed.iso_week
    left join shipped
        on weeks.iso_week = shipped.iso_week
    left join settled
        on weeks.iso_week = settled.iso_week
)

select * from final
order by iso_week
