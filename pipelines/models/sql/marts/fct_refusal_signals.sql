-- One row per refused order and signal that fired on it, whichever cause won the order: the
-- evidence behind the report's rule-violation section and the worklist's misunderstandings, and
-- the explore notebook's drill-down into one order. cause is the signal's cause,
-- attributed_cause the one the order was given; is_counted whether the run weighed the signal
-- above 0 (one as common among delivered parcels is not).
create or replace table marts.fct_refusal_signals as
with

signals as (
    select * from intermediate.int_refusal_signals
),

refusals as (
    select * from marts.fct_refusals
),

causes as (
    select * from seeds.causes
),

weights as (
    select * from intermediate.int_signal_weights
),

counted as (
    -- a signal counts when this run weighs it above 0 for some cause
    select
        signal,
        max(weight) > 0 as is_counted
    from weights
    group by signal
),

final as (
    select
        signals.order_id,
        refusals.refusal_week,
        refusals.refused_at,
        refusals.product_title,
        signals.cause,
        signals.signal,
        signals.evidence_zh,
        refusals.cause as attributed_cause,
        causes.label_zh as attributed_cause_zh,
        coalesce(counted.is_counted, false) as is_counted
    from signals
    inner join refusals
        on signals.order_id = refusals.order_id
    inner join causes
        on refusals.cause = causes.cause
    left join counted
        on signals.signal = counted.signal
)

select * from final
order by order_id, cause, signal
