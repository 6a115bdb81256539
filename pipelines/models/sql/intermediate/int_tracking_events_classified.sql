-- Each tracking event with what it says, from its provider's code (advanced code first) and from
-- its text: codes can be missing or wrong, and the text is evidence too.
-- A view, not a table: its one reader (`int_shipments_summarized`) aggregates it as it streams,
-- and writing ten million classified events first took longer than the aggregate itself.
create or replace view intermediate.int_tracking_events_classified as
with

events as (
    select * from {{ as_of("staging.stg_tracking_events") }}
),

text_meanings as (
    select * from intermediate.int_event_texts_classified
),

tracking_codes as (
    select
        provider,
        code_kind,
        cast(code as integer) as code,
        event_type
    from seeds.tracking_codes
),

coded as (
    select
        events.tracking_no,
        events.provider,
        events.courier_code,
        events.event_at,
        events.state_code,
        events.sub_state_code,
        events.description,
        events.location,
        coalesce(sub_state.event_type, state.event_type) as code_event_type,
        coalesce(events.description, '') as text
    from events
    left join tracking_codes as sub_state
        on
            events.provider = sub_state.provider
            and sub_state.code_kind = 'sub_state'
            and events.sub_state_code = sub_state.code
    left join tracking_codes as state
        on
            events.provider = state.provider
            and state.code_kind = 'state'
            and events.state_code = state.code
),

final as (
    select
        coded.*,
        coded.code_event_type = 'refused' as is_refusal_code,
        meanings.says_refused as is_refusal_text,
        coded.code_event_type = 'pickup' or meanings.says_picked_up as is_pickup,
        coded.code_event_type in ('out_for_delivery', 'locker')
        or meanings.says_out_for_delivery as is_delivery_attempt,
        (coded.code_event_type = 'signed' and not meanings.says_sent_back_or_refused)
        or (
            coded.code_event_type is null
            and meanings.says_signed
            and not meanings.says_sent_back_or_refused
        ) as is_signed,
        coded.code_event_type = 'returning' or meanings.says_returning as is_returning,
        coded.code_event_type = 'return_signed' or meanings.says_return_signed
            as is_return_signed,
        coded.code_event_type = 'stuck' or meanings.says_stuck as is_stuck,
        coded.code_event_type = 'damaged' or meanings.says_damaged as is_damaged,
        coded.code_event_type = 'delayed' or meanings.says_delayed as is_delayed,
        case
            when
                coded.code_event_type
                in ('bad_address', 'unreachable', 'intercepted', 'uncollected')
                then coded.code_event_type
            else meanings.says_undelivered_because
        end as undelivered_reason
    from coded
    inner join text_meanings as meanings
        on coded.text = meanings.text
)

select * from final
