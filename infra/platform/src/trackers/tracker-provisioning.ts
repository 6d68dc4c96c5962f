import { TRACCAR_JSON_PATH } from '@masar/model/telemetry/source-endpoints'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkIdentifier, CredentialsError, formatAcl, formatPasswordFile, parsePasswordFile, SERVICE_ACCOUNTS, trackerTopics, type SourceRegistration, type TrackerRegistration } from './broker-credentials.js'
import { generatePassword, hashMosquittoPassword } from './mosquitto-password.js'

/**
 * Tracker provisioning on disk, in the folder Mosquitto reads (infra/compose/mosquitto): `trackers.json` (who is
 * registered, no secrets), `passwd` (hashes only) and `acl` (generated from the registrations). A password is shown
 * once, when it is issued; rotating issues a new one and the old stops working when the broker reloads.
 */
export interface IssuedCredentials {
  registration: TrackerRegistration
  username: string
  password: string
}

export interface TrackerConfiguration {
  vehicleId: string
  agencyId: string
  broker: { url: string; clientId: string; username: string; password: string; protocolVersion: 5; keepaliveS: number; cleanStart: false }
  topics: { position: string; positions: string }
  qos: 1
  reportEveryS: number
  /** The same vehicle as a phone (Traccar Client, OsmAnd): its server URL carries the token; its device id is the vehicle's. */
  osmand: { serverUrl: string; deviceId: string }
}

/** What to paste into a Traccar server that forwards to Masar (traccar.xml entries), with its key. */
export interface SourceConfiguration {
  sourceId: string
  agencyId: string
  key: string
  autoRegister: boolean
  traccarXml: Record<string, string>
}

export const REGISTRY = 'trackers.json'
export const SOURCES = 'sources.json'
export const PASSWD = 'passwd'
const ACL = 'acl'

/** A source's key, shown once when issued: Traccar sends it (forward.header, or its MQTT forwarder's login). */
export interface IssuedSourceKey {
  registration: SourceRegistration
  key: string
}

/**
 * The provisioned logins as ingest's gateway reads them: trackers (a phone's token is its tracker password), sources
 * (a Traccar server's key) and the password hashes of both.
 */
export interface ProvisionedCredentials {
  trackers: TrackerRegistration[]
  sources: SourceRegistration[]
  passwords: Map<string, string>
}

export async function readProvisionedCredentials(dir: string): Promise<ProvisionedCredentials> {
  const [trackers, sources, passwd] = await Promise.all([
    readFile(join(dir, REGISTRY), 'utf8').catch(ifMissing('[]')),
    readFile(join(dir, SOURCES), 'utf8').catch(ifMissing('[]')),
    readFile(join(dir, PASSWD), 'utf8').catch(ifMissing('')),
  ])
  return { trackers: JSON.parse(trackers) as TrackerRegistration[], sources: JSON.parse(sources) as SourceRegistration[], passwords: parsePasswordFile(passwd) }
}

export class TrackerProvisioning {
  constructor(readonly dir: string, private readonly now: () => Date = () => new Date()) {}

  async list(): Promise<TrackerRegistration[]> {
    return this.#readRegistry()
  }

