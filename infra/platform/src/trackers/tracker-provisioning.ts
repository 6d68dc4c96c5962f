import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkIdentifier, CredentialsError, formatAcl, formatPasswordFile, parsePasswordFile, SERVICE_ACCOUNTS, trackerTopics, type TrackerRegistration } from './broker-credentials.js'
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
}

const REGISTRY = 'trackers.json'
const PASSWD = 'passwd'
const ACL = 'acl'

export class TrackerProvisioning {
  constructor(readonly dir: string, private readonly now: () => Date = () => new Date()) {}

  async list(): Promise<TrackerRegistration[]> {
    return this.#readRegistry()
  }

  /** Registers vehicles (or re-issues their password when already registered) and issues each a password. */
  async add(vehicleIds: readonly string[], agencyId: string): Promise<IssuedCredentials[]> {
    checkIdentifier('agency id', agencyId)
    for (const id of vehicleIds) checkIdentifier('vehicle id', id)
    const registry = await this.#readRegistry()
    const passwords = await this.#readPasswords()
    const issuedAt = this.now().toISOString()
    const issued: IssuedCredentials[] = []
    for (const vehicleId of vehicleIds) {
      // A tracker's session is named by its login (use_username_as_clientid): a vehicle named like a service's client
      // id (masar-ingest-ingest-0, masar-realtime-{key}) could take that service's session over.
      if (vehicleId.startsWith('masar-')) throw new CredentialsError('INVALID_IDENTIFIER', `"${vehicleId}": names starting with "masar-" are the services' (their logins and sessions), not a vehicle's`)
      const registration: TrackerRegistration = { vehicleId, agencyId, issuedAt }
      const existing = registry.findIndex((r) => r.vehicleId === vehicleId)
      if (existing >= 0) registry[existing] = registration
      else registry.push(registration)
      const password = generatePassword()
      passwords.set(vehicleId, hashMosquittoPassword(password))
      issued.push({ registration, username: vehicleId, password })
    }
    await this.#write(registry, passwords)
    return issued
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
    await this.#write(registry.filter((r) => r.vehicleId !== vehicleId), passwords)
  }

  /** Sets a service account's password (masar-ingest, masar-api), given by the operator. */
  async setServicePassword(username: string, password: string): Promise<void> {
    if (!SERVICE_ACCOUNTS.some((s) => s.username === username)) throw new CredentialsError('INVALID_IDENTIFIER', `"${username}" is not a service account (${SERVICE_ACCOUNTS.map((s) => s.username).join(', ')})`)
    if (password.length < 16) throw new CredentialsError('INVALID_IDENTIFIER', `the password of ${username} must be 16 characters or more`)
    const passwords = await this.#readPasswords()
    passwords.set(username, hashMosquittoPassword(password))
    await this.#write(await this.#readRegistry(), passwords)
  }

  async #readRegistry(): Promise<TrackerRegistration[]> {
    const text = await readFile(join(this.dir, REGISTRY), 'utf8').catch(ifMissing('[]'))
    return JSON.parse(text) as TrackerRegistration[]
  }

  async #readPasswords(): Promise<Map<string, string>> {
    return parsePasswordFile(await readFile(join(this.dir, PASSWD), 'utf8').catch(ifMissing('')))
  }

  async #write(registry: TrackerRegistration[], passwords: Map<string, string>): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    registry.sort((a, b) => a.vehicleId.localeCompare(b.vehicleId))
    await writeAtomically(join(this.dir, REGISTRY), `${JSON.stringify(registry, null, 2)}\n`, 0o644)
    await writeAtomically(join(this.dir, PASSWD), formatPasswordFile(passwords), 0o640)
    await writeAtomically(join(this.dir, ACL), formatAcl(registry), 0o644)
  }
}

/** What to load into a tracker: its broker login, topics and reporting settings. */
export function trackerConfiguration(issued: IssuedCredentials, brokerUrl: string, reportEveryS = 10): TrackerConfiguration {
  const [position, positions] = trackerTopics(issued.registration)
  return {
    vehicleId: issued.registration.vehicleId, agencyId: issued.registration.agencyId,
    broker: { url: brokerUrl, clientId: issued.username, username: issued.username, password: issued.password, protocolVersion: 5, keepaliveS: 30, cleanStart: false },
    topics: { position: position!, positions: positions! }, qos: 1, reportEveryS,
  }
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
