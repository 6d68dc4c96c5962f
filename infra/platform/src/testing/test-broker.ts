import { startEmbeddedBroker } from '@masar/embedded/embedded-broker'

/** The broker for one test file: the one named by MQTT_URL when set (MQTT 5, shared subscriptions), else embedded aedes. */
export interface TestBroker {
  url: string
  protocolVersion: 4 | 5
  supportsSharedSubscriptions: boolean
  embedded: boolean
  close(): Promise<void>
}

export async function createTestBroker(options: { serverUrl?: string } = {}): Promise<TestBroker> {
  const serverUrl = options.serverUrl ?? process.env.MQTT_URL
  if (serverUrl) {
    return { url: serverUrl, protocolVersion: 5, supportsSharedSubscriptions: true, embedded: false, close: async () => {} }
  }
  const broker = await startEmbeddedBroker()
  return { url: broker.url, protocolVersion: 4, supportsSharedSubscriptions: false, embedded: true, close: () => broker.close() }
}
