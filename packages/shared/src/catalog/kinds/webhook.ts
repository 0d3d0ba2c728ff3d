import { z } from 'zod';
import { durationMs } from '../params.js';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';

export const webhook = defineKind({
  kind: 'sink.webhook',
  category: 'sink',
  label: 'Webhook',
  description:
    'POSTs results as JSON arrays to a URL, retrying with backoff. Private and loopback addresses are refused unless the server allows them.',
  params: z.object({
    url: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
      .default('https://example.com/hook'),
    maxRetries: z.number().int().min(0).max(20).default(5),
    timeoutMs: durationMs({ min: 100 }).default(5000),
  }),
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});

/** The params of webhook as the catalog parses them (defaults filled). */
export type WebhookParams = z.output<typeof webhook.params>;
