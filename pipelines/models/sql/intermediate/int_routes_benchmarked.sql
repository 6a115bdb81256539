-- How long each courier usually takes on each route (to the buyer's province), from pickup (or
-- shipping) to the first delivery attempt, over all loaded history. scope 'route' is one courier
-- to one province; scope 'courier' is the courier everywhere (for orders with no province).
create or replace table intermediate.int_routes_benchmarked as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

transits as (
    select
        parcel_courier_code as courier_code,
        province,
        minutes_between(coalesce(picked_up_at, shipped_at), first_attempt_at) / 60.0
            as transit_hours
    from parcels
    where
        first_attempt_at is not null
        and coalesce(picked_up_at, shipped_at) is not null
        and first_attempt_at > coalesce(picked_up_at, shipped_at)
),

by_route as (
    select
        'route' as scope,
        courier_code,
        province,
        count(*) as parcels,
        median(transit_hours) as median_transit_hours,
        quantile_cont(transit_hours, 0.9) as p90_transit_hours
    from transits
    where province is not null
    group by courier_code, province
),

by_courier as (
    select
        'courier' as scope,
        courier_code,
        null as province,
        count(*) as parcels,
        median(transit_hours) as median_transit_hours,
        quantile_cont(transit_hours, 0.9) as p90_transit_hours
    from transits
    group by courier_code
),

final as (
    select * from by_route
    union all
    select * from by_courier
)

select * from final
