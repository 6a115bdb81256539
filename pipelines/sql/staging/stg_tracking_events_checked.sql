-- Tracking events of both providers in one model. Each provider's own code vocabulary is kept
-- (provider + state_code + sub_state_code); intermediate models translate them.
create or replace table staging.stg_tracking_events_checked as
with

raw_events as (
    select * from raw.tracking_events
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
        case
            when raw_events.tracking_no is null then '快递单号 is empty'
            when is_excel_damaged(raw_events.tracking_no)
                then '快递单号 "' || raw_events.tracking_no || '" lost digits in Excel (E-notation)'
            when raw_events.event_at is null then '事件时间 is empty'
            when parse_china_time(raw_events.event_at) is null
                then '事件时间 "' || raw_events.event_at || '" is not a date-time'
            when raw_events.state_code is not null and parse_code(raw_events.state_code) is null
                then '状态码 "' || raw_events.state_code || '" is not a number'
            when
                raw_events.sub_state_code is not null
                and parse_code(raw_events.sub_state_code) is null
                then '高级状态码 "' || raw_events.sub_state_code || '" is not a number'
            when
                raw_events.state_code is null and raw_events.sub_state_code is null
                and raw_events.description is null
                then 'the event has neither a state code nor a description'
        end as quarantine_reason
    from raw_events
    left join couriers
        on lower(regexp_replace(raw_events.courier, '\s', '', 'g')) = couriers.alias
),

final as (
    select
        *,
        max(event_at) over (partition by file_sha256) as file_as_of
    from typed
)

select * from final
