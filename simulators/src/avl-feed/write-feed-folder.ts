import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Writes each file of the feed into the folder (made if missing), overwriting files of the same name. */
export async function writeFeedFolder(folder: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(folder, { recursive: true })
  for (const [name, text] of files) await writeFile(join(folder, name), text, 'utf8')
}
