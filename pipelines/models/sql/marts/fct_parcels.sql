-- One row per order with its parcel's outcome, dated for weekly reporting (ISO weeks, China time).
-- outcome_at is when the outcome became known: refused, signed, sent back, or else last news.
-- Kept by key (models/runner.py), as the parcels it dates are.
{% call keyed_by("order_id") %}
select order_id from {{ changed_keys("intermediate.int_parcels_classified") }}
{% endcall %}
create or replace table marts.fct_parcels as
with

parcels as (
    select * from intermediate.int_parcels_classified
    where {{ rebuilt_keys_only("order_id") }}
),

dated as (
    select
        *,
        case outcome
            when 'refused' then refused_at
            when 'delivered' then coalesce(signed_at, receipt_confirmed_at, last_event_at)
            when 'returned_undelivered' then coalesce(returning_at, last_event_at)
            else coalesce(last_event_at, shipped_at, ordered_at)
        end as outcome_at
    from parcels
),

final as (
    select
        order_id,
        outcome,
        order_status,
        ordered_at,
        strftime(ordered_at, '%G-W%V') as order_week,
        shipped_at,
        strftime(shipped_at, '%G-W%V') as ship_week,
        outcome_at,
        strftime(outcome_at, '%G-W%V') as outcome_week,
        undelivered_reason,
        tracking_no,
        parcel_courier_code as courier_code,
        province,
        city,
        product_id,
        product_title,
        style_id,
        line_count,
        quantity,
        goods_total_yuan,
        shipping_fee_yuan,
        buyer_paid_yuan,
        merchant_received_yuan,
        is_trial_order,
        picked_up_at,
        first_attempt_at,
        minutes_between(coalesce(picked_up_at, shipped_at), first_attempt_at) / 60.0
            as transit_hours,
        return_signed_at,
        has_after_sales,
        after_sales_latest_status,
        refund_yuan
    from dated
)

select * from final
