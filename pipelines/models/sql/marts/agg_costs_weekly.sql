-- What refusals cost, per ISO week of the refusal (China time), cause, product, courier and
-- province: the grain of agg_refusals_weekly, so that the report can sum a week per cause and
-- rank the products and routes within a cause. Per refused parcel the freight out and back
-- ($forward_freight_yuan, $return_freight_yuan), the margin of goods that came back unsold
-- ($margin_share of the goods value) and the platform's compensation bills (from the penalties
-- export; 0 without it). Doubles, added in the order the parts are listed: the figures the report
-- has always shown, to the last digit.
create or replace table marts.agg_costs_weekly as
with

refusals_weekly as (
    select * from marts.agg_refusals_weekly
),

parts as (
    select
        *,
        refusals * cast($forward_freight_yuan as double) as forward_freight_yuan,
        refusals * cast($return_freight_yuan as double) as return_freight_yuan,
        cast(goods_total_yuan as double) * cast($margin_share as double) as lost_margin_yuan,
        cast(penalty_yuan as double) as compensation_yuan
    from refusals_weekly
),

final as (
    select
        *,
        forward_freight_yuan + return_freight_yuan + lost_margin_yuan + compensation_yuan
            as cost_yuan
    from parts
)

select * from final
order by iso_week, cause, product_id, courier_code, province
