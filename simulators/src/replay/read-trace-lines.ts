import { createReadStream } from 'node:fs'
import { pipeline, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

/** The lines of a text file, gunzipped on the way when its name ends in .gz; `\r\n` and a leading BOM are handled. */
export async function* readTraceLines(path: string): AsyncGenerator<string> {
  const file = createReadStream(path)
  const text: Readable = path.toLowerCase().endsWith('.gz') ? pipeline(file, createGunzip(), () => {}) : file
  text.setEncoding('utf8')
  let rest = ''
  let first = true
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop()!
      for (const line of lines) {
        yield trimLine(line, first)
        first = false
      }
    }
    if (rest !== '') yield trimLine(rest, first)
  } finally {
    file.destroy()
    text.destroy()
  }
}

function trimLine(line: string, first: boolean): string {
  const withoutCr = line.endsWith('\r') ? line.slice(0, -1) : line
  return first && withoutCr.startsWith('\uFEFF') ? withoutCr.slice(1) : withoutCr
}
