import { createHash } from 'node:crypto'
import { IDENTIFIER_PATTERN } from '@masar/model/telemetry/topics'
import type { ProvisionedCredentials } from '@masar/platform/trackers/tracker-provisioning'
import { verifyMosquittoPassword } from '@masar/platform/trackers/mosquitto-password'

/** The vehicle a device reports for. `registered`: it was not provisioned and its source registered it now. */
export interface DeviceVehicle {
  agencyId: string
  vehicleId: string
  autoRegistered: boolean
}

export type DirectoryRefusal = { ok: false; reason: 'unauthenticated' | 'unknown_device' | 'invalid_vehicle_id'; detail: string }
export type DeviceCheck = { ok: true; vehicle: DeviceVehicle } | DirectoryRefusal
/** An authenticated source: whose devices it may name, and whether it registers unknown ones. */
export interface SourceGrant {
  sourceId: string
  agencyId: string
  autoRegister: boolean
}
export type SourceCheck = { ok: true; source: SourceGrant } | DirectoryRefusal

/**
 * Who may report, and as which vehicle. A phone (OsmAnd, Traccar Client) reports for itself with its token; a
 * source (a Traccar server) with its key, naming its devices, which map to vehicles by their id or device ids.
 */
export interface DeviceDirectory {
  /** Is token this device's own? (An OsmAnd phone: the device id is a registered vehicle or one of its device ids.) */
  checkDevice(deviceId: string, token: string | undefined): DeviceCheck
  /** Which source this key is (Traccar's HTTP forwarders send only the key). */
  sourceOfKey(key: string | undefined): SourceCheck
  /** A source already authenticated by the broker (Traccar's MQTT forwarder: the topic names its login). */
  sourceNamed(sourceId: string): SourceCheck
  /** The vehicle an authenticated source's device reports for. */
  vehicleOf(deviceId: string, source: SourceGrant): DeviceCheck
  /** How it authenticates, for the start banner. */
  readonly description: string
}

const unknownDevice = (deviceId: string): DirectoryRefusal => ({ ok: false, reason: 'unknown_device', detail: `device "${deviceId.slice(0, 128)}" is not provisioned (npm run provision -- add VEHICLE --device ID) or was removed` })

/** A device id that is not registered becomes the vehicle id as it is, when it can be one. */
function registerAs(deviceId: string, agencyId: string): DeviceCheck {
  if (!IDENTIFIER_PATTERN.test(deviceId)) return { ok: false, reason: 'invalid_vehicle_id', detail: `device "${deviceId.slice(0, 128)}" cannot be registered as a vehicle: 1–64 letters, digits, "_", "-" or "."` }
  return { ok: true, vehicle: { agencyId, vehicleId: deviceId, autoRegistered: true } }
}

/**
 * The demo's directory (npm start): the listed vehicles report without a token, any source without a key, and
 * nothing else is taken unless autoRegister. Never in production: the stack refuses it there.
 */
