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

-- Free text from exports may name people (派件员：张三) or hold ID and phone numbers: every text
-- shown as evidence or kept in a mart passes through here. One pattern finds both numbers, each
-- standing alone between characters that are neither digits nor letters (so that SF1234567890123,
-- JT… and the 15 digits of an order id 261123-338104320801429 are no number of a person):
-- - an ID number (身份证号): 18 digits, the last may be X; or an old 15-digit one, which is only
--   taken for one when it begins with a province code and holds a date (YYMMDD), since tracking
--   numbers of 12-15 digits are common and must stay readable; masked whole;
-- - a mobile phone, 1[3-9] and 9 digits, also written 138 1234 5678 or 138-1234-5678, after +86
--   or 86- at will; masked to 138****5678.
-- ID numbers are tried first: masking a phone inside one would leave a number nobody recognises.
-- RE2 has no look-around, so the characters around a number are captured and written back; a
-- number right after a masked one shares its boundary character, and the second pass takes it.
-- Names and addresses after their label (收件人：王五, 地址：…) are masked last.
create or replace macro mask_numbers(text_value) as
regexp_replace(
    text_value,
    '(^|[^0-9A-Za-z-])(?:[0-9]{17}[0-9Xx]|(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{6}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}|((?:\+86[ -]?|86[ -])?1[3-9][0-9])[ -]?[0-9]{4}[ -]?([0-9]{4}))([^0-9A-Za-z]|$)',
    '\1\2****\3\4',
    'g'
);

create or replace macro mask_personal(text_value) as
regexp_replace(
    mask_numbers(mask_numbers(text_value)),
    '(派件员|快递员|配送员|收件人|收货人|签收人|联系人|姓名|联系电话|电话|手机|收货地址|详细地址|地址|住址)[:：][ \t　]*[^ \t\r\n　，,。；;）)]+',
    '\1：***',
    'g'
);

-- A platform status as compared: without its commas and spaces (已发货，待签收 = 已发货待签收), empty
-- when missing. Exports drop or half-width the full-width comma (INPUTS.md).
create or replace macro compact_status(text_value) as
regexp_replace(coalesce(text_value, ''), '[,，\s]', '', 'g');

-- A text as its words are compared: without spaces (质 量 问 题), with full-width punctuation
-- folded and in lower case (the word reader, benchmarks/train_word_reader.py, folds alike).
create or replace macro folded_text(text_value) as
lower(regexp_replace(
    translate(text_value, '，。：；！？（）【】　', ',.:;!?()[] '), '\s+', '', 'g'
));

-- Whether a text says something (words): the folded text, with the phrases that deny it
-- (negated: 不是质量问题, 没有破损) taken out first, so that 「不是质量问题，是快递太慢」 says
-- logistics only.
create or replace macro says(text_value, words, negated) as
coalesce(
    regexp_matches(regexp_replace(folded_text(text_value), negated, '', 'g'), words),
    false
);

-- Minutes from one timestamp to another, counted as DuckDB's date_diff('minute', …) counts them
-- (minute boundaries crossed). Spark's datediff counts elapsed minutes instead: this form is the
-- same on both engines. A double on both (Spark's epoch is an integer, and an integer divided by
-- a literal such as 60.0 is a six-place decimal there).
create or replace macro minutes_between(start_at, end_at) as
cast(floor(epoch(end_at) / 60) - floor(epoch(start_at) / 60) as double);

-- The day of a date or timestamp as a number (days since 1970-01-01), for window frames and
-- joins that range over days: the same on both engines, unlike date arithmetic.
create or replace macro day_number(value) as
cast(floor(epoch(cast(cast(value as date) as timestamp)) / 86400) as bigint);
