-- One row per refused order with what to do about it (the article's 纠纷处理), for every week:
-- worklist.csv and the report take one refusal_week. Orders the buyer paid less than
-- $small_order_yuan for are refunded directly (a dispute costs more than it can save); where the
-- evidence points to a misunderstanding (the buyer asked for a refund before delivery, or there
-- is no evidence at all) the buyer is contacted; the rest are contested with evidence, and list
-- what to gather: what every dispute needs, then what the order's cause needs.
create or replace table marts.fct_dispute_worklist as
with

refusals as (
    select * from marts.fct_refusals
),

signals as (
    select * from marts.fct_refusal_signals
),

actions as (
    select * from marts.dim_dispute_actions
),

causes as (
    select * from seeds.causes
),

cause_evidence as (
    select * from seeds.evidence_to_gather
),

cancelled_before_delivery as (
    select distinct order_id
    from signals
    where signal = 'cancel_before_delivery'
),

paid as (
    select
        refusals.*,
        -- a double, as worklist.csv has always written it (257.0)
        cast(coalesce(refusals.buyer_paid_yuan, refusals.goods_total_yuan) as double)
            as paid_yuan,
        cancelled_before_delivery.order_id is not null as is_cancelled_before_delivery
    from refusals
    left join cancelled_before_delivery
        on refusals.order_id = cancelled_before_delivery.order_id
),

decided as (
    select
        *,
        case
            -- an unknown amount is not small
            when paid_yuan < $small_order_yuan then 'refund_directly'
            when is_cancelled_before_delivery or is_fallback then 'contact_buyer'
            else 'contest_with_evidence'
        end as action
    from paid
),

final as (
    select
        decided.refusal_week,
        decided.order_id,
        decided.action,
        actions.action_zh,
        decided.paid_yuan as buyer_paid_yuan,
        decided.cause,
        causes.label_zh as cause_zh,
        decided.confidence,
        case
            when actions.evidence_to_gather_zh is null then ''
            else
                concat_ws(
                    '、',
                    actions.evidence_to_gather_zh,
                    nullif(cause_evidence.evidence_to_gather_zh, '')
                )
        end as evidence_to_gather,
        decided.evidence,
        decided.refused_at,
        decided.tracking_no,
        decided.courier_code,
        decided.product_id,
        decided.product_title,
        decided.is_fallback,
        decided.is_cancelled_before_delivery
    from decided
    inner join actions
        on decided.action = actions.action
    inner join causes
        on decided.cause = causes.cause
    left join cause_evidence
        on decided.cause = cause_evidence.cause
)

select * from final
order by refusal_week asc, buyer_paid_yuan desc nulls last, order_id asc
