-- Shipped after the promised ship-by time.
create or replace table intermediate.signal_late_shipping as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '发货晚于承诺发货时间 '
        || cast(round(minutes_between(promised_ship_by_at, shipped_at) / 60.0) as integer)
        || ' 小时' as evidence_zh
    from parcels_met
    where shipped_at > promised_ship_by_at
)

select * from final
