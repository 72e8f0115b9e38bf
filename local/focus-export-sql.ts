/**
 * The SQL that reads a FOCUS export in DuckDB: each row checked and converted as Cost Explorer
 * would see it, then summed to the grain the Cost Explorer stand-in answers from (UTC day × account
 * × service × record type × usage type × unit × Region, with the account's name). Rows DuckDB
 * cannot use are not dropped: they collapse into one group per problem, with the first such row,
 * so the reader can name the line (and fetch its value with {@link focusBadValueQuery}).
 */

/** A column's value as text: trimmed, with '' and `NULL` (any case) as SQL NULL. */
const TEXT_MACRO = `CREATE OR REPLACE TEMP MACRO focus_text(x) AS
  CASE WHEN trim(x) = '' OR lower(trim(x)) = 'null' THEN NULL ELSE trim(x) END`;
/** A column's value as a finite DOUBLE; NULL when absent, `bad` when not a number. */
const NUMBER_MACRO = `CREATE OR REPLACE TEMP MACRO focus_number(x) AS
  CASE WHEN focus_text(x) IS NULL THEN NULL
       WHEN isfinite(TRY_CAST(focus_text(x) AS DOUBLE)) THEN TRY_CAST(focus_text(x) AS DOUBLE) END`;
/** Whether a column holds something that is not a number. */
const BAD_NUMBER_MACRO = `CREATE OR REPLACE TEMP MACRO focus_bad_number(x) AS
  focus_text(x) IS NOT NULL AND focus_number(x) IS NULL`;

/** The macros the query uses (run once per connection). */
export const FOCUS_MACROS = [TEXT_MACRO, NUMBER_MACRO, BAD_NUMBER_MACRO];

/**
 * A FOCUS timestamp: `YYYY-MM-DD`, or a date-time with `Z`, `UTC`, an offset (`+09:00`, `+0900`)
 * or none (UTC assumed), with a `T` or a space (RE2, case-insensitive).
 */
const TIMESTAMP = String.raw`^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?)?$`;
/** The provider names that are AWS (FOCUS `ServiceProviderName`, `ProviderName`, `InvoiceIssuerName`). */
const AWS = String.raw`^(aws|amazon web services|amazon|amazon web services,? inc\.?)$`;

/** The FOCUS columns the query reads, each as a VARCHAR relation column of the same name. */
export type SourceColumn =
  | 'ChargePeriodStart'
  | 'SubAccountId'
  | 'SubAccountName'
  | 'ServiceName'
  | 'ChargeCategory'
  | 'BilledCost'
  | 'BillingCurrency'
  | 'ChargeClass'
  | 'Provider'
  | 'x_UsageType'
  | 'SkuId'
  | 'ConsumedQuantity'
  | 'PricingQuantity'
  | 'ConsumedUnit'
  | 'PricingUnit'
  | 'ContractedUnitPrice'
  | 'ListUnitPrice'
  | 'RegionId';

/** What each problem names: the column, in the order the checks run (the first failing one wins). */
export const PROBLEM_COLUMNS = [
  'ChargePeriodStart',
  'SubAccountId',
  'BilledCost',
  'ChargeCategory',
  'BillingCurrency',
  'ContractedUnitPrice',
  'ListUnitPrice',
  'ConsumedQuantity',
  'PricingQuantity',
] as const;

/** The columns of a result row, in order. */
export const RESULT_COLUMNS = [
  'problem',
  'other_provider',
  'day',
  'raw_account',
  'account_name',
  'service',
  'record_type',
  'currency',
  'usage_type',
  'unit',
  'region',
  'first_rec',
  'row_count',
  'micros',
  'quantity',
  'offsets',
  'corrections',
] as const;

/**
 * Each row of `source` (a relation with `rec`, the data row's number, 1-based, in file order, and
 * one VARCHAR column per {@link SourceColumn}) checked and converted: `problem` names the first
 * failing check's column and `bad_value` its value; the keys are set only for rows that count.
 */
