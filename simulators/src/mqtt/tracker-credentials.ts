import { readFile } from 'node:fs/promises'

/**
 * Tracker credentials from a JSON file: `{ "bus-0001": { "username": "…", "password": "…" }, … }`, and optionally
 * `"*"`, a template for every other vehicle, where `{vehicleId}` is replaced by the vehicle's id
 * (`{ "*": { "username": "{vehicleId}", "password": "tracker-{vehicleId}" } }`).
 */
export type Credentials = { username: string; password: string }

export class CredentialsError extends Error {
  readonly code = 'SIM_BAD_CREDENTIALS'
}

export function credentialsFrom(table: unknown): (vehicleId: string) => Credentials | null {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new CredentialsError('the credentials file must hold a JSON object of vehicle id → { username, password }')
  const entries = Object.entries(table as Record<string, unknown>)
  for (const [vehicleId, value] of entries) {
    const v = value as Partial<Credentials> | null
    if (typeof v?.username !== 'string' || typeof v.password !== 'string') throw new CredentialsError(`credentials of "${vehicleId}" need a string username and password`)
  }
  const byVehicle = new Map(entries as Array<[string, Credentials]>)
  const template = byVehicle.get('*')
  return (vehicleId) => {
    const own = byVehicle.get(vehicleId)
    if (own) return own
    if (!template) return null
    return { username: template.username.replaceAll('{vehicleId}', vehicleId), password: template.password.replaceAll('{vehicleId}', vehicleId) }
  }
}

export async function readCredentialsFile(path: string): Promise<(vehicleId: string) => Credentials | null> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new CredentialsError(`cannot read the credentials file ${path}: ${err.message}`)
  })
  try {
    return credentialsFrom(JSON.parse(text))
  } catch (err) {
    if (err instanceof CredentialsError) throw err
    throw new CredentialsError(`the credentials file ${path} is not JSON: ${(err as Error).message}`)
  }
}
