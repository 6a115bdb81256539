-- The tracking reports the parcel damaged.
create or replace table intermediate.signal_damaged_in_transit as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '物流轨迹显示包裹破损：' || coalesce(mask_personal(damage_description), '') as evidence_zh
    from parcels_met
    where damaged_events > 0
)

select * from final
