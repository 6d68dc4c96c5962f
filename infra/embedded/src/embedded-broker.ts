import { Aedes } from 'aedes'
import net from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * An MQTT broker embedded in this process (aedes), for `npm start` on a machine with no broker.
 * aedes speaks MQTT 3.1.1 only and has no shared subscriptions: clients use protocol version 4 with it.
 */
export interface EmbeddedBroker {
  url: string
  protocolVersion: 4
  broker: Aedes
  close(): Promise<void>
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** anyPortIfTaken: when the port is taken (a real broker runs here), take any free port instead of failing. */
export async function startEmbeddedBroker(options: { host?: string; port?: number; anyPortIfTaken?: boolean } = {}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker()
  const server = net.createServer(broker.handle)
  const host = options.host ?? '127.0.0.1'
  try {
    await listen(server, options.port ?? 0, host)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.anyPortIfTaken) throw err
    await listen(server, 0, host)
  }
  const { address, port } = server.address() as AddressInfo
  return {
    url: `mqtt://${address}:${port}`,
    protocolVersion: 4,
    broker,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
