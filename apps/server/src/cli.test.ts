import { SHARED } from '@eventide/shared';
import { expect, test } from 'vitest';
test('x', () => expect(SHARED).toBe(1));
