-- Transit far longer than usual for the courier: against its median on the parcel's route
-- (province), or its median overall when the route has too few parcels to go by.
create or replace table intermediate.signal_slow_transit as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

routes as (
    select * from intermediate.int_routes_benchmarked
),

transit_times as (
    select
        parcels_met.order_id,
        parcels_met.province,
        parcels_met.parcel_courier_code,
        minutes_between(
            coalesce(parcels_met.picked_up_at, parcels_met.shipped_at), parcels_met.met_at
        ) / 60.0 as transit_hours,
        coalesce(route.median_transit_hours, courier.median_transit_hours) as usual_hours
    from parcels_met
    left join routes as route
        on
            parcels_met.parcel_courier_code = route.courier_code
            and route.scope = 'route'
            and parcels_met.province = route.province
            and route.parcels >= $min_route_parcels
    left join routes as courier
        on
            parcels_met.parcel_courier_code = courier.courier_code
            and courier.scope = 'courier'
            and courier.parcels >= $min_route_parcels
),

final as (
    select
        order_id,
        '运输 ' || cast(round(transit_hours) as integer) || ' 小时，是该快递'
        || coalesce('到' || province, '') || '常见时长（中位数 '
        || cast(round(usual_hours) as integer) || ' 小时）的 '
        || cast(round(transit_hours / nullif(usual_hours, 0), 1) as varchar) || ' 倍' as evidence_zh
    from transit_times
    where usual_hours > 0 and transit_hours > $slow_transit_ratio * usual_hours
)

select * from final
