-- What each distinct tracking-event text says. Couriers reuse their phrasings across millions of
-- events (about one distinct text per 15 events), so every pattern reads each text once; the
-- events pick the meanings up by joining on the text (`int_tracking_events_classified`).
create or replace table intermediate.int_event_texts_classified as
with

events as (
    select description from {{ as_of("staging.stg_tracking_events") }}
),

descriptions as (
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
)

select * from text_meanings