export function openDeviceDirectory(options: { agencyId: string; vehicleIds: Iterable<string>; autoRegister: boolean }): DeviceDirectory {
  const known = new Set(options.vehicleIds)
  const grant: SourceGrant = { sourceId: 'demo', agencyId: options.agencyId, autoRegister: options.autoRegister }
  const vehicleOf = (deviceId: string, source: SourceGrant): DeviceCheck => {
    if (known.has(deviceId)) return { ok: true, vehicle: { agencyId: options.agencyId, vehicleId: deviceId, autoRegistered: false } }
    return source.autoRegister ? registerAs(deviceId, source.agencyId) : unknownDevice(deviceId)
  }
  return {
    description: `open (demo): ${known.size} vehicles report without a token${options.autoRegister ? ', unknown devices are registered' : ''}`,
    checkDevice: (deviceId) => vehicleOf(deviceId, grant),
    sourceOfKey: () => ({ ok: true, source: grant }),
    sourceNamed: (sourceId) => ({ ok: true, source: { ...grant, sourceId } }),
    vehicleOf,
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * The provisioned directory: `npm run provision`'s files. A phone's token is its tracker password and a source's key
 * its password, checked against the Mosquitto hash (PBKDF2); a token once verified against a hash is remembered by its
 * SHA-256 until the hash changes, so a phone reporting every few seconds costs one PBKDF2 per password, not per fix.
 */
export class ProvisionedDeviceDirectory implements DeviceDirectory {
  #vehicleByDevice = new Map<string, { agencyId: string; vehicleId: string }>()
  #sources = new Map<string, { agencyId: string; autoRegister: boolean }>()
  #passwords = new Map<string, string>()
  /** SHA-256 (hex) of a secret once verified → the login and the hash it was verified against. */
  readonly #verified = new Map<string, { login: string; hash: string }>()

  constructor(credentials: ProvisionedCredentials) {
    this.load(credentials)
  }

  get description(): string {
    return `provisioned: ${new Set(this.#vehicleByDevice.values()).size} trackers, ${this.#sources.size} sources`
  }

  /** Takes freshly read files: a removed tracker or source is refused from now on. */
  load({ trackers, sources, passwords }: ProvisionedCredentials): void {
    const byDevice = new Map<string, { agencyId: string; vehicleId: string }>()
    for (const t of trackers) {
      const vehicle = { agencyId: t.agencyId, vehicleId: t.vehicleId }
      byDevice.set(t.vehicleId, vehicle)
      for (const d of t.deviceIds ?? []) byDevice.set(d, vehicle)
    }
    this.#vehicleByDevice = byDevice
    this.#sources = new Map(sources.map((s) => [s.sourceId, { agencyId: s.agencyId, autoRegister: s.autoRegister }]))
    this.#passwords = passwords
  }

  /** The login, among `logins`, whose password `secret` is; remembered by the secret's digest while the hash stands. */
  #loginOf(secret: string, logins: Iterable<string>): string | null {
    const digest = sha256(secret)
    const seen = this.#verified.get(digest)
    if (seen && this.#passwords.get(seen.login) === seen.hash) return seen.login
    for (const login of logins) {
      const hash = this.#passwords.get(login)
      if (hash && verifyMosquittoPassword(secret, hash)) {
        this.#verified.set(digest, { login, hash })
        return login
      }
    }
    return null
  }

  checkDevice(deviceId: string, token: string | undefined): DeviceCheck {
    const vehicle = this.#vehicleByDevice.get(deviceId)
    if (!vehicle) return unknownDevice(deviceId)
    if (!token) return { ok: false, reason: 'unauthenticated', detail: `device "${deviceId}" sent no token (the server URL's ?token=… or Authorization: Bearer …)` }
    if (this.#loginOf(token, [vehicle.vehicleId]) !== vehicle.vehicleId) return { ok: false, reason: 'unauthenticated', detail: `device "${deviceId}"'s token is wrong or was rotated` }
    return { ok: true, vehicle: { ...vehicle, autoRegistered: false } }
  }

  sourceOfKey(key: string | undefined): SourceCheck {
    if (!key) return { ok: false, reason: 'unauthenticated', detail: 'no source key (Authorization: Bearer …, Traccar\'s forward.header, or ?key=…)' }
    const sourceId = this.#loginOf(key, this.#sources.keys())
    if (sourceId === null) return { ok: false, reason: 'unauthenticated', detail: 'the key is no provisioned source\'s, or was rotated (npm run provision -- source add ID)' }
    return this.sourceNamed(sourceId)
  }

  sourceNamed(sourceId: string): SourceCheck {
    const source = this.#sources.get(sourceId)
    if (!source) return { ok: false, reason: 'unauthenticated', detail: `no source "${sourceId.slice(0, 64)}" is provisioned (or it was removed)` }
    return { ok: true, source: { sourceId, ...source } }
  }

  vehicleOf(deviceId: string, source: SourceGrant): DeviceCheck {
    const vehicle = this.#vehicleByDevice.get(deviceId)
    if (vehicle) return { ok: true, vehicle: { ...vehicle, autoRegistered: false } }
    return source.autoRegister ? registerAs(deviceId, source.agencyId) : unknownDevice(deviceId)
  }
}

/**
 * The provisioned directory, read from `dir` now and again whenever the files change (checked every `intervalMs`):
 * a tracker or source removed with `npm run provision` is refused within that time, without a restart.
 */
export async function watchProvisionedDirectory(dir: string, options: { intervalMs: number; onError: (err: unknown) => void }): Promise<{ directory: ProvisionedDeviceDirectory; stop(): void }> {
  const { readProvisionedCredentials, PASSWD, REGISTRY, SOURCES } = await import('@masar/platform/trackers/tracker-provisioning')
  const { stat } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const stamp = async (): Promise<string> => (await Promise.all([PASSWD, REGISTRY, SOURCES].map((f) => stat(join(dir, f)).then((s) => `${s.mtimeMs}:${s.size}`, () => '-')))).join('|')
  let seen = await stamp()
  const directory = new ProvisionedDeviceDirectory(await readProvisionedCredentials(dir))
  let reading = false
  const timer = setInterval(() => {
    if (reading) return
    reading = true
    stamp().then(async (now) => {
      if (now === seen) return
      directory.load(await readProvisionedCredentials(dir))
      seen = now
    }).catch(options.onError).finally(() => { reading = false })
  }, options.intervalMs)
  timer.unref()
  return { directory, stop: () => clearInterval(timer) }
}
