-- The evidence behind each refusal: one row per (parcel, signal that fired), each signal one named
-- fact pointing to one cause, with the words a merchant reads. A signal is one model,
-- signals/<signal>.sql, and one row of the registry, seeds/signals.csv (its cause, weight and
-- meaning): this union is rendered from the registry (pipelines/models/signals.py), so that adding
-- a signal takes that model and that row and nothing else. Signals are computed for delivered
-- parcels too, so that a fact just as common among them (int_signal_weights) can be
-- counted for less.
create or replace table intermediate.int_parcel_signals as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

registry as (
    select * from seeds.signals
),

fired as (
    {%- for row in signals %}
    select
        order_id,
        '{{ row.signal }}' as signal,
        evidence_zh
    from intermediate.signal_{{ row.signal }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        fired.order_id,
        parcels.outcome,
        registry.cause,
        fired.signal,
        fired.evidence_zh
    from fired
    inner join registry
        on fired.signal = registry.signal
    inner join parcels
        on fired.order_id = parcels.order_id
)

select * from final
