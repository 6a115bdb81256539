-- The orders an export showed with a refund asked for (售后状态 售后处理中, 退款中, 退款成功), each
-- with the first such export, dated by the latest time it holds (file_as_of), and the status it
-- showed. Read by the signal refund_asked_before_delivery (asked before the parcel met the buyer)
-- and by the risk query (asked while the parcel is on its way, as known at each snapshot).
create or replace table intermediate.int_order_refund_requests as
with

order_versions as (
    select * from {{ as_of("staging.stg_orders") }}
),

final as (
    select
        order_id,
        min(file_as_of) as seen_as_of,
        arg_min(
            after_sales_status, { 'as_of': file_as_of, 'status': after_sales_status }
        ) as after_sales_status
    from order_versions
    where
        file_as_of is not null
        and regexp_matches(compact_status(after_sales_status), $refund_requested_status)
    group by order_id
)

select * from final
