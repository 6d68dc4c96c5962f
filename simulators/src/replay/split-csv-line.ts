/**
 * The fields of one CSV line (RFC 4180 quoting: `"a, b"`, `"say ""hi"""`). Returns null for an unterminated quote.
 * A quoted field spanning lines is not supported: traces are one record a line.
 */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',')
  const fields: string[] = []
  let position = 0
  for (;;) {
    if (line[position] === '"') {
      let value = ''
      let cursor = position + 1
      for (;;) {
        const quote = line.indexOf('"', cursor)
        if (quote === -1) return null
        value += line.slice(cursor, quote)
        if (line[quote + 1] === '"') {
          value += '"'
          cursor = quote + 2
          continue
        }
        cursor = quote + 1
        break
      }
      const comma = line.indexOf(',', cursor)
      // Text between the closing quote and the comma (`"a"b,`) is kept, as most readers do.
      fields.push(value + line.slice(cursor, comma === -1 ? undefined : comma))
      if (comma === -1) return fields
      position = comma + 1
    } else {
      const comma = line.indexOf(',', position)
      fields.push(line.slice(position, comma === -1 ? undefined : comma))
      if (comma === -1) return fields
      position = comma + 1
    }
  }
}
