-- The tracking shows the parcel held up or not moving.
create or replace table intermediate.signal_stuck_in_transit as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '物流轨迹显示滞留或长时间未更新：' || coalesce(mask_personal(stuck_description), '')
            as evidence_zh
    from parcels_met
    where stuck_events > 0
)

select * from final
