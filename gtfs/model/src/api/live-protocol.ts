/**
 * The WebSocket subprotocols of the live stream (browsers cannot set an Authorization header on a WebSocket):
 * a client offers LIVE_PROTOCOL, the one the server answers with, and a dispatcher also offers
 * `${LIVE_BEARER_PROTOCOL_PREFIX}${token}`, the token of POST /api/v1/auth/token (base64url and '.', characters a
 * subprotocol may hold). The server never echoes the token's entry back; unlike a token in the URL, it is not
 * written to access logs.
 */
export const LIVE_PROTOCOL = 'masar.live.v1'
export const LIVE_BEARER_PROTOCOL_PREFIX = 'masar.bearer.'
/** The close code of a dispatcher's stream whose token stopped being valid (signed out, disabled, expired): sign in again. */
export const LIVE_REVOKED_CLOSE_CODE = 4401

/** The protocols a client offers: the stream's own, and with a token its bearer entry. */
export function liveProtocolsOf(token?: string | null): string[] {
  return token ? [LIVE_PROTOCOL, `${LIVE_BEARER_PROTOCOL_PREFIX}${token}`] : [LIVE_PROTOCOL]
}
