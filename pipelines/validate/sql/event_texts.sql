-- The tracking events' texts as the garbled-text check reads them, masked: a failing check quotes
-- example values in its message and in the Data Docs, and these texts may name the buyer. Only
-- the rows of the files this run was given (validation.run_files, checks.validate_warehouse):
-- masking every text the warehouse kept grew the checks with the shop's age (issue #15), and a
-- kept file's texts were checked by the run that loaded it.
create or replace view validation.event_texts as
with

events as (
    select * from raw.tracking_events
    where file_sha256 in (select run_files.file_sha256 from validation.run_files)
),

final as (
    select
        source_file,
        source_row,
        mask_personal(description) as description
    from events
)

select * from final
