/** What the watcher logs with (a pino logger fits). */
export interface WatchLogger {
  info(details: object, message: string): void
  warn(details: object, message: string): void
}

export interface ActivationCheck {
  /** Reads the active feed and reports it if it changed; a request while one runs makes that one run again after. */
  request(): Promise<void>
  /** Settles after the first read that succeeded (or at close). */
  readonly firstSuccess: Promise<void>
  /** Waits for a running check; no report after this. */
  close(): Promise<void>
}

/**
 * "Which feed is active, and is it new to us?", serialized: onActivated runs one call at a time, and a burst of
 * notifications during a schedule reload ends in one more read, not one per notification.
 */
export function createActivationCheck(options: {
  read: () => Promise<number | null>
  knownFeedId: number | null
  onActivated: (feedId: number) => Promise<void> | void
  log: WatchLogger
}): ActivationCheck {
  let knownFeedId = options.knownFeedId
  let running: Promise<void> | null = null
  let again = false
  let closed = false
  let succeeded: () => void = () => {}
  const firstSuccess = new Promise<void>((resolve) => (succeeded = resolve))

  async function checkOnce(): Promise<void> {
    let active: number | null
    try {
      active = await options.read()
    } catch (err) {
      if (!closed) options.log.warn({ err }, 'could not read the active feed; trying again at the next check')
      return
    }
    succeeded()
    if (active === null || active === knownFeedId || closed) return
    try {
      await options.onActivated(active)
      options.log.info({ feedId: active, previousFeedId: knownFeedId }, 'active feed changed')
      knownFeedId = active
    } catch (err) {
      options.log.warn({ err, feedId: active }, 'switching to the newly active feed failed; trying again at the next check')
    }
  }

  async function loop(): Promise<void> {
    do {
      again = false
      await checkOnce()
    } while (again && !closed)
  }

  return {
    request() {
      if (closed) return Promise.resolve()
      if (running) {
        again = true
        return running
      }
      running = loop().finally(() => (running = null))
      return running
    },
    firstSuccess,
    async close() {
      closed = true
      succeeded()
      await running
    },
  }
}
