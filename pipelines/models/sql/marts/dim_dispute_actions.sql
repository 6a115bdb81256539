-- The ways of dealing with a refused order (the article's 纠纷处理), in the order the report lists
-- them: what each needs gathered (a dispute, whatever its cause: 订单号、快递单号、拒收原因 and the
-- tracking events; a courier claim: the tracking and the damage) and, for a dispute, the message
-- to send, with {order_id}, {tracking_no} and {reason} filled in per order.
create or replace table marts.dim_dispute_actions as
with

actions as (
    select * from seeds.dispute_actions
),

final as (
    select
        action,
        cast(action_order as integer) as action_order,
        action_zh,
        -- seeds are text, and an empty cell may load as '' or as null: both mean nothing
        nullif(evidence_to_gather_zh, '') as evidence_to_gather_zh,
        nullif(message_zh, '') as message_zh
    from actions
)

select * from final
order by action_order
