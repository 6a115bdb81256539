-- Platform compensation and violation bills (消费者补偿明细, 违规记录), typed.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_penalties_checked as
with

raw_penalties as (
    select * from raw.penalties
    where {{ new_files_only("staging.stg_penalties_checked") }}
),

typed as (
    select
        file_sha256,
        source_file,
        source_row,
        order_id,
        repair_excel_id(tracking_no) as tracking_no,
        penalty_type,
        parse_yuan(amount_yuan) as amount_yuan,
        parse_china_time(penalized_at) as penalized_at,
        note,
        case
            when order_id is null and tracking_no is null then '订单号 and 快递单号 are both empty'
            when is_excel_damaged(tracking_no)
                then '快递单号 "' || tracking_no || '" lost digits in Excel (E-notation)'
            when parse_yuan(amount_yuan) is null
                then '金额(元) "' || coalesce(amount_yuan, '') || '" is not an amount'
            when penalized_at is not null and parse_china_time(penalized_at) is null
                then '时间 "' || penalized_at || '" is not a date-time'
        end as quarantine_reason
    from raw_penalties
),

files as (
    select
        file_sha256,
        max(parse_china_time(penalized_at)) as file_as_of
    from raw.penalties
    where {{ new_files_only("staging.stg_penalties_checked") }}
    group by file_sha256
),

final as (
    select
        typed.*,
        files.file_as_of
    from typed
    inner join files
        on typed.file_sha256 = files.file_sha256
)

select * from final
