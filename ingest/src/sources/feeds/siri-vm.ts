import { XMLParser } from 'fast-xml-parser'
import type { DecodedFixes, SourceFix, SourceRejection } from '../source-fix.js'
import { firstCharOf, looksLikeHtml, rejectBody } from './body-rejection.js'
import { fixOfVehicleActivity, textOf, type SiriBearingConvention } from './siri-vehicle-activity.js'

export interface SiriVmOptions {
  /** How the producer measures Bearing; 'compass' (the SIRI standard) unless told. */
  bearing?: SiriBearingConvention
}

// Namespace prefixes dropped (siri:VehicleActivity and VehicleActivity alike); every value kept as text (a
// VehicleRef "007" is not the number 7); deliveries and activities always lists, even of one.
const LISTS = new Set(['VehicleMonitoringDelivery', 'VehicleActivity'])
const xmlParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => LISTS.has(name) })

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)
const listOf = (value: unknown): Node[] => (Array.isArray(value) ? value : [value]).filter(isNode)

/** Every VehicleMonitoringDelivery wherever the response wraps it (Siri/ServiceDelivery, a SOAP answer …). */
function deliveriesIn(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) deliveriesIn(item, found)
  else if (isNode(node)) {
    for (const [name, value] of Object.entries(node)) {
      if (name === 'VehicleMonitoringDelivery') found.push(...listOf(value))
      else deliveriesIn(value, found)
    }
  }
  return found
}

/** A delivery's ErrorCondition as words (its Description, else the condition's name such as AccessNotAllowedError). */
function errorConditionOf(delivery: Node): string | undefined {
  const condition = delivery.ErrorCondition
  if (condition === undefined) return undefined
  if (!isNode(condition)) return textOf(condition) ?? 'ErrorCondition'
  const names = Object.keys(condition).filter((name) => name !== 'Description')
  return textOf(condition.Description) ?? (names.length > 0 ? names.join(', ') : 'ErrorCondition')
}

type Format = 'json' | 'xml' | SourceRejection

function formatOf(body: Uint8Array, contentType: string | undefined): Format {
  const first = firstCharOf(body)
  if (first === '') return rejectBody('unexpected_content', 'empty body where a SIRI response was expected', body)
  const type = contentType?.toLowerCase() ?? ''
  if (type.includes('html') || looksLikeHtml(body)) return rejectBody('unexpected_content', `an HTML page (${contentType ?? 'no content type'}) where a SIRI response was expected`, body)
  if (type.includes('json')) return 'json'
  if (type.includes('xml')) return 'xml'
  // No content type, or a generic one (text/plain, application/octet-stream): the body says which.
  if (first === '{') return 'json'
  if (first === '<') return 'xml'
  return rejectBody('unexpected_content', `neither XML nor JSON (${contentType ?? 'no content type'}, starts with '${first}')`, body)
}

function parse(body: Uint8Array, format: 'json' | 'xml'): unknown {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body)
  return format === 'json' ? JSON.parse(text) : xmlParser.parse(text, true)
}

/**
 * A SIRI VehicleMonitoring response (CEN/TS 15531-3, SIRI-VM) in XML or in JSON (Siri.ServiceDelivery.
 * VehicleMonitoringDelivery[].VehicleActivity[], as MTA Bus Time serves it) as fixes named by VehicleRef. The
 * content type picks the format, else the body's first character. A body that does not parse is malformed_body; HTML,
 * an empty body, a response without a VehicleMonitoringDelivery or a delivery's ErrorCondition is unexpected_content.
 */
export function decodeSiriVm(body: Uint8Array, contentType?: string, options: SiriVmOptions = {}): DecodedFixes {
  const format = formatOf(body, contentType)
  if (typeof format !== 'string') return { fixes: [], rejections: [format] }
  let document: unknown
  try {
    document = parse(body, format)
  } catch (error) {
    return { fixes: [], rejections: [rejectBody('malformed_body', `not SIRI ${format.toUpperCase()}: ${(error as Error).message}`, body)] }
  }
  const deliveries = deliveriesIn(document)
  if (deliveries.length === 0) return { fixes: [], rejections: [rejectBody('unexpected_content', `SIRI ${format.toUpperCase()} without a VehicleMonitoringDelivery`, body)] }
  const fixes: SourceFix[] = []
  const rejections: SourceRejection[] = []
  for (const delivery of deliveries) {
    const error = errorConditionOf(delivery)
    if (error !== undefined) rejections.push(rejectBody('unexpected_content', `VehicleMonitoringDelivery ErrorCondition: ${error}`, body))
    for (const activity of listOf(delivery.VehicleActivity)) {
      const fix = fixOfVehicleActivity(activity, options.bearing ?? 'compass')
      if ('reason' in fix) rejections.push(fix)
      else fixes.push(fix)
    }
  }
  return { fixes, rejections }
}
