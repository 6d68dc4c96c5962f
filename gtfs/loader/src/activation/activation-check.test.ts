import { describe, expect, it } from 'vitest'
import { createActivationCheck } from './activation-check.js'

const quiet = { info: () => {}, warn: () => {} }
/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('createActivationCheck', () => {
  it('reports a feed only when it differs from the one known, and not "no active feed"', async () => {
    let active: number | null = null
    const reported: number[] = []
    const check = createActivationCheck({ read: async () => active, knownFeedId: 3, onActivated: (id) => void reported.push(id), log: quiet })
    await check.request()
    active = 3
    await check.request()
    active = 4
    await check.request()
    await check.request()
    expect(reported).toEqual([4])
  })

  it('runs one switch at a time, and a burst of requests during one ends in a single further read', async () => {
    let active = 2
    let reads = 0
    const reported: number[] = []
    let finishSwitch: () => void = () => {}
    const check = createActivationCheck({
      read: async () => (reads++, active),
      knownFeedId: 1,
      onActivated: (id) => new Promise<void>((resolve) => {
        reported.push(id)
        finishSwitch = resolve
      }),
      log: quiet,
    })
    const first = check.request()
    await settle()
    expect(reported).toEqual([2])
    active = 5
    void check.request()
    void check.request()
    void check.request()
    finishSwitch()
    await settle()
    expect(reported).toEqual([2, 5])
    finishSwitch()
    await first
    expect(reads).toBe(2)
  })

  it('tries a failed switch again at the next request, and keeps going after a failed read', async () => {
    const warnings: string[] = []
    let failSwitch = true
    let failRead = true
    const reported: number[] = []
    const check = createActivationCheck({
      read: async () => {
        if (failRead) throw new Error('connection lost')
        return 7
      },
      knownFeedId: 6,
      onActivated: (id) => {
        if (failSwitch) throw new Error('schedule did not load')
        reported.push(id)
      },
      log: { info: () => {}, warn: (_details, message) => warnings.push(message) },
    })
    await check.request()
    failRead = false
    await check.request()
    failSwitch = false
    await check.request()
    await check.request()
    expect(reported).toEqual([7])
    expect(warnings).toEqual([
      'could not read the active feed; trying again at the next check',
      'switching to the newly active feed failed; trying again at the next check',
    ])
  })

  it('settles ready at the first good read, and reports nothing after close', async () => {
    let active = 1
    const reported: number[] = []
    const check = createActivationCheck({ read: async () => active, knownFeedId: 1, onActivated: (id) => void reported.push(id), log: quiet })
    await check.request()
    await check.firstSuccess
    await check.close()
    active = 2
    await check.request()
    expect(reported).toEqual([])
  })
})
