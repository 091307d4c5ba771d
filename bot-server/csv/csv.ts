/**
 * The CSV files the console downloads (issued codes, redemption codes, bulk-job results), written
 * one way. Cells hold text people typed (member names, LINE display names, uploaded mobile
 * lists), and a spreadsheet runs a cell that starts like a formula (`=HYPERLINK(…)`, `@SUM(…)`,
 * `+cmd|…`): so such cells get a leading single quote (OWASP "CSV Injection", ASVS 1.2.10) and
 * are quoted, and every cell is quoted and escaped as RFC 4180 asks when it needs to be.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

/** First characters that make Excel, LibreOffice Calc or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r\0]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: dates as ISO 8601, null as empty, text that looks like a formula neutralised. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans come from our own columns, never from people: a -5 stays a number.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  const isFormula = FORMULA_START.test(text);
  if (isFormula) text = `'${text}`;
  return isFormula || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * A whole file: a UTF-8 byte-order mark (so Excel reads the Chinese as UTF-8), the header and
 * one line per row.
 */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvRow(header)];
  for (const row of rows) lines.push(csvRow(row));
  return `\uFEFF${lines.join('\n')}\n`;
}
