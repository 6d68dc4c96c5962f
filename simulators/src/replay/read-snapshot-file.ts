import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'

/** A snapshot file's bytes, gunzipped when they are gzip (by their magic number, whatever the file is called). */
export async function readSnapshotFile(path: string): Promise<Buffer> {
  const bytes = await readFile(path)
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
}