function checkedRows(source: string): string {
  const t = (c: SourceColumn) => `focus_text("${c}")`;
  return `
WITH src AS (${source}),
typed AS (
  SELECT rec,
    ${t('Provider')} AS provider,
    regexp_extract(trim(coalesce("ChargePeriodStart", '')), '${TIMESTAMP}', ['d', 'hh', 'mm', 'ss', 'zone'], 'i') AS ts,
    ${t('SubAccountId')} AS raw_account,
    TRY_CAST(${t('BilledCost')} AS DECIMAL(38, 12)) AS cost,
    lower(trim(coalesce("ChargeCategory", ''))) AS category,
    upper(trim(coalesce("BillingCurrency", ''))) AS currency,
    lower(${t('ChargeClass')}) = 'correction' AS correction,
    coalesce(nullif(focus_number("ContractedUnitPrice"), 0), nullif(focus_number("ListUnitPrice"), 0)) AS price,
    *
  FROM src
),
timed AS (
  SELECT *,
    CASE WHEN ts.d = '' THEN NULL
         ELSE TRY_CAST(ts.d || ' ' || coalesce(nullif(ts.hh, ''), '00') || ':' || coalesce(nullif(ts.mm, ''), '00')
                       || ':' || coalesce(nullif(ts.ss, ''), '00') AS TIMESTAMP) END AS local_time,
    CASE WHEN ts.zone = '' OR upper(ts.zone) IN ('Z', 'UTC') THEN 0
         ELSE (CASE WHEN ts.zone[1] = '-' THEN -1 ELSE 1 END)
              * (CAST(ts.zone[2:3] AS INTEGER) * 60 + CAST(right(ts.zone, 2) AS INTEGER)) END AS offset_minutes,
    CASE category WHEN 'usage' THEN 'Usage' WHEN 'purchase' THEN 'Fee' WHEN 'tax' THEN 'Tax'
         WHEN 'credit' THEN 'Credit' WHEN 'adjustment' THEN (CASE WHEN cost < 0 THEN 'Refund' ELSE 'Fee' END) END AS record_type,
    provider IS NOT NULL AND NOT regexp_matches(provider, '${AWS}', 'i') AS other
  FROM typed
),
checked AS (
  SELECT *,
    CASE WHEN other THEN NULL
         WHEN local_time IS NULL THEN 'ChargePeriodStart'
         WHEN raw_account IS NULL OR NOT regexp_matches(raw_account, '^\\d{1,12}$') THEN 'SubAccountId'
         WHEN cost IS NULL THEN 'BilledCost'
         WHEN record_type IS NULL THEN 'ChargeCategory'
         WHEN NOT regexp_matches(currency, '^[A-Z]{3}$') THEN 'BillingCurrency'
         WHEN focus_bad_number("ContractedUnitPrice") THEN 'ContractedUnitPrice'
         WHEN coalesce(focus_number("ContractedUnitPrice"), 0) = 0 AND focus_bad_number("ListUnitPrice") THEN 'ListUnitPrice'
         WHEN focus_bad_number("ConsumedQuantity") THEN 'ConsumedQuantity'
         WHEN focus_number("ConsumedQuantity") IS NULL AND focus_bad_number("PricingQuantity") THEN 'PricingQuantity'
    END AS problem
  FROM timed
),
rows AS (
  SELECT rec, problem,
    CASE problem
      WHEN 'ChargePeriodStart' THEN coalesce("ChargePeriodStart", '')
      WHEN 'SubAccountId' THEN coalesce(raw_account, '')
      WHEN 'BilledCost' THEN trim(coalesce("BilledCost", ''))
      WHEN 'ChargeCategory' THEN trim(coalesce("ChargeCategory", ''))
      WHEN 'BillingCurrency' THEN currency
      WHEN 'ContractedUnitPrice' THEN ${t('ContractedUnitPrice')}
      WHEN 'ListUnitPrice' THEN ${t('ListUnitPrice')}
      WHEN 'ConsumedQuantity' THEN ${t('ConsumedQuantity')}
      WHEN 'PricingQuantity' THEN ${t('PricingQuantity')}
    END AS bad_value,
    -- One key for what does not count: the problem, else the other provider (prefixed so the two never meet).
    CASE WHEN problem IS NOT NULL THEN problem WHEN other THEN '~' || provider END AS left_out,
    -- Keys only for rows that count: problems and other providers collapse into one group each.
    CASE WHEN problem IS NULL AND NOT other THEN CAST(local_time - to_minutes(offset_minutes) AS DATE) END AS day,
    CASE WHEN problem IS NULL AND NOT other THEN raw_account END AS raw_account,
    CASE WHEN problem IS NULL AND NOT other THEN ${t('SubAccountName')} END AS account_name,
    CASE WHEN problem IS NULL AND NOT other THEN coalesce(${t('ServiceName')}, CASE WHEN record_type = 'Tax' THEN 'Tax' ELSE 'Other' END) END AS service,
    CASE WHEN problem IS NULL AND NOT other THEN record_type END AS record_type,
    CASE WHEN problem IS NULL AND NOT other THEN currency END AS currency,
    CASE WHEN problem IS NULL AND NOT other THEN coalesce(${t('x_UsageType')}, ${t('SkuId')}) END AS usage_type,
    CASE WHEN problem IS NULL AND NOT other THEN coalesce(${t('ConsumedUnit')}, ${t('PricingUnit')}) END AS unit,
    CASE WHEN problem IS NULL AND NOT other THEN ${t('RegionId')} END AS region,
    cost,
    coalesce(focus_number("ConsumedQuantity"), focus_number("PricingQuantity"), CAST(cost AS DOUBLE) / price) AS quantity,
    problem IS NULL AND NOT other AND offset_minutes <> 0 AS with_offset,
    problem IS NULL AND NOT other AND coalesce(correction, false) AS is_correction
  FROM checked
)`;
}

