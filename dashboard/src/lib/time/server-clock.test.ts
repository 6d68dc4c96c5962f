import { describe, expect, it } from 'vitest'
import { fetchServerTimeMs, ServerClock } from './server-clock.js'

function fakeLocalClock(startMs: number) {
  let nowMs = startMs
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) }
}

describe('ServerClock', () => {
  it('is the browser\'s clock until it has a reading', () => {
    const local = fakeLocalClock(1_000_000)
    const clock = new ServerClock(local.now)
    expect(clock.now()).toBe(1_000_000)
    expect(clock.offsetMs).toBe(0)
  })

  it('reads the server\'s clock as of halfway through the round trip, and runs on from there', async () => {
    const local = fakeLocalClock(1_000_000)
    const clock = new ServerClock(local.now)
    // a demo clock 13 h behind, read by the server 100 ms into a 300 ms round trip (the browser assumes 150 ms)
    const serverAtSend = 1_000_000 - 13 * 3600_000
    const synced = await clock.sync(async () => {
      local.advance(100)
      const reading = serverAtSend + 100
      local.advance(200)
      return reading
    })
    expect(synced).toBe(true)
    expect(clock.offsetMs).toBe(-13 * 3600_000 - 50)
    local.advance(60_000)
    expect(clock.now()).toBe(serverAtSend + 300 + 60_000 - 50)
  })

  it('keeps the last offset when the server does not answer, and ignores readings that make no sense', async () => {
    const local = fakeLocalClock(5_000)
    const clock = new ServerClock(local.now)
    clock.adopt(65_000, 5_000, 5_000)
    expect(clock.offsetMs).toBe(60_000)
    expect(await clock.sync(() => Promise.reject(new Error('offline')))).toBe(false)
    clock.adopt(Number.NaN, 5_000, 5_000)
    clock.adopt(0, 5_000, 4_000) // answered before it was asked: a clock jumped meanwhile
    expect(clock.offsetMs).toBe(60_000)
  })
})

describe('fetchServerTimeMs', () => {
  it('asks /api/v1/time uncached and refuses an answer without a time', async () => {
    const asked: Array<{ url: string; init?: RequestInit }> = []
    const answer = (body: unknown, status = 200) => async (url: string | URL | Request, init?: RequestInit) => {
      asked.push({ url: String(url), init })
      return new Response(JSON.stringify(body), { status })
    }
    expect(await fetchServerTimeMs(answer({ serverTimeMs: 42 }) as typeof fetch)).toBe(42)
    expect(asked[0]).toMatchObject({ url: '/api/v1/time', init: { cache: 'no-store' } })
    await expect(fetchServerTimeMs(answer({}) as typeof fetch)).rejects.toThrow(/no serverTimeMs/)
    await expect(fetchServerTimeMs(answer({ code: 'X' }, 503) as typeof fetch)).rejects.toThrow(/503/)
  })
})
