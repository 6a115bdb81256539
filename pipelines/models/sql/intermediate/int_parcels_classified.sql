-- Every order with what became of its parcel. A refusal needs refusal evidence (tracking code,
-- refusal wording, or the platform's refusal-refund status) and no signature after it; a parcel
-- sent back for another reason (address, unreachable, intercepted, uncollected) is returned
-- undelivered, not refused.
create or replace table intermediate.int_parcels_classified as
with

orders as (
    select * from intermediate.int_orders_deduplicated
),

shipments as (
    select * from intermediate.int_shipments_summarized
),

after_sales as (
    select * from intermediate.int_after_sales_summarized
),

joined as (
    select
        orders.*,
        shipments.tracking_no is not null as has_tracking,
        coalesce(shipments.courier_code, orders.courier_code) as parcel_courier_code,
        shipments.event_count,
        shipments.picked_up_at,
        shipments.first_attempt_at,
        shipments.attempt_days,
        shipments.refused_at as tracking_refused_at,
        shipments.has_refusal_code,
        shipments.has_refusal_text,
        shipments.refusal_description,
        shipments.signed_at,
        shipments.returning_at,
        shipments.return_signed_at,
        shipments.stuck_events,
        shipments.damaged_events,
        shipments.delayed_events,
        shipments.delayed_code_events,
        shipments.damage_description,
        shipments.stuck_description,
        shipments.undelivered_reason,
        shipments.first_event_at,
        shipments.last_event_at,
        after_sales.order_id is not null as has_after_sales,
        after_sales.first_applied_at,
        after_sales.reasons as after_sales_reasons,
        after_sales.request_types as after_sales_types,
        after_sales.latest_status as after_sales_latest_status,
        coalesce(after_sales.has_refusal_refund_status, false) as has_refusal_refund_status,
        after_sales.refund_yuan
    from orders
    left join shipments
        on orders.tracking_no = shipments.tracking_no
    left join after_sales
        on orders.order_id = after_sales.order_id
),

with_refusal as (
    select
        *,
        (
            tracking_refused_at is not null
            -- a parcel signed for after the "refusal" (and not on its way back) was accepted
            and not coalesce(signed_at > tracking_refused_at and returning_at is null, false)
        ) or has_refusal_refund_status as is_refused
    from joined
),

final as (
    select
        *,
        case
            when is_refused then 'refused'
            when returning_at is not null or (undelivered_reason is not null and signed_at is null)
                then 'returned_undelivered'
            when signed_at is not null or order_status = '已签收' then 'delivered'
            when shipped_at is not null or has_tracking then 'in_transit'
            when order_status in ('已取消', '未发货，退款成功') then 'cancelled'
            else 'not_shipped'
        end as outcome,
        case
            when is_refused then coalesce(tracking_refused_at, first_applied_at, last_event_at)
        end as refused_at,
        case
            when has_refusal_code then 'tracking_code'
            when has_refusal_text then 'tracking_text'
            when has_refusal_refund_status then 'after_sales_status'
        end as refusal_evidence_source
    from with_refusal
)

select * from final
