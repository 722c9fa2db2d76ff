// Vitest config for mutation runs: the project's config (aliases, timeouts) with only the current
// area's test files (from stryker/areas.mjs, area named by ZKVAULT_MUTATE_AREA; or ZKVAULT_MUTATE_TESTS,
// comma-separated) and no type-level tests. The project's `projects` (shared / timing / isolated, issue
// 13) are dropped: their own `include` would run every test file of the repository for each area, and
// a shared module graph lets one file's mocks leak into another. Each file here gets a fresh graph.
import { mergeConfig } from 'vitest/config';
import base from '../vitest.config.js';
import { AREAS } from './areas.mjs';

const area = AREAS.find((a) => a.name === process.env['ZKVAULT_MUTATE_AREA']);
if (area === undefined) throw new Error('ZKVAULT_MUTATE_AREA is not set (run through npm run mutate)');
const merged = mergeConfig(base, { test: { typecheck: { enabled: false } } });

const tests = process.env['ZKVAULT_MUTATE_TESTS']?.split(',') ?? area.tests;

const { projects: _projects, ...test } = merged.test ?? {};

export default { ...merged, test: { ...test, isolate: true, include: tests.map((t) => (t.endsWith('.ts') ? t : `${t}/**/*.test.ts`)) } };
