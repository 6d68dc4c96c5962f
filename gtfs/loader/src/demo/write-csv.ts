/** A field needs quotes when it holds the separator, a quote or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/

export function formatCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * One CSV text: a header line, then one line per row, each ending in LF (GTFS accepts LF or CRLF). No byte-order
 * mark. Rows must have as many fields as there are columns.
 */
export function formatCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [columns.map(formatCsvField).join(',')]
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new RangeError(`CSV row has ${row.length} fields, expected ${columns.length} (${columns.join(',')})`)
    }
    lines.push(row.map(formatCsvField).join(','))
  }
  return `${lines.join('\n')}\n`
}
