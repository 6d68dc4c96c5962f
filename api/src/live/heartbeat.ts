import type { WebSocket } from 'ws'

/**
 * Pings a live client every intervalMs and ends a connection whose pong has not come back within timeoutMs: a
 * client that went away without closing (a phone off the network, a half-open TCP connection) or one that never
 * reads stops holding a slot and its buffers. Returns the function that stops the heartbeat (on close).
 */
export function startHeartbeat(socket: WebSocket, options: { intervalMs: number; timeoutMs: number; onTimeout: () => void }): () => void {
  let pongTimer: ReturnType<typeof setTimeout> | null = null
  const onPong = () => {
    if (pongTimer !== null) clearTimeout(pongTimer)
    pongTimer = null
  }
  socket.on('pong', onPong)
  const pingTimer = setInterval(() => {
    if (pongTimer !== null || socket.readyState !== socket.OPEN) return
    socket.ping()
    pongTimer = setTimeout(() => {
      pongTimer = null
      options.onTimeout()
      socket.terminate()
    }, options.timeoutMs)
  }, options.intervalMs)
  return () => {
    clearInterval(pingTimer)
    if (pongTimer !== null) clearTimeout(pongTimer)
    socket.off('pong', onPong)
  }
}
