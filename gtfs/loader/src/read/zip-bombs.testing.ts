import yazl from 'yazl'

/**
 * For tests: zips made on the spot that expand far beyond their size (a run of zeros deflates about a thousand
 * times), honest about it in their headers or not.
 */
export function zipOf(files: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name)
  zip.end()
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

/** A CSV that is a header and then `bytes` of zeros: a GTFS file that inflates to `bytes` and more. */
export const zeros = (header: string, bytes: number) => Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(bytes, 0x30)])

const CENTRAL_DIRECTORY_HEADER = 0x02014b50

/**
 * The zip with the uncompressed size its central directory gives `fileName` replaced by `claimedBytes`: a bomb that
 * passes a check of the claimed sizes and is only caught by counting what it inflates to.
 */
export function withClaimedSize(zip: Buffer, fileName: string, claimedBytes: number): Buffer {
  const patched = Buffer.from(zip)
  for (let at = 0; at + 46 <= patched.length; at++) {
    if (patched.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) continue
    const nameLength = patched.readUInt16LE(at + 28)
    if (patched.toString('utf8', at + 46, at + 46 + nameLength) !== fileName) continue
    patched.writeUInt32LE(claimedBytes, at + 24)
    return patched
  }
  throw new Error(`${fileName} is not in the zip's central directory`)
}
