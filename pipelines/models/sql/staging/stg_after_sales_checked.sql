-- After-sales records (售后), typed.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_after_sales_checked as
with

raw_after_sales as (
    select * from raw.after_sales
    where {{ new_files_only("staging.stg_after_sales_checked") }}
),

typed as (
    select
        file_sha256,
        source_file,
        source_row,
        after_sales_id,
        order_id,
        after_sales_type,
        after_sales_status,
        reason,
        parse_china_time(applied_at) as applied_at,
        parse_yuan(refund_yuan) as refund_yuan,
        repair_excel_id(return_tracking_no) as return_tracking_no,
        shipping_state,
        case
            when after_sales_id is null then '售后编号 is empty'
            when order_id is null then '订单号 is empty'
            when applied_at is not null and parse_china_time(applied_at) is null
                then '申请时间 "' || applied_at || '" is not a date-time'
            when refund_yuan is not null and parse_yuan(refund_yuan) is null
                then '退款金额(元) "' || refund_yuan || '" is not an amount'
        end as quarantine_reason
    from raw_after_sales
),

files as (
    select
        file_sha256,
        max(parse_china_time(applied_at)) as file_as_of
    from raw.after_sales
    where {{ new_files_only("staging.stg_after_sales_checked") }}
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
