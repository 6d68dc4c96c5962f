import { describe, expect, it } from 'vitest'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE } from './login-throttle.js'

function throttleAt(startMs = 1_000_000, overrides = {}) {
  const clock = { nowMs: startMs }
  return { clock, throttle: createLoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, ...overrides, now: () => clock.nowMs }) }
}

describe('createLoginThrottle', () => {
  it('locks a username for 15 minutes after 5 failures within 15 minutes, then lets it try again', () => {
    const { clock, throttle } = throttleAt()
    for (let i = 0; i < 4; i++) throttle.recordFailure('Dispatcher', '10.0.0.1')
    expect(throttle.lockoutOf('dispatcher', '10.0.0.2')).toBeNull()
    throttle.recordFailure('dispatcher', '10.0.0.3') // the same username, whatever its case and address
    expect(throttle.lockoutOf('DISPATCHER', '10.0.0.9')).toEqual({ by: 'username', retryAfterMs: 15 * 60_000 })
    expect(throttle.lockoutOf('someone-else', '10.0.0.9')).toBeNull()
    clock.nowMs += 15 * 60_000 - 1
    expect(throttle.lockoutOf('dispatcher', '10.0.0.9')?.retryAfterMs).toBe(1)
    clock.nowMs += 1
    expect(throttle.lockoutOf('dispatcher', '10.0.0.9')).toBeNull()
    throttle.recordFailure('dispatcher', '10.0.0.9') // the old failures are out of the window
    expect(throttle.lockoutOf('dispatcher', '10.0.0.9')).toBeNull()
  })

  it('forgets failures older than the window', () => {
    const { clock, throttle } = throttleAt()
    for (let i = 0; i < 4; i++) throttle.recordFailure('a', '10.0.0.1')
    clock.nowMs += 15 * 60_000
    throttle.recordFailure('a', '10.0.0.1')
    expect(throttle.lockoutOf('a', '10.0.0.1')).toBeNull()
  })

  it('clears a username\'s failures on success, but not its address\'s', () => {
    const { throttle } = throttleAt(0, { maxFailuresPerAddress: 8 })
    for (let i = 0; i < 4; i++) throttle.recordFailure('a', '10.0.0.1')
    throttle.recordSuccess('a')
    for (let i = 0; i < 4; i++) throttle.recordFailure('a', '10.0.0.1')
    expect(throttle.lockoutOf('a', '10.0.0.2')).toBeNull()
    expect(throttle.lockoutOf('b', '10.0.0.1')).toEqual({ by: 'address', retryAfterMs: 15 * 60_000 })
  })

  it('locks an address after 20 failures over any usernames', () => {
    const { throttle } = throttleAt()
    for (let i = 0; i < 19; i++) throttle.recordFailure(`user-${i}`, '10.0.0.1')
    expect(throttle.lockoutOf('new', '10.0.0.1')).toBeNull()
    throttle.recordFailure('user-19', '10.0.0.1')
    expect(throttle.lockoutOf('new', '10.0.0.1')?.by).toBe('address')
    expect(throttle.lockoutOf('new', '10.0.0.2')).toBeNull()
  })

  it('holds at most maxTracked keys, dropping the longest quiet first', () => {
    const { throttle } = throttleAt(0, { maxTracked: 4, maxFailuresPerUsername: 1 })
    throttle.recordFailure('first', '10.0.0.1')
    expect(throttle.lockoutOf('first', '10.0.0.9')?.by).toBe('username')
    throttle.recordFailure('second', '10.0.0.2')
    throttle.recordFailure('third', '10.0.0.3') // 6 keys over 4: first's username and address go
    expect(throttle.lockoutOf('first', '10.0.0.9')).toBeNull()
    expect(throttle.lockoutOf('third', '10.0.0.9')?.by).toBe('username')
  })
})
