-- A tracking number reused for a later order that was not shipped with the first one (INPUTS.md:
-- a reused number means fake shipping, 虚假发货, on the later orders). Orders shipped together
-- (合并发货: the same 发货时间 and destination) share a number legitimately and never fire.
create or replace table intermediate.signal_shared_tracking_number as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

final as (
    select
        order_id,
        '快递单号此前已为订单 ' || tracking_no_first_order_id
        || coalesce('（' || cast(tracking_no_first_shipped_at as varchar) || ' 发货）', '')
        || '使用，本单重复使用该单号（共 ' || tracking_no_orders || ' 个订单）' as evidence_zh
    from parcels
    where is_later_on_reused_tracking_no
)

select * from final
