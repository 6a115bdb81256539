-- Parsing rules shared by every staging model. Each is a plain expression so that the Spark adapter
-- can define the same function (issue: run on Spark); models call these, never re-spell them.

-- Export timestamps: YYYY-MM-DD HH:MM:SS, also YYYY/MM/DD HH:MM; naive China time.
create or replace macro parse_china_time(text_value) as
try_strptime(text_value, [
    '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M',
    '%Y-%m-%d', '%Y/%m/%d'
]);

-- Yuan with two decimals; a ¥ sign or thousands separators may appear.
create or replace macro parse_yuan(text_value) as
try_cast(regexp_replace(text_value, '[¥￥,\s]', '', 'g') as decimal(18, 2));

-- Excel re-saving turns 73190553102532 into 73190553102532.0: that suffix is safe to undo.
create or replace macro repair_excel_id(text_value) as
regexp_replace(text_value, '^(\d+)\.0+$', '\1');

-- ... but 7.31905531025E+13 has lost digits for good: such a row is quarantined, never guessed.
create or replace macro is_excel_damaged(text_value) as
coalesce(regexp_full_match(text_value, '[0-9.]+[eE][+-]?[0-9]+'), false);

-- A state code as an integer (some exports write 203.0).
create or replace macro parse_code(text_value) as
try_cast(regexp_replace(text_value, '\.0+$', '') as integer);

-- Free text from exports may name people (派件员：张三) or hold phone and ID numbers: evidence shown
-- to merchants carries it masked.
create or replace macro mask_personal(text_value) as
regexp_replace(
    regexp_replace(
        regexp_replace(text_value, '(1[3-9]\d)\d{4}(\d{4})', '\1****\2', 'g'),
        '\d{17}[\dXx]', '******************', 'g'
    ),
    '(派件员|快递员|收件人|签收人|联系人|电话)[:：]\s*[^\s，,。；;）)]+', '\1：***', 'g'
);

-- Whether a text says something (words): the text compared without spaces (质 量 问 题), with
-- full-width punctuation folded and in lower case, and with the phrases that deny it (negated:
-- 不是质量问题, 没有破损) taken out first, so that 「不是质量问题，是快递太慢」 says logistics only.
create or replace macro says(text_value, words, negated) as
coalesce(
    regexp_matches(
        regexp_replace(
            lower(regexp_replace(
                translate(text_value, '，。：；！？（）【】　', ',.:;!?()[] '), '\s+', '', 'g'
            )),
            negated, '', 'g'
        ),
        words
    ),
    false
);

-- Minutes from one timestamp to another, counted as DuckDB's date_diff('minute', …) counts them
-- (minute boundaries crossed). Spark's datediff counts elapsed minutes instead: this form is the
-- same on both engines. A double on both (Spark's epoch is an integer, and an integer divided by
-- a literal such as 60.0 is a six-place decimal there).
create or replace macro minutes_between(start_at, end_at) as
cast(floor(epoch(end_at) / 60) - floor(epoch(start_at) / 60) as double);
