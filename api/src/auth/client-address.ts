import { isIP } from 'node:net'

/**
 * The client a sign-in attempt is counted against: an IPv4 address as it is (an IPv4-mapped IPv6 address,
 * ::ffff:192.0.2.1, as its IPv4 address), an IPv6 address as its /64. One IPv6 host, or one customer of an ISP,
 * is usually given a whole /64 and can pick any address in it, so counting single IPv6 addresses would give an
 * attacker 2^64 fresh counts. Anything else (not an address) is taken as it is.
 */
export function clientAddressKey(address: string): string {
  const bare = address.replace(/%.*$/, '') // a zone (fe80::1%eth0)
  if (isIP(bare) !== 6) return address
  const groups = expandIPv6(bare.toLowerCase())
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
  if (mapped) return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`
}

/** The eight 16-bit groups of a valid IPv6 address (with '::' and a trailing dotted IPv4 part). */
function expandIPv6(address: string): number[] {
  let text = address
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : [])
  const front = parse(head)
  const back = parse(tail)
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back]
}
