-- Each usable tracking event with what it says, from its provider's code (advanced code first)
-- and from its text: codes can be missing or wrong, and the text is evidence too. Classified
-- once per file, as its rows are typed (models/runner.py): a weekly run classifies its week's
-- events, not the look-back's, and the readers (through `int_tracking_events_classified`) scan
-- flags instead of joining millions of events to their texts' meanings again every run. Later
-- copies of a row stay here, with their file and line: the view drops them (stg_tracking_events).
{#-
The courier's record of a hold-up or a damage: the provider's code, or a scan that says so. The
same words on the refusal's own event are the reason the recipient gave, relayed (rules.toml's
damage_text): they are read as the stated reason, once, not again as the courier's record.
-#}
{%- macro couriers_record(event_type) -%}
coded.code_event_type = '{{ event_type }}'
        or (
            text_meanings.says_{{ event_type }}
            and not text_meanings.says_refused
            and coded.code_event_type is distinct from 'refused'
        )
{%- endmacro %}
create or replace table intermediate.int_tracking_events_coded as
with

events as not materialized (
    -- read where used: kept whole for its two readers, 10 M events with their texts spilled
    -- 2 GB at 1M orders
    select * from staging.stg_tracking_events_checked
    where
        quarantine_reason is null
        and {{ new_files_only("intermediate.int_tracking_events_coded") }}
),

descriptions as (
    -- couriers reuse their phrasings (about one distinct text per 15 events), so every pattern
    -- reads each text once and the events pick the meanings up by joining on the text
    select distinct coalesce(description, '') as text from events
),

text_meanings as (
    select
        text,
        says(text, $refusal_text, $refusal_negated) as says_refused,
        regexp_matches(text, '揽收|揽件|已收件|收取快件|已收寄') as says_picked_up,
        regexp_matches(text, '派送中|正在派送|派件中|派件员|开始派送|投递员') as says_out_for_delivery,
        regexp_matches(text, '签收') as says_signed,
        regexp_matches(text, '退回|退件|拒|退签') as says_sent_back_or_refused,
        regexp_matches(text, '退回|原路返回|退件|返回寄件|返件') as says_returning,
        regexp_matches(
            text, '(退回件?|退件|返件)[^,.;!?，。；]{0,3}(签收|妥投)|退签|寄件人已签收|已退回寄件人'
        ) as says_return_signed,
        regexp_matches(text, '滞留|超时未更新|停滞|积压') as says_stuck,
        says(text, $damage_text, $damage_negated) as says_damaged,
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

tracking_codes as (
    select
        provider,
        code_kind,
        cast(code as integer) as code,
        event_type
    from seeds.tracking_codes
),

coded as (
    -- what the readers use, and the row's file, line and export date: every column written
    -- here is written for every event of the look-back (the codes and places stay in staging)
    select
        events.file_sha256,
        events.source_row,
        events.file_as_of,
        events.tracking_no,
        events.courier_code,
        events.event_at,
        events.description,
        coalesce(sub_state.event_type, state.event_type) as code_event_type
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

flagged as (
    select
        coded.*,
        coded.code_event_type = 'refused' as is_refusal_code,
        text_meanings.says_refused as is_refusal_text,
        coded.code_event_type = 'pickup' or text_meanings.says_picked_up as is_pickup,
        coded.code_event_type in ('out_for_delivery', 'locker')
        or text_meanings.says_out_for_delivery as is_delivery_attempt,
        (coded.code_event_type = 'signed' and not text_meanings.says_sent_back_or_refused)
        or (
            coded.code_event_type is null
            and text_meanings.says_signed
            and not text_meanings.says_sent_back_or_refused
        ) as is_signed,
        coded.code_event_type = 'returning' or text_meanings.says_returning as is_returning,
        coded.code_event_type = 'return_signed' or text_meanings.says_return_signed
            as is_return_signed,
        {{ couriers_record('stuck') }} as is_stuck,
        {{ couriers_record('damaged') }} as is_damaged,
        coded.code_event_type = 'delayed' or text_meanings.says_delayed as is_delayed,
        case
            when
                coded.code_event_type
                in ('bad_address', 'unreachable', 'intercepted', 'uncollected')
                then coded.code_event_type
            else text_meanings.says_undelivered_because
        end as undelivered_reason
    from coded
    inner join text_meanings
        on coalesce(coded.description, '') = text_meanings.text
),

final as (
    -- the words are kept where they are evidence (a refusal's, a damage's, a stuck parcel's:
    -- what the readers quote); every other event's text stays in staging, and not writing it
    -- makes this table a quarter smaller
    select
        flagged.* exclude (flagged.description),
        case
            when
                flagged.is_refusal_code
                or flagged.is_refusal_text
                or flagged.is_damaged
                or flagged.is_stuck
                then flagged.description
        end as evidence_text
    from flagged
)

select * from final
