import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../src/main/web/content-security-policy'
import { builtRenderer } from './studio-harness'

/** The directives of a policy, by name. */
const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]))

describe('the Content-Security-Policy', () => {
  it('is one policy: the built page carries exactly what the protocol and the server send, less what a meta tag cannot hold', async () => {
    const html = readFileSync(join(await builtRenderer(), 'index.html'), 'utf8')
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((match) => match[1].replace(/&#39;/g, "'"))
    expect(metas).toEqual([CONTENT_SECURITY_POLICY_META])
    const header = directives(CONTENT_SECURITY_POLICY)
    header.delete('frame-ancestors')
    expect(directives(metas[0])).toEqual(header)
    // The page talks to its own server only: no other WebSocket host.
    expect(header.get('connect-src')).toBe("'self'")
  })
})
