-- The weights this run gave each signal for each cause (int_signal_weights), with the registry's
-- meaning: what the run manifest records (`learned_weights`) and an analyst reads to see what the
-- shop's own data taught the attribution. One row per (signal, cause) with a weight above 0, or
-- with anchored refusals that carried the signal.
create or replace table marts.dim_signal_weights as
with

weights as (
    select * from intermediate.int_signal_weights
),

registry as (
    select * from seeds.signals
),

final as (
    select
        weights.signal,
        weights.cause,
        weights.evidence,
        weights.source,
        weights.prior_weight,
        weights.is_learned,
        round(weights.informativeness, 4) as informativeness,
        round(weights.direction, 4) as direction,
        round(weights.reliability, 4) as reliability,
        weights.reliability_checked,
        weights.reliability_agreeing,
        cast(weights.weight as double) as weight,
        weights.anchored_refusals,
        weights.anchored_with_signal,
        weights.refused_with_signal,
        weights.delivered_with_signal,
        registry.description_zh,
        registry.description_en
    from weights
    inner join registry
        on weights.signal = registry.signal
    where weights.weight > 0 or weights.anchored_with_signal > 0
)

select * from final
order by signal, cause
