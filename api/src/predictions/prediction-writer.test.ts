import pino from 'pino'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBatchWriter } from './prediction-writer.js'

/** An insert that fails while `down` is true, like a database that has gone away, and records what it stored. */
function fakeDatabase() {
  const stored: number[] = []
  const db = {
    down: false,
    stored,
    calls: 0,
    async insert(rows: readonly number[]): Promise<number> {
      db.calls += 1
      if (db.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
      stored.push(...rows)
      return rows.length
    },
  }
  return db
}

function capturingLogger() {
  const lines: Array<{ level: number; msg: string } & Record<string, unknown>> = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number])
      done()
    },
  })
  return { logger: pino({ level: 'debug' }, stream), lines }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createBatchWriter', () => {
  it('writes waiting rows every interval in one insert', async () => {
    const db = fakeDatabase()
    const writer = createBatchWriter((rows: readonly number[]) => db.insert(rows), capturingLogger().logger, { what: 'test rows', everyMs: 1000 })
    writer.add([1, 2])
    writer.add([3])
    expect(db.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(db.calls).toBe(1)
    expect(db.stored).toEqual([1, 2, 3])
    expect(writer.written).toBe(3)
    await vi.advanceTimersByTimeAsync(5000)
    expect(db.calls).toBe(1) // nothing waiting: no empty inserts
    await writer.close()
  })

  it('keeps the rows while inserts fail and writes them, in order, when the database is back', async () => {
    const db = fakeDatabase()
    const { logger, lines } = capturingLogger()
    const writer = createBatchWriter((rows: readonly number[]) => db.insert(rows), logger, { what: 'test rows' })
    db.down = true
    writer.add([1, 2, 3])
    await vi.advanceTimersByTimeAsync(1000)
    writer.add([4, 5])
    await vi.advanceTimersByTimeAsync(1000)
    expect(db.calls).toBe(2)
    expect(writer.written).toBe(0)
    expect(writer.waiting).toBe(5)
    expect(lines.filter((l) => l.msg === 'rows not written yet: retrying')).toHaveLength(2)
    expect(lines[0]).toMatchObject({ what: 'test rows', err: { code: 'ECONNREFUSED' } })

    db.down = false
    writer.add([6])
    await vi.advanceTimersByTimeAsync(1000)
    expect(db.stored).toEqual([1, 2, 3, 4, 5, 6])
    expect(writer.written).toBe(6)
    expect(writer.waiting).toBe(0)
    await writer.close()
    expect(lines.filter((l) => l.level >= 50)).toEqual([])
  })

  it('drops the oldest rows past maxWaiting, with a warning that counts them', async () => {
    const db = fakeDatabase()
    const { logger, lines } = capturingLogger()
    const writer = createBatchWriter((rows: readonly number[]) => db.insert(rows), logger, { what: 'test rows', maxWaiting: 4 })
    db.down = true
    writer.add([1, 2, 3])
    await vi.advanceTimersByTimeAsync(1000)
    writer.add([4, 5, 6])
    expect(writer.waiting).toBe(4)
    await vi.advanceTimersByTimeAsync(1000)
    expect(lines.find((l) => l.msg === 'rows dropped: the database has been away too long')).toMatchObject({ what: 'test rows', dropped: 2 })
    db.down = false
    await writer.flush()
    expect(db.stored).toEqual([3, 4, 5, 6])
    await writer.close()
  })

  it('writes rows added during a write on flush, and what is left on close', async () => {
    const db = fakeDatabase()
    let release = () => {}
    const slowInsert = async (rows: readonly number[]) => {
      if (db.calls === 0) await new Promise<void>((resolve) => (release = resolve))
      return db.insert(rows)
    }
    const writer = createBatchWriter(slowInsert, capturingLogger().logger, { what: 'test rows' })
    writer.add([1])
    const first = writer.flush()
    writer.add([2]) // arrives while the first batch is being written
    const second = writer.flush()
    release()
    await Promise.all([first, second])
    expect(db.stored).toEqual([1, 2])
    writer.add([3])
    await writer.close()
    expect(db.stored).toEqual([1, 2, 3])
  })

  it('reports rows it could not write before closing as lost', async () => {
    const db = fakeDatabase()
    const { logger, lines } = capturingLogger()
    const writer = createBatchWriter((rows: readonly number[]) => db.insert(rows), logger, { what: 'test rows' })
    db.down = true
    writer.add([1, 2])
    await writer.close()
    expect(lines.find((l) => l.level === 50)).toMatchObject({ what: 'test rows', lost: 2, msg: 'rows not written before closing: lost' })
  })
})
