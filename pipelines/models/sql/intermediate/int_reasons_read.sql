-- What the refusal and after-sales reasons say in words no pattern of rules.toml lists, read by the
-- word reader (intermediate/_word_reader.jinja): a buyer or courier says the same thing many ways,
-- and a pattern reads only the ways it lists. Only texts that none of the wording patterns reads
-- (int_stated_reasons' patterns, tested on the parcel's whole stated_reason) are read, so the
-- reader never overrides a pattern; the buyer's message on the order is not read (written before
-- the parcel left, it asks for things rather than explains a refusal). One row per text the
-- reader gives a cause with at least $reader_min_probability.
{% from "intermediate/_word_reader.jinja" import word_readings %}
create or replace table intermediate.int_reasons_read as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

stated_reasons as (
    select * from intermediate.int_stated_reasons
),

unread_parcels as (
    select concat_ws('；', parcels_met.refusal_description, parcels_met.after_sales_reasons) as text
    from parcels_met
    inner join stated_reasons
        on parcels_met.stated_reason = stated_reasons.stated_reason
    where
        coalesce(parcels_met.refusal_description, parcels_met.after_sales_reasons) is not null
        {%- for column in columns_of("intermediate.int_stated_reasons") if column != "stated_reason" %}
        and not stated_reasons.{{ column }}
        {%- endfor %}
),

unread as (
    select distinct text from unread_parcels
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
