import { Transform } from 'node:stream'

export interface StreamMeasure {
  /** Line feeds so far (a quoted field's line break counts too: an estimate of rows until the file is done). */
  lines: number
  bytes: number
}

/** A pass-through stream that counts the lines and bytes going by and calls back every `every` lines. */
export function measureStream(every: number, onMeasure: (measure: StreamMeasure) => void): Transform & { measure: StreamMeasure } {
  const measure: StreamMeasure = { lines: 0, bytes: 0 }
  let next = every
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) measure.lines += 1
      measure.bytes += chunk.length
      if (measure.lines >= next) {
        onMeasure(measure)
        next = measure.lines + every
      }
      callback(null, chunk)
    },
  })
  return Object.assign(stream, { measure })
}
