-- Buyer reviews (评价管理), typed; 评分 is the 1-5 描述相符 star rating.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_reviews_checked as
with

raw_reviews as (
    select * from raw.reviews
    where {{ new_files_only("staging.stg_reviews_checked") }}
),

typed as (
    select
        file_sha256,
        source_file,
        source_row,
        parse_china_time(reviewed_at) as reviewed_at,
        order_id,
        repair_excel_id(product_id) as product_id,
        parse_code(score) as score,
        review_text,
        merchant_reply,
        case
            when parse_china_time(reviewed_at) is null
                then '评价时间 "' || coalesce(reviewed_at, '') || '" is not a date-time'
            when parse_code(score) not between 1 and 5 or parse_code(score) is null
                then '评分 "' || coalesce(score, '') || '" is not a whole number from 1 to 5'
            when is_excel_damaged(product_id)
                then '商品id "' || product_id || '" lost digits in Excel (E-notation)'
        end as quarantine_reason
    from raw_reviews
),

files as (
    select
        file_sha256,
        max(parse_china_time(reviewed_at)) as file_as_of
    from raw.reviews
    where {{ new_files_only("staging.stg_reviews_checked") }}
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
