/**
 * Vector suites for group logs, through the public model API: vectors/zkvault-group-log-v1.json and
 * the PQ link policy (issue 18) in vectors/zkvault-group-log-policy-v1.json.
 * @module
 */
import { verifyGroupLog, ZkvaultError, type GroupLogCheckpoint } from '../../index.js';
import { defineSuite, h, PASS, type CaseOutcome, type Suite } from '../suite.js';

interface GroupLogFile {
  entries: { entry: string }[];
  /** `requirePq` only in the policy file. */
  final: { checkpoint: GroupLogCheckpoint; fingerprint: string; keyVersion: number; requirePq?: boolean };
  invalid: { description: string; entries: string[]; checkpoint?: GroupLogCheckpoint; code: string }[];
}

type Case = { kind: 'valid'; f: GroupLogFile } | { kind: 'invalid'; c: GroupLogFile['invalid'][number] };

function groupLogSuite(name: string): Suite {
  return defineSuite<Case>(
    name,
    `${name}.json`,
    (f: GroupLogFile) => [
      { id: 'the log verifies to the recorded head', value: { kind: 'valid', f } },
      ...f.invalid.map((c) => ({ id: `refused: ${c.description}`, value: { kind: 'invalid' as const, c } })),
    ],
    async (v): Promise<CaseOutcome> => {
      if (v.kind === 'valid') {
        const { state } = verifyGroupLog(v.f.entries.map((e) => h(e.entry)));
        const policy = v.f.final.requirePq === undefined || state.requirePq === v.f.final.requirePq;
        const ok = policy && state.fingerprint === v.f.final.fingerprint && state.checkpoint.headHash === v.f.final.checkpoint.headHash && state.keyVersion === v.f.final.keyVersion;
        return ok ? PASS : { ok: false, why: 'state differs' };
      }
      try {
        verifyGroupLog(v.c.entries.map(h), v.c.checkpoint);
      } catch (e) {
        if (e instanceof ZkvaultError && e.code === v.c.code) return PASS;
        return { ok: false, why: `expected ${v.c.code}, got ${e instanceof ZkvaultError ? e.code : 'another error'}` };
      }
      return { ok: false, why: `expected ${v.c.code}, it verified` };
    },
  );
}

export const groupLogSuites: Suite[] = [groupLogSuite('zkvault-group-log-v1'), groupLogSuite('zkvault-group-log-policy-v1')];
