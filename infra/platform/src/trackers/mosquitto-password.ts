import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Mosquitto 2's password-file hash (what `mosquitto_passwd` writes): `$7$<iterations>$<salt>$<hash>`, PBKDF2 with
 * SHA-512, a 12-byte salt and a 64-byte key, both base64. Written here so that provisioning needs no broker tools.
 */
const SALT_BYTES = 12
const KEY_BYTES = 64
export const MOSQUITTO_DEFAULT_ITERATIONS = 101

export function hashMosquittoPassword(password: string, options: { iterations?: number; salt?: Buffer } = {}): string {
  const iterations = options.iterations ?? MOSQUITTO_DEFAULT_ITERATIONS
  const salt = options.salt ?? randomBytes(SALT_BYTES)
  const key = pbkdf2Sync(password, salt, iterations, KEY_BYTES, 'sha512')
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** True when the password matches a `$7$` hash (the format above). */
export function verifyMosquittoPassword(password: string, hash: string): boolean {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash)
  if (!match) return false
  const expected = Buffer.from(match[3]!, 'base64')
  const key = pbkdf2Sync(password, Buffer.from(match[2]!, 'base64'), Number(match[1]), expected.length, 'sha512')
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A password for a machine: 24 random bytes, URL-safe base64 (32 characters). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url')
}
