/**
 * The transactional-broadcast implementation, loaded by ./handle.ts with a dynamic `import()` on the
 * first call that needs it, so that valibot and this code stay out of programs that never send one.
 */
export { send } from './send.js';
export { sendMany } from './send-many.js';
export { findRecipients } from './reconcile.js';
export {
  activate,
  addField,
  addTemplate,
  createTransactional,
  ensureActive,
  pause,
  removeField,
  removeTemplate,
  resume,
  updateField,
  updateTemplate,
} from './lifecycle.js';
