import { join } from 'node:path'
import type { Plugin } from 'vite'
import { isWorthCompressing, writeCompressedCopies } from './precompress.js'

/** After the build is written: a Brotli and a gzip copy of each text file of it (see precompress.ts). */
export function precompress(): Plugin {
  return {
    name: 'masar-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist'
      const files = Object.values(bundle).filter((file) => isWorthCompressing(file.fileName, file.type === 'chunk' ? Buffer.byteLength(file.code) : file.source.length))
      await Promise.all(files.map((file) => writeCompressedCopies(join(dir, file.fileName))))
    },
  }
}
