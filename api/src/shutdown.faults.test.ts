import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROCESS_ADMIN_PASSWORD, startApiProcess, type ApiProcessStack } from './testing/api-process.js'

/**
 * SIGTERM, as Kubernetes sends it at every rollout and scale-in: the api first says it is not ready (so the load
 * balancer takes it out) while still answering, then stops accepting connections, lets the request in flight
 * finish, ends its database pool and exits 0. Both stacks.
 */
const DRAIN_MS = 3_000
let stack: ApiProcessStack

beforeAll(async () => {
  stack = await startApiProcess({ agencyId: `sigterm${process.pid}`, env: { SHUTDOWN_DRAIN_MS: String(DRAIN_MS) } })
}, 180_000)

afterAll(async () => {
  await stack?.stop()
})

/** A raw HTTP/1.1 request whose body the test sends when it chooses: in flight until then. */
function requestInFlight(port: number, path: string, body: string) {
  const socket = net.connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
  const half = Math.floor(body.length / 2)
  const opened = new Promise<void>((resolve) => socket.once('connect', () => {
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`, () => resolve())
  }))
  return { opened, finish: () => socket.write(body.slice(half)), response: closed }
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}: ${stack.api.output.slice(-3000)}`)
}

describe('the api on SIGTERM', () => {
  it('turns /readyz 503 first while still serving, finishes the request in flight, then exits 0', async () => {
    const port = Number(new URL(stack.url).port)
    const signIn = requestInFlight(port, '/api/v1/auth/token', JSON.stringify({ username: 'admin', password: PROCESS_ADMIN_PASSWORD }))
    await signIn.opened
    const exited = stack.api.terminate()

    let reasons: string[] = []
    await until('/readyz to say 503 while draining', async () => {
      const readiness = await fetch(`${stack.url}/readyz`)
      reasons = ((await readiness.json()) as { reasons: string[] }).reasons
      return readiness.status === 503
    })
    expect(reasons.join('; ')).toMatch(/shutting down/)
    // Draining: not ready, but the requests a load balancer still sends are answered.
    expect((await fetch(`${stack.url}/gtfs-rt/vehicle-positions.pb`)).status).toBe(200)
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)

    // Then the server closes: new connections are refused, the request in flight is still being received.
    await until('the server to stop accepting connections', async () => {
      try {
        await fetch(`${stack.url}/healthz`, { headers: { connection: 'close' } })
        return false
      } catch {
        return true
      }
    }, DRAIN_MS + 10_000)
    expect(stack.api.running).toBe(true)
    signIn.finish()
    const response = await signIn.response
    expect(response).toMatch(/^HTTP\/1\.1 200 /)
    expect(response).toMatch(/"token":"/)
    expect(await exited).toBe(0)
    expect(stack.api.output).not.toMatch(/"level":(50|60)/)
  })
})
