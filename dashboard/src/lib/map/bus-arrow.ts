/**
 * The bus arrow, drawn on a canvas at run time (no sprite to fetch): a pointer above the bus's circle, pointing
 * north; the symbol layer turns it to the bus's bearing. Logical size 32×32 with its centre on the bus.
 */
export const BUS_ARROW_SIZE = 32

export function drawBusArrow(doc: Document, pixelRatio: number): ImageData {
  const size = Math.round(BUS_ARROW_SIZE * pixelRatio)
  const canvas = doc.createElement('canvas')
  canvas.width = size
  canvas.height = size
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('a 2D canvas is needed to draw the bus arrow')
  ctx.scale(pixelRatio, pixelRatio)
  ctx.beginPath()
  ctx.moveTo(16, 1)
  ctx.lineTo(25, 13)
  ctx.lineTo(16, 9.5)
  ctx.lineTo(7, 13)
  ctx.closePath()
  ctx.lineJoin = 'round'
  ctx.lineWidth = 1.5
  ctx.strokeStyle = '#ffffff'
  ctx.fillStyle = '#111111'
  ctx.fill()
  ctx.stroke()
  return ctx.getImageData(0, 0, size, size)
}
