-- What the refusal and after-sales reasons say in words no pattern of rules.toml lists, read by the
-- word reader (intermediate/_word_reader.jinja): a buyer or courier says the same thing many ways,
-- and a pattern reads only the ways it lists. Only texts that none of the wording patterns reads
-- (quality, inspection, logistics, review, changed_mind, violation, tested on the parcel's whole
-- stated_reason) are read, so the reader never overrides a pattern; the buyer's message on the
-- order is not read (written before the parcel left, it asks for things rather than explains a
-- refusal). One row per text the reader gives a cause with at least $reader_min_probability.
{% from "intermediate/_word_reader.jinja" import word_readings %}
create or replace table intermediate.int_reasons_read as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

unread as (
    select distinct concat_ws('；', refusal_description, after_sales_reasons) as text
    from parcels_met
    where
        coalesce(refusal_description, after_sales_reasons) is not null
        {%- for pattern in ["quality", "inspection", "logistics", "review", "changed_mind", "violation"] %}
        and not says(stated_reason, ${{ pattern }}_text, ${{ pattern }}_negated)
        {%- endfor %}
),

readings as (
    {{ word_readings("unread") | indent(4) }}
),

final as (
    select
        text,
        cause,
        probability
    from readings
    where cause <> 'none' and probability >= $reader_min_probability
)

select * from final
