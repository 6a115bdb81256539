-- Each tracking event with what it says, from its provider's code (advanced code first) and from
-- its text: codes can be missing or wrong, and the text is evidence too.
create or replace table intermediate.int_tracking_events_classified as
with

events as (
    select * from staging.stg_tracking_events
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

descriptions as (
    -- what each distinct text says: couriers reuse a few thousand phrasings across millions of
    -- events, so each is read once
    select distinct text from coded
),

text_meanings as (
    select
        text,
        regexp_matches(text, $refusal_text) as says_refused,
        regexp_matches(text, '揽收|揽件|已收件|收取快件|已收寄') as says_picked_up,
        regexp_matches(text, '派送中|正在派送|派件中|派件员|开始派送|投递员') as says_out_for_delivery,
        regexp_matches(text, '签收') as says_signed,
        regexp_matches(text, '退回|退件|拒|退签') as says_sent_back_or_refused,
        regexp_matches(text, '退回|原路返回|退件|返回寄件|返件') as says_returning,
        regexp_matches(text, '退回件已签收|退件已签收|退回签收|退签|寄件人已签收|已退回寄件人')
            as says_return_signed,
        regexp_matches(text, '滞留|超时未更新|停滞|积压') as says_stuck,
        regexp_matches(text, '破损|损坏|压坏|外包装破') as says_damaged,
        regexp_matches(text, '延误|延迟|配送延迟') as says_delayed,
        case
            when regexp_matches(text, '地址不详|地址错误|地址不全|超区|超出派送范围') then 'bad_address'
            when regexp_matches(text, '无法联系|联系不上|电话错误|电话无人接听|电话关机')
                then 'unreachable'
            when regexp_matches(text, '拦截') then 'intercepted'
            when regexp_matches(text, '超时未取|逾期未取') then 'uncollected'
        end as says_undelivered_because
    from descriptions
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