  /** Registers vehicles (or re-issues their password when already registered) and issues each a password. */
  async add(vehicleIds: readonly string[], agencyId: string, options: { deviceIds?: readonly string[] } = {}): Promise<IssuedCredentials[]> {
    checkIdentifier('agency id', agencyId)
    for (const id of vehicleIds) checkIdentifier('vehicle id', id)
    const deviceIds = options.deviceIds ?? []
    if (deviceIds.length > 0 && vehicleIds.length !== 1) throw new CredentialsError('INVALID_IDENTIFIER', 'device ids name one vehicle: add one vehicle at a time with --device')
    for (const id of deviceIds) checkDeviceId(id)
    const registry = await this.#readRegistry()
    const sources = await this.#readSources()
    const passwords = await this.#readPasswords()
    const issuedAt = this.now().toISOString()
    const issued: IssuedCredentials[] = []
    for (const vehicleId of vehicleIds) {
      // A tracker's session is named by its login (use_username_as_clientid): a vehicle named like a service's client
      // id (masar-ingest-ingest-0, masar-realtime-{key}) could take that service's session over.
      if (vehicleId.startsWith('masar-')) throw new CredentialsError('INVALID_IDENTIFIER', `"${vehicleId}": names starting with "masar-" are the services' (their logins and sessions), not a vehicle's`)
      if (sources.some((source) => source.sourceId === vehicleId)) throw new CredentialsError('INVALID_IDENTIFIER', `"${vehicleId}" is a source's login`)
      const existing = registry.findIndex((r) => r.vehicleId === vehicleId)
      const keptDeviceIds = deviceIds.length > 0 ? [...deviceIds] : registry[existing]?.deviceIds
      const claimed = registry.find((r) => r.vehicleId !== vehicleId && (r.deviceIds ?? []).some((d) => deviceIds.includes(d)))
      if (claimed) throw new CredentialsError('INVALID_IDENTIFIER', `a device id given is already ${claimed.vehicleId}'s`)
      const registration: TrackerRegistration = { vehicleId, agencyId, issuedAt, ...(keptDeviceIds?.length ? { deviceIds: keptDeviceIds } : {}) }
      if (existing >= 0) registry[existing] = registration
      else registry.push(registration)
      const password = generatePassword()
      passwords.set(vehicleId, hashMosquittoPassword(password))
      issued.push({ registration, username: vehicleId, password })
    }
    await this.#write(registry, passwords, sources)
    return issued
  }

  async listSources(): Promise<SourceRegistration[]> {
    return this.#readSources()
  }

  /** Registers a Traccar server (or re-issues its key) that forwards its devices' fixes. */
  async addSource(sourceId: string, agencyId: string, options: { autoRegister?: boolean } = {}): Promise<IssuedSourceKey> {
    checkIdentifier('username', sourceId)
    checkIdentifier('agency id', agencyId)
    if (sourceId.startsWith('masar-')) throw new CredentialsError('INVALID_IDENTIFIER', `"${sourceId}": names starting with "masar-" are the services'`)
    const registry = await this.#readRegistry()
    if (registry.some((r) => r.vehicleId === sourceId)) throw new CredentialsError('INVALID_IDENTIFIER', `"${sourceId}" is a tracker's login`)
    const sources = (await this.#readSources()).filter((s) => s.sourceId !== sourceId)
    const registration: SourceRegistration = { sourceId, kind: 'traccar', agencyId, autoRegister: options.autoRegister ?? false, issuedAt: this.now().toISOString() }
    sources.push(registration)
    const passwords = await this.#readPasswords()
    const key = generatePassword()
    passwords.set(sourceId, hashMosquittoPassword(key))
    await this.#write(registry, passwords, sources)
    return { registration, key }
  }

  async removeSource(sourceId: string): Promise<void> {
    const sources = await this.#readSources()
    if (!sources.some((s) => s.sourceId === sourceId)) throw new CredentialsError('UNKNOWN_TRACKER', `no source "${sourceId}" is registered (see: provision source list)`)
    const passwords = await this.#readPasswords()
    passwords.delete(sourceId)
    await this.#write(await this.#readRegistry(), passwords, sources.filter((s) => s.sourceId !== sourceId))
  }

  /** A new password for a registered tracker; the old one no longer works once the broker reloads its files. */
  async rotate(vehicleId: string): Promise<IssuedCredentials> {
    const registration = (await this.#readRegistry()).find((r) => r.vehicleId === vehicleId)
    if (!registration) throw new CredentialsError('UNKNOWN_TRACKER', `no tracker "${vehicleId}" is registered (see: provision list)`)
    const [issued] = await this.add([vehicleId], registration.agencyId)
    return issued!
  }

  async remove(vehicleId: string): Promise<void> {
    const registry = await this.#readRegistry()
    if (!registry.some((r) => r.vehicleId === vehicleId)) throw new CredentialsError('UNKNOWN_TRACKER', `no tracker "${vehicleId}" is registered (see: provision list)`)
    const passwords = await this.#readPasswords()
    passwords.delete(vehicleId)
    await this.#write(registry.filter((r) => r.vehicleId !== vehicleId), passwords, await this.#readSources())
  }

  /** Sets a service account's password (masar-ingest, masar-api), given by the operator. */
  async setServicePassword(username: string, password: string): Promise<void> {
    if (!SERVICE_ACCOUNTS.some((s) => s.username === username)) throw new CredentialsError('INVALID_IDENTIFIER', `"${username}" is not a service account (${SERVICE_ACCOUNTS.map((s) => s.username).join(', ')})`)
    if (password.length < 16) throw new CredentialsError('INVALID_IDENTIFIER', `the password of ${username} must be 16 characters or more`)
    const passwords = await this.#readPasswords()
    passwords.set(username, hashMosquittoPassword(password))
    await this.#write(await this.#readRegistry(), passwords, await this.#readSources())
  }

  async #readRegistry(): Promise<TrackerRegistration[]> {
    const text = await readFile(join(this.dir, REGISTRY), 'utf8').catch(ifMissing('[]'))
    return JSON.parse(text) as TrackerRegistration[]
  }

  async #readSources(): Promise<SourceRegistration[]> {
    return JSON.parse(await readFile(join(this.dir, SOURCES), 'utf8').catch(ifMissing('[]'))) as SourceRegistration[]
  }

