import net from 'node:net'
import type { AddressInfo } from 'node:net'

/** A TCP proxy a test can cut and restore, to make a server unreachable for a while (connections reset, new ones refused). */
export class TcpProxy {
  readonly #target: { host: string; port: number }
  readonly #sockets = new Set<net.Socket>()
  #server: net.Server | null = null
  #port = 0

  constructor(target: { host: string; port: number }) {
    this.#target = target
  }

  get port(): number {
    return this.#port
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.#target.port, this.#target.host)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', () => resolve()))
    this.#port = (server.address() as AddressInfo).port
    this.#server = server
  }

  /** Resets every open connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.#server
    this.#server = null
    for (const socket of this.#sockets) socket.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Accepts connections again, on the same port. */
  restore(): Promise<void> {
    return this.start()
  }
}
