import { StringDecoder } from 'node:string_decoder'

/**
 * The records of a CSV text stream (RFC 4180, as GTFS uses it), each with the line it starts on: fields may be
 * quoted and hold commas, doubled quotes and line breaks; lines end in LF or CRLF (mixed in one file too); a
 * UTF-8 byte-order mark is dropped; text is decoded as UTF-8 across chunk boundaries. Blank lines come out as
 * a record of one empty field. A quote inside an unquoted field is kept as it is; text after a closing quote
 * is appended to the field (lenient, as most GTFS consumers are; the validator checks values, not quoting).
 *
 * Written here rather than taken from csv-parse because the import reads every row of a feed twice (validation,
 * then COPY) and csv-parse spent 2.6 s on Halifax's stop_times.txt alone; lines without a quote (nearly all
 * of GTFS) take a fast path here: one indexOf and one split. The records equal csv-parse's on every feed in
 * ../shared/data/gtfs (csv-records.test.ts checks that).
 */
export interface CsvRecord {
  fields: string[]
  /** 1-based line the record starts on. */
  line: number
}

/** Parses as many whole records as `text` holds from `start`; returns where the unparsed rest begins. */
function parseRecords(text: string, start: number, final: boolean, firstLine: number, out: CsvRecord[]): { next: number; line: number } {
  let position = start
  let line = firstLine
  const length = text.length
  while (position < length) {
    const newline = text.indexOf('\n', position)
    const lineEnd = newline === -1 ? length : newline
    const quote = text.indexOf('"', position)
    if (quote === -1 || quote > lineEnd) {
      if (newline === -1 && !final) break // the record may go on in the next chunk
      const end = lineEnd > position && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd
      out.push({ fields: text.slice(position, end).split(','), line })
      line += 1
      position = lineEnd + 1
      continue
    }
    const parsed = parseQuotedRecord(text, position, final)
    if (parsed === null) break
    out.push({ fields: parsed.fields, line })
    line += parsed.lineBreaks + 1
    position = parsed.next
  }
  return { next: Math.min(position, length), line }
}

/** A record with a quote in it, character by character; null when it does not end before the text does. */
function parseQuotedRecord(text: string, start: number, final: boolean): { fields: string[]; next: number; lineBreaks: number } | null {
  const fields: string[] = []
  let field = ''
  let position = start
  let lineBreaks = 0
  let quoted = false
  let fieldStart = true
  while (position < text.length) {
    const c = text.charCodeAt(position)
    if (quoted) {
      if (c !== 34) {
        // Everything up to the next quote belongs to the field.
        const quote = text.indexOf('"', position)
        if (quote === -1) {
          if (!final) return null
          field += text.slice(position)
          position = text.length
          break
        }
        const run = text.slice(position, quote)
        for (let i = run.indexOf('\n'); i !== -1; i = run.indexOf('\n', i + 1)) lineBreaks += 1
        field += run
        position = quote
        continue
      }
      // A quote: doubled, it is one quote in the field; alone, it closes the field.
      if (text.charCodeAt(position + 1) === 34) {
        field += '"'
        position += 2
        continue
      }
      if (position + 1 >= text.length && !final) return null // is it "" across the chunk boundary?
      quoted = false
      position += 1
      continue
    }
    if (c === 34 && fieldStart) {
      quoted = true
      fieldStart = false
      position += 1
      continue
    }
    if (c === 44) {
      fields.push(field)
      field = ''
      fieldStart = true
      position += 1
      continue
    }
    if (c === 10 || (c === 13 && text.charCodeAt(position + 1) === 10)) {
      fields.push(field)
      return { fields, next: position + (c === 13 ? 2 : 1), lineBreaks }
    }
    if (c === 13 && position + 1 >= text.length && !final) return null
    field += text[position]
    fieldStart = false
    position += 1
  }
  if (!final) return null
  fields.push(field)
  return { fields, next: position, lineBreaks }
}

/** Streams the records of a CSV byte stream, in batches (one array per chunk read). */
export async function* readCsvRecords(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let line = 1
  let first = true
  for await (const chunk of chunks) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk))
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const out: CsvRecord[] = []
    const parsed = parseRecords(text, 0, false, line, out)
    pending = text.slice(parsed.next)
    line = parsed.line
    if (out.length) yield out
  }
  let text = pending + decoder.end()
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const out: CsvRecord[] = []
  parseRecords(text, 0, true, line, out)
  if (out.length) yield out
}
