-- One tracking number on several orders, a mark of fake shipping (虚假发货). The orders sharing it
-- are counted among all parcels, whatever became of them, not among the met ones only.
create or replace table intermediate.signal_shared_tracking_number as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

parcels_met as (
    select * from intermediate.int_parcels_met
),

tracking_sharing as (
    select
        tracking_no,
        count(distinct order_id) as orders_sharing
    from parcels
    where tracking_no is not null
    group by tracking_no
),

final as (
    select
        parcels_met.order_id,
        '同一快递单号用于 ' || tracking_sharing.orders_sharing || ' 个订单' as evidence_zh
    from parcels_met
    inner join tracking_sharing
        on parcels_met.tracking_no = tracking_sharing.tracking_no
    where tracking_sharing.orders_sharing > 1
)

select * from final
