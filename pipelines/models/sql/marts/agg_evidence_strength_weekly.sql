-- How much each cause's refusals rest on, per ISO week: strong evidence (a confidence of at least
-- $strong_evidence_confidence: right 98% of the time or more on our generator's scenario families,
-- 75-97% on the shops simulated apart from this project, README) or thin (below it, which every
-- cause resting on the buyer's word alone is, or the shop-wide fallback with no evidence at all).
create or replace table marts.agg_evidence_strength_weekly as
with

refusals as (
    select * from marts.fct_refusals
),

causes as (
    select * from seeds.causes
),

final as (
    select
        refusals.refusal_week as iso_week,
        refusals.cause,
        any_value(causes.label_zh) as cause_zh,
        any_value(causes.priority) as cause_priority,
        count(*) as refusals,
        count(*) filter (
            where not refusals.is_fallback and refusals.confidence >= $strong_evidence_confidence
        ) as strong_evidence_refusals,
        count(*) filter (
            where refusals.is_fallback or refusals.confidence < $strong_evidence_confidence
        ) as thin_evidence_refusals,
        count(*) filter (where refusals.is_fallback) as no_evidence_refusals
    from refusals
    inner join causes
        on refusals.cause = causes.cause
    group by refusals.refusal_week, refusals.cause
)

select * from final
