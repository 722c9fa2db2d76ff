/**
 * `zkvault/srp`: SRP login. RFC 5054 SRP-6a arithmetic over the RFC 5054 Appendix A groups, with
 * RFC 2945 proofs, an Insomnia-compatible variant and legacy SRP-3 (RFC 2945 section 3).
 * Protocol, variants and safeguards: docs/srp.md.
 * @module
 */
export { SRP_GROUP_BITS, SRP_MIN_GROUP_BITS, srpGroup, type SrpGroup, type SrpGroupBits } from './groups.js';
export type { SrpHash, SrpProof } from './protocol.js';
export {
  createVerifier,
  prepareSrpGroup,
  SrpClient,
  SrpServer,
  type SrpParams,
  type SrpClientVerifyResult,
  type SrpServerResumeOptions,
  type SrpServerState,
  type SrpServerVerifyResult,
} from './srp.js';
