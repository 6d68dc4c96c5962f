import { readFile, writeFile } from 'node:fs/promises'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** Text the browser fetches, worth compressing (hashed scripts and styles, index.html, the map's style and icons). */
const TEXT = /\.(?:js|mjs|css|html|svg|json)$/
/** Below this a compressed copy saves less than a TCP packet. */
const MIN_BYTES = 1024

export function isWorthCompressing(fileName: string, bytes: number): boolean {
  return TEXT.test(fileName) && bytes >= MIN_BYTES
}

/**
 * Writes `<file>.br` (Brotli, best quality) and `<file>.gz` (gzip, level 9) beside a built file, made once at build
 * time so that the api serves them (@fastify/static `preCompressed`) without compressing on each request.
 */
export async function writeCompressedCopies(path: string): Promise<{ bytes: number; brotliBytes: number; gzipBytes: number }> {
  const content = await readFile(path)
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } })
  const gzip = gzipSync(content, { level: 9 })
  await writeFile(`${path}.br`, brotli)
  await writeFile(`${path}.gz`, gzip)
  return { bytes: content.length, brotliBytes: brotli.length, gzipBytes: gzip.length }
}
