/** Public exports of the transactional-broadcast helpers (types and error classes; the code is reached through the client). */
export {
  BroadcastNotActiveError,
  BroadcastSetupError,
  BroadcastStateError,
  RecipientRejectedError,
  SendInputError,
  SendOutcomeUnknownError,
  SendRateLimitError,
  SendValidationError,
  type BroadcastRule,
  type RecipientSummary,
  type SendInputIssue,
} from './errors.js';
export type * from './types.js';
