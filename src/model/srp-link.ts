/**
 * The model's binding to `src/srp` (SRP-6a, RFC 5054 arithmetic with RFC 2945 proofs, proof
 * variant `srp6a`, docs/architecture.md section 3): identity I = account id, password P = `SEC_PWD_Auth`,
 * salt s = `SLT_Auth_2`. SRP reads its backends from the same seam as the model
 * (src/backend/backend-deps.ts), so a test's backends reach both.
 * @module
 */
import { srpGroup } from '../srp/groups.js';
import { createVerifier, SrpClient, SrpServer, type SrpParams, type SrpServerState } from '../srp/srp.js';

import type { SrpParamsRecord } from './records.js';

/** The SRP sessions have the model's login shape (docs/api-conventions.md, "Logins"), so the model holds them directly. */
export type SrpClientSession = SrpClient;
/** See {@link SrpClientSession}. */
export type SrpServerSession = SrpServer;

function params(p: SrpParamsRecord): SrpParams {
  return { group: srpGroup(p.bits), hash: p.hash, proof: 'srp6a' };
}

/**
 * @internal The verifier for I = account id, P = `SEC_PWD_Auth`, s = `SLT_Auth_2`. Not exported from `zkvault`.
 * @param p - group and hash.
 * @param accountId - I.
 * @param secPwdAuth - P.
 * @param sltAuth2 - s.
 * @returns v, padded to N's length.
 * @throws ZkvaultError from the SRP layer on bad parameters.
 * @example
 * ```ts
 * const v = await srpVerifier({ bits: 3072, hash: 'SHA-256' }, 'jane', auth, salt);
 * ```
 */
export function srpVerifier(p: SrpParamsRecord, accountId: string, secPwdAuth: Uint8Array, sltAuth2: Uint8Array): Promise<Uint8Array> {
  return createVerifier(params(p), accountId, secPwdAuth, sltAuth2);
}

/**
 * @internal Starts the client side. Not exported from `zkvault`.
 * @param p - group and hash.
 * @param accountId - I.
 * @param secPwdAuth - P.
 * @param sltAuth2 - s.
 * @returns a started client session (A drawn).
 * @throws ZkvaultError from the SRP layer on bad parameters.
 * @example
 * ```ts
 * const c = await srpClientStart(params.srp, 'jane', auth, salt);
 * ```
 */
export function srpClientStart(p: SrpParamsRecord, accountId: string, secPwdAuth: Uint8Array, sltAuth2: Uint8Array): Promise<SrpClientSession> {
  return SrpClient.start(params(p), accountId, secPwdAuth, sltAuth2);
}

/**
 * @internal Starts the server side. Not exported from `zkvault`.
 * @param p - group and hash.
 * @param accountId - I.
 * @param sltAuth2 - s.
 * @param verifier - v.
 * @returns a started server session (B drawn).
 * @throws ZkvaultError from the SRP layer on a bad verifier.
 * @example
 * ```ts
 * const s = await srpServerStart(record.srp, 'jane', salt, v);
 * ```
 */
export function srpServerStart(p: SrpParamsRecord, accountId: string, sltAuth2: Uint8Array, verifier: Uint8Array): Promise<SrpServerSession> {
  return SrpServer.start(params(p), accountId, sltAuth2, verifier);
}

/**
 * @internal Rebuilds a server session. Not exported from `zkvault`.
 * @param p - group and hash (must match the state).
 * @param state - the SRP state from `toJSON()`.
 * @returns the server session.
 * @throws ZkvaultError `INVALID_RECORD` on a bad state.
 * @example
 * ```ts
 * const s = srpServerResume(record.srp, json.state);
 * ```
 */
export function srpServerResume(p: SrpParamsRecord, state: unknown): SrpServerSession {
  return SrpServer.fromJSON(state as SrpServerState, { params: params(p) });
}
