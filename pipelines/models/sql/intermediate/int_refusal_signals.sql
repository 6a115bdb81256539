-- The signals of refused parcels only: what attribution, the report and the notebooks read.
create or replace table intermediate.int_refusal_signals as
with

parcel_signals as (
    select * from intermediate.int_parcel_signals
),

final as (
    select
        order_id,
        cause,
        signal,
        evidence_zh
    from parcel_signals
    where outcome = 'refused'
)

select * from final
