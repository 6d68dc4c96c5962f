import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { isWorthCompressing, writeCompressedCopies } from './precompress.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('precompressed copies of the build', () => {
  it('are made for text files of a kilobyte or more only', () => {
    expect(isWorthCompressing('assets/index-abc.js', 50_000)).toBe(true)
    expect(isWorthCompressing('index.html', 1024)).toBe(true)
    expect(isWorthCompressing('index.html', 1023)).toBe(false)
    expect(isWorthCompressing('glyphs/Noto/0-255.pbf', 50_000)).toBe(false)
    expect(isWorthCompressing('icon.png', 50_000)).toBe(false)
  })

  it('decompress to the file, and are smaller', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-precompress-'))
    dirs.push(dir)
    const path = join(dir, 'app.js')
    const source = 'export const stops = ' + JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ stopId: `s-${i}`, name: 'العبدلي' })))
    await writeFile(path, source)
    const sizes = await writeCompressedCopies(path)
    expect(brotliDecompressSync(await readFile(`${path}.br`)).toString()).toBe(source)
    expect(gunzipSync(await readFile(`${path}.gz`)).toString()).toBe(source)
    expect(sizes.brotliBytes).toBeLessThan(sizes.bytes / 4)
    expect(sizes.gzipBytes).toBeLessThan(sizes.bytes / 4)
  })
})
