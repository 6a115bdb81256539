-- One row per order with after-sales records: what the buyer asked for, when, and why.
{% from "_text.jinja" import sorted_distinct %}
create or replace table intermediate.int_after_sales_summarized as
with

after_sales as (
    select * from {{ as_of("staging.stg_after_sales") }}
),

latest_requests as (
    select *
    from after_sales
    qualify row_number() over (
        partition by after_sales_id order by file_as_of desc, source_file desc, source_row desc
    ) = 1
),

refusal_refunds as (
    -- Read from every export, not the latest: a refusal stays a refusal, and the refund
    -- completing (退款成功) in a later export is its normal next step, not a retraction.
    select
        order_id,
        min(applied_at) as refusal_refund_applied_at
    from after_sales
    where compact_status(after_sales_status) = $refusal_after_sales_status
    group by order_id
),

summarized as (
    select
        order_id,
        count(*) as request_count,
        min(applied_at) as first_applied_at,
        {{ sorted_distinct('reason', '；') }} as reasons,
        {{ sorted_distinct('after_sales_type', '；') }} as request_types,
        arg_max(
            after_sales_status,
            { 'at': applied_at, 'status': coalesce(after_sales_status, '') }
        ) filter (where applied_at is not null) as latest_status,
        sum(refund_yuan) as refund_yuan,
        bool_or(after_sales_status in ('退款成功')) as is_refunded
    from latest_requests
    group by order_id
),

final as (
    select
        summarized.order_id,
        summarized.request_count,
        summarized.first_applied_at,
        refusal_refunds.order_id is not null as has_refusal_refund_status,
        refusal_refunds.refusal_refund_applied_at,
        summarized.reasons,
        summarized.request_types,
        summarized.latest_status,
        summarized.refund_yuan,
        summarized.is_refunded
    from summarized
    left join refusal_refunds
        on summarized.order_id = refusal_refunds.order_id
)

select * from final
