-- Daily store rating snapshots (店铺评分), 90-day rolling as the platform computes them.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_store_scores_checked as
with

raw_store_scores as (
    select * from raw.store_scores
    where {{ new_files_only("staging.stg_store_scores_checked") }}
),

typed as (
    select
        file_sha256,
        source_file,
        source_row,
        cast(parse_china_time(score_date) as date) as score_date,
        try_cast(store_score as decimal(4, 2)) as store_score,
        try_cast(description_score as decimal(4, 2)) as description_score,
        try_cast(logistics_score as decimal(4, 2)) as logistics_score,
        try_cast(service_score as decimal(4, 2)) as service_score,
        case
            when parse_china_time(score_date) is null
                then '日期 "' || coalesce(score_date, '') || '" is not a date'
            when try_cast(store_score as decimal(4, 2)) is null
                then '店铺评分 "' || coalesce(store_score, '') || '" is not a number'
        end as quarantine_reason
    from raw_store_scores
),

files as (
    select
        file_sha256,
        cast(max(cast(parse_china_time(score_date) as date)) as timestamp) as file_as_of
    from raw.store_scores
    where {{ new_files_only("staging.stg_store_scores_checked") }}
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
