-- An orders export taken before the parcel reached the buyer already showed an after-sales
-- request (售后处理中, 退款中, 退款成功): the buyer asked for the money back before seeing the
-- goods. The export gives no reason, so where the after-sales export holds a request from before
-- the delivery, its reason decides (cancel_before_delivery) and this signal stays silent. What
-- such a request points at is learned from the shop's anchors (int_signal_weights). An export is
-- dated by the latest time it holds (file_as_of), a little before it was taken; a parcel met in
-- that gap with a request made after it would count, which weekly exports make rare.
create or replace table intermediate.signal_refund_asked_before_delivery as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

requests_seen as (
    select * from intermediate.int_order_refund_requests
),

final as (
    select
        parcels_met.order_id,
        '派送前的订单导出（截至 ' || left(cast(requests_seen.seen_as_of as varchar), 16)
        || '）已显示售后「' || requests_seen.after_sales_status || '」，原因不明' as evidence_zh
    from parcels_met
    inner join requests_seen
        on parcels_met.order_id = requests_seen.order_id
    where
        requests_seen.seen_as_of < parcels_met.met_at
        and not coalesce(parcels_met.first_applied_at < parcels_met.met_at, false)
)

select * from final
