import type { Locator, Page } from 'playwright-core'

/**
 * Keyboard-only use in a real browser: the controls of a part of the page, and a walk through them with Tab that
 * records each control reached and whether its focus could be seen.
 */
export interface Reached {
  control: string
  focusVisible: boolean
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'

/** Each visible control of `within`, named by what it is and says (and where a link goes). */
export async function controlsOf(within: Locator): Promise<string[]> {
  return within.evaluate((root, selector) => {
    const visible = (e: Element) => {
      const box = e.getBoundingClientRect()
      return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden'
    }
    return [...root.querySelectorAll(selector)].filter(visible).map((e) =>
      `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.textContent?.trim().replace(/\s+/g, ' ')} ${e.getAttribute('href') ?? ''}`.trim())
  }, FOCUSABLE)
}

/** Presses Tab from `start` (focused first) until focus leaves `within` or `maxPresses` is reached. */
export async function tabThrough(page: Page, within: Locator, start: Locator, maxPresses: number): Promise<Reached[]> {
  await start.focus()
  const reached: Reached[] = []
  for (let press = 0; press < maxPresses; press++) {
    const here = await page.evaluate(() => {
      const e = document.activeElement
      if (!e || e === document.body) return null
      const style = getComputedStyle(e)
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      return {
        control: `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.textContent?.trim().replace(/\s+/g, ' ')} ${e.getAttribute('href') ?? ''}`.trim(),
        focusVisible: e.matches(':focus-visible') && (outlined || style.boxShadow !== 'none'),
      }
    })
    if (!here) break
    const inside = await within.evaluate((root) => root.contains(document.activeElement))
    if (!inside) break
    reached.push({ control: here.control, focusVisible: here.focusVisible })
    await page.keyboard.press('Tab')
  }
  return reached
}
