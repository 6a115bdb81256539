-- Refusals still open in the 仅退款 flow at the end of an ISO week (China time), for every week:
-- the report takes one iso_week. A week looks back over its last $lookback_weeks weeks of
-- refusals and lists each one whose parcel is not back with the merchant $usual_return_days days
-- after the refusal, whose refund is not closed (a status matching $closed_refund_status is), or
-- whose buyer never applied for a refund. Returns and refunds are judged by the data as it is
-- now, whichever week the list is for.
-- Each row says what the merchant does next (next_step, the first that applies):
--   chase_courier    the parcel is overdue: chase the courier, whatever the refund's state
--   agree_refund     the parcel is back and the refund waits for the merchant
--                    (a status matching $awaiting_merchant_status)
--   wait_for_return  the refund waits for the merchant, the parcel is still on its way back
--   follow_refund    the refund is open but not the merchant's turn (agreed, rejected, platform)
--   contact_buyer    the buyer never applied for a refund
-- A request waiting for the merchant is agreed by the platform $refund_auto_agree_hours hours
-- after the buyer applied (auto_confirm_at): an assumed platform rule, not a measurement. The
-- request is the order's latest after-sales request, the one whose status the refusal carries.
create or replace table marts.fct_loose_ends as
with

refusals as (
    select * from marts.fct_refusals
    where refused_at is not null
),

couriers as (
    select * from marts.dim_couriers
),

after_sales as (
    select * from {{ as_of("staging.stg_after_sales") }}
),

refund_requests as (
    -- when the order's latest request was applied for: after_sales_latest_status is its status
    -- (int_after_sales_summarized)
    select
        order_id,
        max(applied_at) as refund_applied_at
    from after_sales
    group by order_id
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

decided as (
    select
        judged.*,
        refund_requests.refund_applied_at,
        judged.is_refund_open
        and regexp_matches(judged.after_sales_latest_status, $awaiting_merchant_status)
            as is_awaiting_merchant
    from judged
    left join refund_requests
        on judged.order_id = refund_requests.order_id
    where judged.is_overdue_return or judged.is_refund_open or judged.has_no_refund_request
),

stepped as (
    select
        *,
        case
            when is_overdue_return then 'chase_courier'
            when is_awaiting_merchant and return_signed_at is not null then 'agree_refund'
            when is_awaiting_merchant then 'wait_for_return'
            when is_refund_open then 'follow_refund'
            else 'contact_buyer'
        end as next_step,
        case
            when is_awaiting_merchant
                then
                    refund_applied_at
                    + interval 1 hour * cast($refund_auto_agree_hours as integer)
        end as auto_confirm_at
    from decided
),

final as (
    select
        strftime(stepped.week_start, '%G-W%V') as iso_week,
        stepped.order_id,
        stepped.refused_at,
        -- whole days from the refusal to the end of the week
        cast(floor((epoch(stepped.week_end) - epoch(stepped.refused_at)) / 86400) as integer)
            as days_out,
        stepped.courier_code,
        coalesce(couriers.courier_name, stepped.courier_code) as courier_name,
        stepped.tracking_no,
        stepped.product_title,
        stepped.buyer_paid_yuan,
        stepped.after_sales_latest_status,
        stepped.return_signed_at,
        stepped.refund_applied_at,
        stepped.auto_confirm_at,
        stepped.next_step,
        case stepped.next_step
            when 'chase_courier'
                then
                    '包裹拒收后超过 ' || $usual_return_days
                    || ' 天仍未退回：联系快递催退回、查件；丢件或破损找快递索赔'
            when 'agree_refund' then '包裹已退回：立即同意退款'
            when 'wait_for_return'
                then '等包裹退回后同意退款；到自动同意时限仍未退回，先联系快递查件'
            when 'follow_refund' then '退款处理中（见售后状态）：跟进到完结，卡住时联系买家或平台客服'
            when 'contact_buyer' then '买家未申请退款：联系买家问清拒收原因，确认退款还是重发'
        end as next_step_zh,
        stepped.is_overdue_return,
        stepped.is_refund_open,
        stepped.has_no_refund_request
    from stepped
    left join couriers
        on stepped.courier_code = couriers.courier_code
)

select * from final
order by iso_week, refused_at, order_id
