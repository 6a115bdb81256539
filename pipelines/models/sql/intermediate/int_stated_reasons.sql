-- What each stated reason says (int_parcels_met.stated_reason: the refusal in tracking, the
-- after-sales reasons, the buyer's message): for every wording pattern of rules.toml that the
-- stated-reason signals read (_stated_reason.jinja) and the word reader leaves alone
-- (int_reasons_read), whether the text says it, the pattern's denials taken out first (the
-- `says` macro). Buyers and couriers reuse their phrasings (at 1M orders, 820,000 parcels met
-- their buyers with 6,900 distinct reasons), so every pattern reads each text once and the
-- readers pick the meanings up by joining on the text, as int_tracking_events_coded does with
-- the couriers' scans: the six signals and the reader read every parcel's reason against
-- twelve patterns before, 3.4 s at 1M orders.
{%- set patterns = ["quality", "inspection", "logistics", "review", "changed_mind", "violation"] %}
create or replace table intermediate.int_stated_reasons as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

reasons as (
    select distinct stated_reason from parcels_met
),

final as (
    select
        stated_reason,
        {%- for pattern in patterns %}
        says(stated_reason, ${{ pattern }}_text, ${{ pattern }}_negated) as says_{{ pattern }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from reasons
)

select * from final
