-- Parcels that reached an outcome (delivered, refused, returned undelivered) per ISO week of the
-- outcome (China time), product, courier and province: the denominators of refusal rates, and the
-- transit times of the route heat map kept as a sum and a count so that weeks add up.
create or replace table marts.agg_parcels_weekly as
with

parcels as (
    select * from marts.fct_parcels
    where outcome in ('delivered', 'refused', 'returned_undelivered')
),

final as (
    select
        outcome_week as iso_week,
        product_id,
        courier_code,
        province,
        count(*) as parcels_settled,
        count(*) filter (where outcome = 'refused') as refused,
        count(*) filter (where outcome = 'returned_undelivered') as returned_undelivered,
        -- summed as decimals: a parallel sum of doubles ends in different last digits run to run
        coalesce(
            cast(
                sum(cast(transit_hours as decimal(18, 6))) filter (where transit_hours > 0)
                as double
            ),
            0
        ) as transit_hours_total,
        count(*) filter (where transit_hours > 0) as transit_parcels
    from parcels
    group by outcome_week, product_id, courier_code, province
)

select * from final
order by iso_week, product_id, courier_code, province
