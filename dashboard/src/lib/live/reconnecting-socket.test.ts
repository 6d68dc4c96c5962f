import { describe, expect, it } from 'vitest'
import { LIVE_REVOKED_CLOSE_CODE, type LiveMessage } from '@masar/model/api/live'
import { backoffDelayMs, ReconnectingSocket, type LiveStatus, type SocketLike } from './reconnecting-socket.js'

class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  closedWith: number | undefined = undefined
  close(code?: number): void {
    this.closedWith = code
  }
}

describe('backoffDelayMs', () => {
  it('doubles from 1 s and stops at 30 s, within ±20 %', () => {
    const middle = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelayMs(n, middle))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
    expect(backoffDelayMs(0, () => 0)).toBe(800)
    expect(backoffDelayMs(0, () => 1)).toBe(1200)
  })
})

describe('ReconnectingSocket', () => {
  it('reconnects after a drop, resets the backoff once open, and stops for good', () => {
    const sockets: FakeSocket[] = []
    const statuses: LiveStatus[] = []
    const messages: LiveMessage[] = []
    const timers: Array<{ fn: () => void; ms: number }> = []
    const live = new ReconnectingSocket({
      url: 'ws://x/api/v1/live',
      open: () => {
        const socket = new FakeSocket()
        sockets.push(socket)
        return socket
      },
      onMessage: (m) => messages.push(m),
      onStatus: (s) => statuses.push(s),
      setTimeout: (fn, ms) => timers.push({ fn, ms }),
      clearTimeout: () => {},
      random: () => 0.5,
    })
    live.start()
    sockets[0]!.onopen!(new Event('open'))
    sockets[0]!.onmessage!({ data: '{"type":"snapshot","vehicles":[]}' } as MessageEvent)
    sockets[0]!.onmessage!({ data: 'garbage' } as MessageEvent)
    sockets[0]!.onclose!({} as CloseEvent)
    expect(timers.map((t) => t.ms)).toEqual([1000])
    timers[0]!.fn()
    sockets[1]!.onclose!({} as CloseEvent) // failed before opening: wait longer
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000])
    timers[1]!.fn()
    sockets[2]!.onopen!(new Event('open'))
    sockets[2]!.onclose!({} as CloseEvent) // opened, so the next wait starts again at 1 s
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000, 1000])

    expect(messages).toEqual([{ type: 'snapshot', vehicles: [] }])
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live', 'reconnecting'])

    timers[2]!.fn()
    live.stop()
    expect(sockets[3]!.closedWith).toBe(1000)
    expect(sockets).toHaveLength(4)
  })

  it('does not reconnect once the server ends the stream for a revoked token, and says so', () => {
    const sockets: FakeSocket[] = []
    const timers: Array<() => void> = []
    let revoked = 0
    const live = new ReconnectingSocket({
      url: 'ws://x/api/v1/live',
      open: () => {
        const socket = new FakeSocket()
        sockets.push(socket)
        return socket
      },
      onMessage: () => {},
      onStatus: () => {},
      onRevoked: () => (revoked += 1),
      setTimeout: (fn) => timers.push(fn),
      clearTimeout: () => {},
    })
    live.start()
    sockets[0]!.onopen!(new Event('open'))
    sockets[0]!.onclose!({ code: LIVE_REVOKED_CLOSE_CODE } as CloseEvent)
    expect([revoked, timers.length, sockets.length]).toEqual([1, 0, 1])
  })
})