/**
 * The query over `source` (see {@link checkedRows}): the sums, one row per group, in no particular
 * order (an ORDER BY would hold every sum to sort it; the reader finds the first problem and the
 * first currency itself). Costs are summed as DECIMAL(38,12) — exact — and rounded to millionths
 * once per group; quantities are DOUBLE sums. The group keys are kept narrow — the day as a DATE,
 * what does not count in one key, no per-group copy of a bad value ({@link focusBadValueQuery}
 * fetches that one) — because the hash table of the sums is most of DuckDB's working memory.
 */
export function focusQuery(source: string): string {
  return `${checkedRows(source)}
SELECT CASE WHEN left_out NOT LIKE '~%' THEN left_out END AS problem,
  CASE WHEN left_out LIKE '~%' THEN left_out[2:] END AS other_provider,
  strftime(day, '%Y-%m-%d') AS day, raw_account, account_name, service, record_type, currency, usage_type, unit, region,
  first_rec, row_count, CAST(round(cost, 6) * 1000000 AS BIGINT) AS micros, quantity, offsets, corrections
FROM (
  SELECT left_out, day, raw_account, account_name, service, record_type, currency, usage_type, unit, region,
    min(rec) AS first_rec,
    count(*) AS row_count,
    sum(cost) AS cost,
    sum(quantity) AS quantity,
    count(*) FILTER (WHERE with_offset) AS offsets,
    count(*) FILTER (WHERE is_correction) AS corrections
  FROM rows
  GROUP BY left_out, day, raw_account, account_name, service, record_type, currency, usage_type, unit, region
)`;
}

/** The value a problem names: the bad cell of data row `rec` (only when a read has failed). */
export function focusBadValueQuery(source: string, rec: number): string {
  return `${checkedRows(source)}
SELECT bad_value FROM rows WHERE rec = ${Math.trunc(rec)}`;
}
