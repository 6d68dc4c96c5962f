import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

/** shapes.txt: required fields and one point per (shape_id, shape_pt_sequence), its primary key. */
export async function validateShapes(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const file = await readCheckedRows(ctx, 'shapes.txt')
  if (!file) return
  const points = createIdRegistry(file)
  await file.forEachRow((row, values) => {
    const id = requiredValue(file, row, 'shape_id')
    requiredValue(file, row, 'shape_pt_lat')
    requiredValue(file, row, 'shape_pt_lon')
    requiredValue(file, row, 'shape_pt_sequence')
    if (id === null) return
    if (!index.shapeLineById.has(id)) index.shapeLineById.set(id, row.line)
    const sequence = values.shape_pt_sequence ?? Number.NaN
    if (!Number.isNaN(sequence)) points.add(`${id}\u0000${sequence}`, row.line, `(shape_id "${id}", shape_pt_sequence ${sequence})`)
  })
  index.hasShapes = file.columns.has('shape_id')
}
