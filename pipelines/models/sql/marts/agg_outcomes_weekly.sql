-- One row per ISO week (China time, Monday 00:00 to Monday 00:00): the report's headline counts.
-- Orders count in the week they were placed, parcels in the week they shipped and in the week
-- their outcome became known; last_seen_at tells the report how far the data reaches.
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

weeks as (
    select iso_week from placed
    union
    select iso_week from shipped
    union
    select iso_week from settled
),

final as (
    select
        weeks.iso_week,
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
