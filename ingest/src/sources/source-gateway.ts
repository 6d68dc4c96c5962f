import type { PingRejection } from '@masar/model/telemetry/parse-position-message'
import { checkPing } from '@masar/model/telemetry/parse-ping'
import type { PingLimits } from '@masar/model/telemetry/ping-limits'
import type { Logger } from 'pino'
import type { IngestMetrics } from '../metrics.js'
import type { DeviceCheck, DeviceDirectory, SourceGrant } from './device-directory.js'
import type { FixPublisher } from './fix-publisher.js'
import type { DecodedFixes, SourceKind, SourceRejection } from './source-fix.js'


export interface GatewayOutcome {
  published: number
  refused: SourceRejection[]
  /** Set when the broker did not take some fixes: the sender must try again (HTTP 503, no MQTT acknowledgement). */
  notQueued: Error | null
}

export interface SourceGatewayOptions {
  directory: DeviceDirectory
  publisher: FixPublisher
  /** Keeps refusals in ping_rejects (the ingest pipeline, as a message without pings). */
  deadLetters: (source: SourceKind, receivedAtMs: number, rejections: PingRejection[]) => void
  metrics: IngestMetrics
  logger: Logger
  /** The MQTT path's limits at a receive time: a fix it would refuse is refused here, so the sender is told. */
  limitsAt: (nowMs: number) => PingLimits
  /** The trip a driver declared for the vehicle (from the phone's page), stamped on its fixes that name none. */
  declaredTripOf?: (vehicleId: string) => string | undefined
}

const utf8 = new TextEncoder()
/**
 * A big poll (a 10,000-vehicle feed) is published in slices of this many fixes, the event loop turning between them:
 * ingest's own subscriber then receives and stores the first fixes while the rest are published, instead of after
 * a loop of 10,000 publishes (200–300 ms here). A phone's request (one fix) never waits.
 */
const PUBLISH_SLICE = 250
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * What every source other than Masar's MQTT contract goes through after its decoder: each fix's device is checked
 * against the directory (a phone by its own token, a source's devices by the source's grant) and published on its
 * vehicle's topic; every refusal goes to the dead letters with its reason, the fixes beside it unaffected.
 */
export class SourceGateway {
  constructor(private readonly options: SourceGatewayOptions) {}

  /** Fixes each device reports for itself (OsmAnd, Traccar Client): `token` must be that device's. */
  fromDevices(source: SourceKind, decoded: DecodedFixes, token: string | undefined, receivedAtMs: number): Promise<GatewayOutcome> {
    return this.#take(source, decoded, receivedAtMs, (device) => this.options.directory.checkDevice(device, token))
  }

  /** Fixes a source names its devices in (Traccar's forwarders, vendor feeds), the source already authenticated. */
  fromSource(source: SourceKind, grant: SourceGrant, decoded: DecodedFixes, receivedAtMs: number): Promise<GatewayOutcome> {
    return this.#take(source, decoded, receivedAtMs, (device) => this.options.directory.vehicleOf(device, grant))
  }

  /** A whole request or poll refused before any fix was read (no key, a body in no known format). */
  refuse(source: SourceKind, rejection: SourceRejection, receivedAtMs: number): GatewayOutcome {
    this.#deadLetter(source, receivedAtMs, [rejection])
    return { published: 0, refused: [rejection], notQueued: null }
  }

  async #take(source: SourceKind, decoded: DecodedFixes, receivedAtMs: number, check: (device: string) => DeviceCheck): Promise<GatewayOutcome> {
    const { publisher, metrics } = this.options
    const refused: SourceRejection[] = [...decoded.rejections]
    const publishing: Promise<void>[] = []
    for (const [index, fix] of decoded.fixes.entries()) {
      if (index > 0 && index % PUBLISH_SLICE === 0) await nextTurn()
      const checked = check(fix.device)
      if (!checked.ok) {
        refused.push({ reason: checked.reason, detail: checked.detail, device: fix.device, payload: utf8.encode(JSON.stringify({ device: fix.device, ...fix.payload })) })
        continue
      }
      const { agencyId, vehicleId, autoRegistered } = checked.vehicle
      const declaredTripId = fix.payload.tripId ? undefined : this.options.declaredTripOf?.(vehicleId)
      const payload = declaredTripId ? { ...fix.payload, tripId: declaredTripId } : fix.payload
      // the contract's own check (the one ingest applies to every message): the sender hears why now
      const valid = checkPing(payload, { agencyId, vehicleId }, this.options.limitsAt(receivedAtMs))
      if (!valid.ok) {
        refused.push({ reason: valid.reason, detail: valid.detail, device: fix.device, payload: utf8.encode(JSON.stringify({ device: fix.device, ...fix.payload })) })
        continue
      }
      if (autoRegistered) metrics.devicesRegistered.inc({ source })
      publishing.push(publisher.publish(agencyId, vehicleId, payload))
    }
    this.#deadLetter(source, receivedAtMs, refused)
    const settled = await Promise.allSettled(publishing)
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    const published = settled.length - failures.length
    if (published > 0) metrics.sourceFixes.inc({ source, outcome: 'published' }, published)
    if (failures.length > 0) {
      metrics.sourceFixes.inc({ source, outcome: 'not_queued' }, failures.length)
      this.options.logger.warn({ source, notQueued: failures.length, err: failures[0]!.reason }, 'fixes not taken by the broker: the sender is told to try again')
    }
    return { published, refused, notQueued: failures.length > 0 ? (failures[0]!.reason as Error) : null }
  }

  #deadLetter(source: SourceKind, receivedAtMs: number, refused: SourceRejection[]): void {
    if (refused.length === 0) return
    this.options.metrics.sourceFixes.inc({ source, outcome: 'refused' }, refused.length)
    this.options.deadLetters(source, receivedAtMs, refused.map(({ reason, detail, payload, device }) => ({ reason, detail, payload, ...(device ? { vehicleId: device.slice(0, 64) } : {}) })))
  }
}
