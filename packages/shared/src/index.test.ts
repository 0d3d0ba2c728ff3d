import { expect, test } from 'vitest';
import { SHARED } from './index.js';
test('x', () => expect(SHARED).toBe(1));
