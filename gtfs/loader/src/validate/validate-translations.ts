import { readCheckedRows } from './read-checked-rows.js'
import { requiredValue } from './row-checks.js'
import type { ValidationContext } from './validation-context.js'

/** translations.txt: the four required fields of each row (the values themselves are free text). */
export async function validateTranslations(ctx: ValidationContext): Promise<void> {
  const file = await readCheckedRows(ctx, 'translations.txt')
  if (!file) return
  await file.forEachRow((row) => {
    for (const column of ['table_name', 'field_name', 'language', 'translation']) requiredValue(file, row, column)
  })
}
