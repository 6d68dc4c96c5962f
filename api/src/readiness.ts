/**
 * What /readyz answers: the reasons the api should get no traffic now, from its checks (broker, database), and
 * "shutting down" once a SIGTERM has started the drain: the load balancer takes the instance out while it still
 * answers what is sent to it, before the server closes.
 */
export interface Readiness {
  readonly draining: boolean
  startDraining(): void
  notReadyReasons(): string[]
}

export function createReadiness(checks: ReadonlyArray<() => readonly string[]>): Readiness {
  let draining = false
  return {
    get draining() {
      return draining
    },
    startDraining: () => void (draining = true),
    notReadyReasons() {
      const reasons = draining ? ['shutting down: draining the requests in flight'] : []
      for (const check of checks) reasons.push(...check())
      return reasons
    },
  }
}
