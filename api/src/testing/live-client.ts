import { RiderVehicle } from '@masar/model/api/rider-vehicle'
import { VehicleView } from '@masar/model/api/vehicle-view'
import WebSocket, { type ClientOptions } from 'ws'

/**
 * For tests: a client of the live stream (WebSocket /api/v1/live) that keeps every message it is sent, or the
 * HTTP answer that refused it before the handshake.
 */
export interface LiveClient {
  socket: WebSocket
  messages: Array<Record<string, unknown>>
  /** Resolves with the close code once the server or the client ends the connection. */
  closed: Promise<number>
}

export type LiveConnection = { opened: LiveClient } | { refused: { status: number; body: string } }

export function liveUrlOf(apiUrl: string, query = ''): string {
  return `${apiUrl.replace(/^http/, 'ws')}/api/v1/live${query}`
}

export function connectLive(url: string, options: { protocols?: string[]; headers?: Record<string, string>; ws?: ClientOptions } = {}): Promise<LiveConnection> {
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers, ...options.ws })
  const messages: Array<Record<string, unknown>> = []
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>))
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ opened: { socket, messages, closed } }))
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      response.on('end', () => resolve({ refused: { status: response.statusCode ?? 0, body } }))
      response.on('error', reject)
    })
    socket.once('error', (err) => reject(err))
  })
}

/** The connection's client, or a failure naming the refusal. */
export function openedOf(connection: LiveConnection): LiveClient {
  if ('refused' in connection) throw new Error(`the live stream refused the client: ${connection.refused.status} ${connection.refused.body}`)
  return connection.opened
}

/** The vehicles of every snapshot and vehicle message received so far. */
export function vehiclesIn(messages: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return messages.flatMap((m) => (m.type === 'snapshot' ? (m.vehicles as Array<Record<string, unknown>>) : m.type === 'vehicle' ? [m.vehicle as Record<string, unknown>] : []))
}

/** The fields of the dispatcher's view of a vehicle that the riders' view leaves out (phase, block, deviation…). */
export const DISPATCHER_ONLY_FIELDS = Object.keys(VehicleView.properties).filter((field) => !(field in RiderVehicle.properties))
