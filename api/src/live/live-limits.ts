/**
 * What one api reader lets the live stream hold (LIVE_* settings, config.ts): connections in all and from one
 * client address, how often each is pinged and how long its pong may take, and how far behind (bytes queued to
 * send) a client may fall before it is dropped. Sized for the pod: each connection costs its queue at worst, so
 * maxClients × maxBufferedBytes (2,000 × 256 KiB = 500 MiB) stays inside the api's 1.5 GiB memory limit.
 */
export interface LiveLimits {
  maxClients: number
  maxClientsPerAddress: number
  pingIntervalMs: number
  pongTimeoutMs: number
  maxBufferedBytes: number
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxClients: 2000, maxClientsPerAddress: 50, pingIntervalMs: 30_000, pongTimeoutMs: 10_000, maxBufferedBytes: 256 * 1024,
}

export type SlotRefusal = 'clients' | 'address'

/**
 * The live stream's connection slots, counted per client address and in all. A slot is taken before the
 * WebSocket handshake (so a refused client never costs a socket's buffers) and given back once, when its
 * connection closes, however it ends.
 */
export class LiveSlots {
  readonly #byAddress = new Map<string, number>()
  #total = 0

  constructor(private readonly limits: Pick<LiveLimits, 'maxClients' | 'maxClientsPerAddress'>) {}

  get total(): number {
    return this.#total
  }

  /** A slot for this address, with the function that gives it back (idempotent); or why there is none. */
  take(address: string): { release: () => void } | { refused: SlotRefusal } {
    const held = this.#byAddress.get(address) ?? 0
    if (this.#total >= this.limits.maxClients) return { refused: 'clients' }
    if (held >= this.limits.maxClientsPerAddress) return { refused: 'address' }
    this.#byAddress.set(address, held + 1)
    this.#total += 1
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        this.#total -= 1
        const left = (this.#byAddress.get(address) ?? 1) - 1
        if (left > 0) this.#byAddress.set(address, left)
        else this.#byAddress.delete(address)
      },
    }
  }
}
