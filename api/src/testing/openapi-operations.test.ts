import { describe, expect, it } from 'vitest'
import { contractProblemsOf, operationsOf } from './openapi-operations.js'

const json = (schema: object) => ({ content: { 'application/json': { schema } } })
const errors = { '4XX': json({ type: 'object' }), '5XX': json({ type: 'object' }) }

describe('contractProblemsOf', () => {
  it('passes an operation with an operationId, a success schema, error bodies and security', () => {
    const document = { paths: { '/a': { get: { operationId: 'getA', responses: { 200: json({ type: 'object' }), ...errors }, security: [{}] } } } }
    expect(contractProblemsOf(operationsOf(document))).toEqual([])
  })

  it('names each operation that lacks one of them', () => {
    const document = {
      paths: {
        '/a': { get: { responses: { 200: json({ type: 'object' }), ...errors }, security: [{}] } },
        '/b': { get: { operationId: 'getB', responses: { 200: { description: 'no schema' }, ...errors }, security: [{}] } },
        '/c': { post: { operationId: 'getB', responses: { 204: { description: 'empty' } } } },
      },
    }
    expect(contractProblemsOf(operationsOf(document))).toEqual([
      'GET /a: no operationId',
      'GET /b: the 200 response has no schema',
      'POST /c: operationId getB is also GET /b\'s',
      'POST /c: no 4XX error body',
      'POST /c: no 5XX error body',
      'POST /c: no security requirement',
    ])
  })
})
