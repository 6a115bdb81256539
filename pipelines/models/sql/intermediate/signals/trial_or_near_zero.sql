-- A lottery or ¥0 trial order, or one paid next to nothing: the marks of boosted orders.
create or replace table intermediate.signal_trial_or_near_zero as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        case
            when is_trial_order then '抽奖/0元试用订单'
            else '实付仅 ¥' || buyer_paid_yuan
        end as evidence_zh
    from parcels_met
    where is_trial_order or buyer_paid_yuan <= $near_zero_yuan
)

select * from final
