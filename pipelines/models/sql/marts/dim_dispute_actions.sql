-- The three ways of dealing with a refused order (the article's 纠纷处理), in the order the report
-- lists them, with what a dispute needs gathered whatever its cause (the article: 订单号、快递单号、
-- 拒收原因, plus the tracking events); only contesting gathers anything.
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
        nullif(evidence_to_gather_zh, '') as evidence_to_gather_zh
    from actions
)

select * from final
order by action_order
