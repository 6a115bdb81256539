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

final as (
    select
        *,
        code_event_type = 'refused' as is_refusal_code,
        regexp_matches(text, $refusal_text) as is_refusal_text,
        code_event_type = 'pickup' or regexp_matches(text, '揽收|揽件|已收件|收取快件|已收寄')
            as is_pickup,
        code_event_type in ('out_for_delivery', 'locker')
        or regexp_matches(text, '派送中|正在派送|派件中|派件员|开始派送|投递员')
            as is_delivery_attempt,
        (code_event_type = 'signed' and not regexp_matches(text, '退回|退件|拒'))
        or (
            code_event_type is null
            and regexp_matches(text, '签收')
            and not regexp_matches(text, '退回|退件|拒|退签')
        ) as is_signed,
        code_event_type = 'returning' or regexp_matches(text, '退回|原路返回|退件|返回寄件|返件')
            as is_returning,
        code_event_type = 'return_signed'
        or regexp_matches(text, '退回件已签收|退件已签收|退回签收|退签|寄件人已签收|已退回寄件人')
            as is_return_signed,
        code_event_type = 'stuck' or regexp_matches(text, '滞留|超时未更新|停滞|积压')
            as is_stuck,
        code_event_type = 'damaged' or regexp_matches(text, '破损|损坏|压坏|外包装破')
            as is_damaged,
        code_event_type = 'delayed' or regexp_matches(text, '延误|延迟|配送延迟')
            as is_delayed,
        case
            when
                code_event_type = 'bad_address'
                or regexp_matches(text, '地址不详|地址错误|地址不全|超区|超出派送范围')
                then 'bad_address'
            when
                code_event_type = 'unreachable'
                or regexp_matches(text, '无法联系|联系不上|电话错误|电话无人接听|电话关机')
                then 'unreachable'
            when code_event_type = 'intercepted' or regexp_matches(text, '拦截')
                then 'intercepted'
            when code_event_type = 'uncollected' or regexp_matches(text, '超时未取|逾期未取')
                then 'uncollected'
        end as undelivered_reason
    from coded
)

select * from final
