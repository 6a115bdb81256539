-- Tracking that never shows the courier picking the parcel up, a mark of fake tracking (虚假轨迹).
create or replace table intermediate.signal_no_pickup_event as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '物流轨迹没有揽收记录（' || event_count || ' 条轨迹）' as evidence_zh
    from parcels_met
    where has_tracking and picked_up_at is null
)

select * from final
