-- Each tracking event with what it says (`int_tracking_events_coded`, classified once per file),
-- as known at the build's data cutoff and without the later copies of a row, as
-- staging.stg_tracking_events has them.
-- A view, not a table: its readers (`int_shipments_summarized`, the risk step) aggregate it as
-- it streams, and writing millions of classified events again every run took longer than that.
create or replace view intermediate.int_tracking_events_classified as
with

coded as (
    select * from {{ as_of("intermediate.int_tracking_events_coded") }}
),

duplicates as (
    select * from staging.stg_tracking_events_duplicates
),

final as (
    select coded.* exclude (file_sha256, source_row, file_as_of)
    from coded
    anti join duplicates
        on
            coded.file_sha256 = duplicates.file_sha256
            and coded.source_row = duplicates.source_row
)

select * from final