  async #readPasswords(): Promise<Map<string, string>> {
    return parsePasswordFile(await readFile(join(this.dir, PASSWD), 'utf8').catch(ifMissing('')))
  }

  async #write(registry: TrackerRegistration[], passwords: Map<string, string>, sources: SourceRegistration[]): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    registry.sort((a, b) => a.vehicleId.localeCompare(b.vehicleId))
    sources.sort((a, b) => a.sourceId.localeCompare(b.sourceId))
    await writeAtomically(join(this.dir, REGISTRY), `${JSON.stringify(registry, null, 2)}\n`, 0o644)
    await writeAtomically(join(this.dir, SOURCES), `${JSON.stringify(sources, null, 2)}\n`, 0o644)
    await writeAtomically(join(this.dir, PASSWD), formatPasswordFile(passwords), 0o640)
    await writeAtomically(join(this.dir, ACL), formatAcl(registry, SERVICE_ACCOUNTS, sources), 0o644)
  }
}

/** What to load into a tracker: its broker login, topics and reporting settings. */
export function trackerConfiguration(issued: IssuedCredentials, brokerUrl: string, options: { gatewayUrl?: string; reportEveryS?: number } = {}): TrackerConfiguration {
  const [position, positions] = trackerTopics(issued.registration)
  const gatewayUrl = (options.gatewayUrl ?? 'http://trackers.example.org:5055').replace(/\/$/, '')
  return {
    vehicleId: issued.registration.vehicleId, agencyId: issued.registration.agencyId,
    broker: { url: brokerUrl, clientId: issued.username, username: issued.username, password: issued.password, protocolVersion: 5, keepaliveS: 30, cleanStart: false },
    topics: { position: position!, positions: positions! }, qos: 1, reportEveryS: options.reportEveryS ?? 10,
    osmand: { serverUrl: `${gatewayUrl}/?token=${encodeURIComponent(issued.password)}`, deviceId: issued.registration.vehicleId },
  }
}

/**
 * Traccar's forwarding to Masar (Traccar's config keys, Keys.java: forward.type, forward.url, forward.header, forward.retry.enable; forwarding is on once forward.url is set), the
 * JSON forwarder with the key as a bearer token. Its MQTT forwarder logs in as the source with the key as password.
 */
export function sourceConfiguration(issued: IssuedSourceKey, gatewayUrl: string): SourceConfiguration {
  const { sourceId, agencyId, autoRegister } = issued.registration
  return {
    sourceId, agencyId, key: issued.key, autoRegister,
    traccarXml: {
      'forward.type': 'json',
      'forward.url': `${gatewayUrl.replace(/\/$/, '')}${TRACCAR_JSON_PATH}`,
      'forward.header': `Authorization: Bearer ${issued.key}`,
      'forward.retry.enable': 'true',
    },
  }
}

/** A device id (Traccar uniqueId, an IMEI, a phone's id): printable, no separators that break a URL or a file. */
const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/

function checkDeviceId(id: string): string {
  if (!DEVICE_ID_PATTERN.test(id)) throw new CredentialsError('INVALID_IDENTIFIER', `"${id}" is not a valid device id: letters, digits, "_", ".", ":" and "-", up to 128`)
  return id
}

const ifMissing = (fallback: string) => (err: NodeJS.ErrnoException) => {
  if (err.code === 'ENOENT') return fallback
  throw err
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, text, { mode })
  await chmod(temporary, mode)
  await rename(temporary, path)
}
