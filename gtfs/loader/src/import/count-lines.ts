import { Transform } from 'node:stream'

/**
 * A pass-through stream that counts the line feeds going by and calls back every `every` lines (progress for a
 * file sent to COPY as it is; a quoted field's line break counts too, so it is an estimate until COPY's count).
 */
export function countLines(every: number, onLines: (lines: number) => void): Transform {
  let lines = 0
  let next = every
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1
      if (lines >= next) {
        onLines(lines)
        next = lines + every
      }
      callback(null, chunk)
    },
  })
}
