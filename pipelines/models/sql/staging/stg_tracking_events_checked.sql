-- Tracking events of both providers in one model. Each provider's own code vocabulary is kept
-- (provider + state_code + sub_state_code); intermediate models translate them.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_tracking_events_checked as
with

raw_events as (
    select * from raw.tracking_events
    where {{ new_files_only("staging.stg_tracking_events_checked") }}
),

couriers as (
    select
        lower(alias) as alias,
        courier_code
    from seeds.couriers
),

typed as (
    select
        raw_events.file_sha256,
        raw_events.source_file,
        raw_events.source_row,
        repair_excel_id(raw_events.tracking_no) as tracking_no,
        raw_events.provider,
        couriers.courier_code,
        raw_events.courier as courier_text,
        parse_china_time(raw_events.event_at) as event_at,
        parse_code(raw_events.state_code) as state_code,
        parse_code(raw_events.sub_state_code) as sub_state_code,
        raw_events.state_name,
        raw_events.description,
        raw_events.location,
        raw_events.tracking_no as tracking_no_text,
        raw_events.event_at as event_at_text,
        raw_events.state_code as state_code_text,
        raw_events.sub_state_code as sub_state_code_text
    from raw_events
    left join couriers
        on lower(replace(raw_events.courier, ' ', '')) = couriers.alias
),

checked as (
    select
        * exclude (tracking_no_text, event_at_text, state_code_text, sub_state_code_text),
        case
            when tracking_no_text is null then '快递单号 is empty'
            when is_excel_damaged(tracking_no_text)
                then '快递单号 "' || tracking_no_text || '" lost digits in Excel (E-notation)'
            when event_at_text is null then '事件时间 is empty'
            when event_at is null then '事件时间 "' || event_at_text || '" is not a date-time'
            when state_code_text is not null and state_code is null
                then '状态码 "' || state_code_text || '" is not a number'
            when sub_state_code_text is not null and sub_state_code is null
                then '高级状态码 "' || sub_state_code_text || '" is not a number'
            when state_code is null and sub_state_code is null and description is null
                then 'the event has neither a state code nor a description'
        end as quarantine_reason
    from typed
),

files as (
    -- from the raw rows, not from `typed`: a CTE read twice is materialised
    select
        file_sha256,
        max(parse_china_time(event_at)) as file_as_of
    from raw.tracking_events
    where {{ new_files_only("staging.stg_tracking_events_checked") }}
    group by file_sha256
),

final as (
    select
        checked.*,
        files.file_as_of
    from checked
    inner join files
        on checked.file_sha256 = files.file_sha256
)

select * from final
