-- Refusals still open in the 仅退款 flow at the end of an ISO week (China time), for every week:
-- the report takes one iso_week. A week looks back over its last $lookback_weeks weeks of
-- refusals and lists each one whose parcel is not back with the merchant $usual_return_days days
-- after the refusal, whose refund is not closed (a status matching $closed_refund_status is), or
-- whose buyer never applied for a refund. Returns and refunds are judged by the data as it is
-- now, whichever week the list is for.
create or replace table marts.fct_loose_ends as
with

refusals as (
    select * from marts.fct_refusals
    where refused_at is not null
),

couriers as (
    select * from marts.dim_couriers
),

weeks_shown_in as (
    -- the refusal's own week and the weeks after it whose lookback still reaches it
    select
        refusals.*,
        date_trunc('week', refusals.refused_at)
        + to_days(cast(7 * lookback.weeks_later as integer)) as week_start
    from refusals
    cross join
        unnest(generate_series(0, cast($lookback_weeks as integer) - 1)) as lookback (weeks_later)
),

week_ends as (
    select
        *,
        week_start + to_days(7) as week_end
    from weeks_shown_in
),

judged as (
    select
        *,
        return_signed_at is null
        and refused_at < week_end - to_days(cast($usual_return_days as integer))
            as is_overdue_return,
        after_sales_latest_status is not null
        and not regexp_matches(after_sales_latest_status, $closed_refund_status)
            as is_refund_open,
        after_sales_latest_status is null as has_no_refund_request
    from week_ends
),

final as (
    select
        strftime(judged.week_start, '%G-W%V') as iso_week,
        judged.order_id,
        judged.refused_at,
        -- whole days from the refusal to the end of the week
        cast(floor((epoch(judged.week_end) - epoch(judged.refused_at)) / 86400) as integer)
            as days_out,
        judged.courier_code,
        coalesce(couriers.courier_name, judged.courier_code) as courier_name,
        judged.tracking_no,
        judged.product_title,
        judged.buyer_paid_yuan,
        judged.after_sales_latest_status,
        judged.is_overdue_return,
        judged.is_refund_open,
        judged.has_no_refund_request
    from judged
    left join couriers
        on judged.courier_code = couriers.courier_code
    where judged.is_overdue_return or judged.is_refund_open or judged.has_no_refund_request
)

select * from final
order by iso_week, refused_at, order_id
