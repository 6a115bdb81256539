-- One row per refused order with what to do about it (the article's 纠纷处理), for every week:
-- worklist.csv and the report take one refusal_week. The action is the first row of the rule
-- table seeds/dispute_rules.csv that the order matches, on four facts about it:
--   refund_state  refunded (status matches $refunded_status), back_refund_open (the parcel is
--                 back with the merchant and the refund is not closed: $closed_refund_status), open
--   fault         merchant or courier: who a counted signal blames (seeds/signal_faults.csv), for
--                 an explicit signal always, for a context signal when it points at the order's
--                 cause; merchant before courier; none otherwise
--   order_size    small below $small_order_yuan paid (an unknown amount is not small), else large
--   buyer_intent  unclear when the buyer asked for a refund before delivery, when nothing
--                 explains the refusal, or below $min_contest_confidence; else stated
-- So the merchant never contests a refusal it caused (it refunds and fixes the cause), a courier's
-- fault is claimed from the courier, and only a refusal no one's fault explains is contested, with
-- what to gather and a message to send.
{% from "_text.jinja" import sorted_distinct %}
create or replace table marts.fct_dispute_worklist as
with

refusals as (
    select * from marts.fct_refusals
),

signals as (
    select * from marts.fct_refusal_signals
),

registry as (
    select * from seeds.signals
),

signal_faults as (
    select * from seeds.signal_faults
),

rules as (
    select
        rule,
        cast(rule_order as integer) as rule_order,
        refund_state,
        fault,
        order_size,
        buyer_intent,
        action
    from seeds.dispute_rules
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

blamed as (
    -- the counted signals that blame someone for this order's refusal
    select
        signals.order_id,
        signal_faults.fault,
        -- what the merchant fixes: only its own faults' fixes are told
        case
            when signal_faults.fault = 'merchant' then nullif(signal_faults.fix_zh, '')
        end as merchant_fix_zh
    from signals
    inner join registry
        on signals.signal = registry.signal
    inner join signal_faults
        on signals.signal = signal_faults.signal
    where
        signals.is_counted
        and signal_faults.fault in ('merchant', 'courier')
        and (registry.evidence = 'explicit' or signals.cause = signals.attributed_cause)
),

faults as (
    select
        order_id,
        case when bool_or(fault = 'merchant') then 'merchant' else 'courier' end as fault,
        {{ sorted_distinct('merchant_fix_zh', '；') }} as fix_zh
    from blamed
    group by order_id
),

cancelled_before_delivery as (
    -- a refund asked for before the parcel came, for a reason not about the goods or unknown
    select distinct order_id
    from signals
    where signal in ('cancel_before_delivery', 'refund_asked_before_delivery') and is_counted
),

facts as (
    select
        refusals.*,
        -- a double, as worklist.csv has always written it (257.0)
        cast(coalesce(refusals.buyer_paid_yuan, refusals.goods_total_yuan) as double)
            as paid_yuan,
        case
            when regexp_matches(coalesce(refusals.after_sales_latest_status, ''), $refunded_status)
                then 'refunded'
            when
                refusals.return_signed_at is not null
                and refusals.after_sales_latest_status is not null
                and not regexp_matches(refusals.after_sales_latest_status, $closed_refund_status)
                then 'back_refund_open'
            else 'open'
        end as refund_state,
        coalesce(faults.fault, 'none') as fault,
        faults.fix_zh,
        case
            when
                cast(coalesce(refusals.buyer_paid_yuan, refusals.goods_total_yuan) as double)
                < $small_order_yuan
                then 'small'
            else 'large'
        end as order_size,
        case
            when
                cancelled_before_delivery.order_id is not null
                or refusals.is_fallback
                or refusals.confidence < $min_contest_confidence
                then 'unclear'
            else 'stated'
        end as buyer_intent,
        cancelled_before_delivery.order_id is not null as is_cancelled_before_delivery
    from refusals
    left join faults
        on refusals.order_id = faults.order_id
    left join cancelled_before_delivery
        on refusals.order_id = cancelled_before_delivery.order_id
),

matched as (
    select
        facts.order_id,
        rules.rule,
        rules.action,
        row_number() over (partition by facts.order_id order by rules.rule_order) as rank_in_order
    from facts
    inner join rules
        on
            rules.refund_state in ('any', facts.refund_state)
            and rules.fault in ('any', facts.fault)
            and rules.order_size in ('any', facts.order_size)
            and rules.buyer_intent in ('any', facts.buyer_intent)
),

decided as (
    select
        facts.*,
        matched.rule,
        matched.action
    from facts
    inner join matched
        on facts.order_id = matched.order_id and matched.rank_in_order = 1
),

gathered as (
    select
        decided.*,
        actions.action_zh,
        case
            when actions.evidence_to_gather_zh is null then ''
            when decided.action = 'contest_with_evidence'
                then
                    concat_ws(
                        '、',
                        actions.evidence_to_gather_zh,
                        nullif(cause_evidence.evidence_to_gather_zh, '')
                    )
            else actions.evidence_to_gather_zh
        end as evidence_to_gather,
        actions.message_zh
    from decided
    inner join actions
        on decided.action = actions.action
    left join cause_evidence
        on decided.cause = cause_evidence.cause
),

final as (
    select
        gathered.refusal_week,
        gathered.order_id,
        gathered.action,
        gathered.action_zh,
        gathered.rule,
        gathered.refund_state,
        gathered.fault,
        gathered.paid_yuan as buyer_paid_yuan,
        gathered.cause,
        causes.label_zh as cause_zh,
        gathered.confidence,
        gathered.evidence_to_gather,
        -- the step in one sentence: the action, then what it needs
        gathered.action_zh || case
            when gathered.action = 'refund_and_fix' and gathered.fix_zh is not null
                then '：' || gathered.fix_zh
            when gathered.evidence_to_gather <> ''
                then '。准备：' || gathered.evidence_to_gather
            else ''
        end as next_step_zh,
        case
            when gathered.message_zh is null then ''
            else
                replace(
                    replace(
                        replace(gathered.message_zh, '{order_id}', gathered.order_id),
                        '{tracking_no}', coalesce(gathered.tracking_no, '（无）')
                    ),
                    '{reason}', causes.label_zh || '，' || gathered.evidence
                )
        end as contest_message_zh,
        gathered.evidence,
        gathered.refused_at,
        gathered.tracking_no,
        gathered.courier_code,
        gathered.product_id,
        gathered.product_title,
        gathered.after_sales_latest_status,
        gathered.return_signed_at,
        gathered.is_fallback,
        gathered.is_cancelled_before_delivery
    from gathered
    inner join causes
        on gathered.cause = causes.cause
)

select * from final
order by refusal_week asc, buyer_paid_yuan desc nulls last, order_id asc
