-- The tracking events' texts as the garbled-text check reads them, masked: a failing check quotes
-- example values in its message and in the Data Docs, and these texts may name the buyer.
create or replace view validation.event_texts as
with

events as (
    select * from raw.tracking_events
),

final as (
    select
        source_file,
        source_row,
        mask_personal(description) as description
    from events
)

select * from final
