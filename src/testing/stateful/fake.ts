/**
 * The stateful fake: answers the contract's CRUD operations from a store (resource-model.ts), applies the
 * documented rules (rules.ts) and limits (rate-windows.ts), and checks every answer it sends against the
 * contract (schema-check.ts). Prism has already validated the request and given its own answer, which is
 * the default a created record starts from and the answer of every operation the fake does not model.
 */
import { randomBytes } from 'node:crypto';
import { routeIdentity } from '../../client/route-identity.js';
import { jsonAnswer, parsedJson, type Answer } from '../http-answer.js';
import { pathSegments } from '../routes.js';
import { pageAnswer } from '../scripted-answers.js';
import type { ContractViolation } from '../violations.js';
import { createMockClock, type MockClock } from './clock.js';
import { RateWindows } from './rate-windows.js';
import { buildResourceModel, type CrudOperation, type ParsedOperation } from './resource-model.js';
import { INITIAL_STATUS, STATUS_FIELD, STATUS_RULES, TRANSACTIONAL_SEND, type StatusRule } from './rules.js';
import { SchemaCheck, type Schema } from './schema-check.js';
import { ResourceStore, type StoredRecord, type StatefulState } from './store.js';

/** A call the fake answers, as the front server recorded it. */
export interface StatefulCall {
  method: string;
  /** The concrete path: `/orgs/c/contacts/cnt_1`. */
  path: string;
  /** The operation's path template, when the contract has it. */
  template: string | undefined;
  url: URL;
  body: unknown;
  /** Who called (the remote address), for limits counted per IP. */
  client: string;
}

export interface StatefulOptions {
  /** Records to start from (and to go back to on `reset()`), by collection path. */
  seed?: StatefulState;
  /** `manual`: time moves only with `clock.advance()`. Default `real`. */
  clock?: 'real' | 'manual';
  /** Hold the documented rate limits (429 with Retry-After). Default true. */
  rateLimits?: boolean;
}

export interface StatefulFake {
  readonly clock: MockClock;
  /** The records now, by collection path (a copy). */
  readonly state: StatefulState;
  snapshot(): StatefulState;
  restore(state: StatefulState): void;
  /** Back to the seed; the limits' windows are emptied. */
  reset(): void;
  /** The answer to a call Prism accepted (`base` is Prism's answer), and any way that answer broke the contract. */
  answer(call: StatefulCall, base: Answer): { answer: Answer; violations: ContractViolation[] };
}

const ID_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const isRecord = (v: unknown): v is StoredRecord => v !== null && typeof v === 'object' && !Array.isArray(v);
const templateIdentity = (operation: string) => routeIdentity(operation.split(' ')[0]!, operation.split(' ')[1]!);

/** A concrete path cut to a template's length: the record (or collection) a call is about. */
function concretePrefix(path: string, template: string): string {
  return path.split('/').slice(0, template.split('/').length).join('/');
}

/** A template's path for this call: its parameters filled, by position, from the call's path. */
function filled(template: string, path: string): string {
  const segments = path.split('/');
  return template
    .split('/')
    .map((part, i) => (/^\{[^}]+\}$/.test(part) ? segments[i] : part))
    .join('/');
}

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function createStatefulFake(parsed: readonly ParsedOperation[], options: StatefulOptions = {}): StatefulFake {
  const model = buildResourceModel(parsed);
  const schemas = new SchemaCheck();
  const store = new ResourceStore(options.seed ?? {});
  const clock = createMockClock(options.clock);
  const limits = new RateWindows(clock);
  const rulesByIdentity = new Map<string, StatusRule>(STATUS_RULES.map((r) => [templateIdentity(r.operation), r]));
  const sendIdentity = templateIdentity(TRANSACTIONAL_SEND.operation);
  const itemTemplates = [...model.items.values()];
  const crudByIdentity = new Map([...model.operations].map(([key, op]) => [templateIdentity(key), { key, op }]));

  const newId = (collection: string) => {
    const bytes = randomBytes(10);
    return (model.idPrefix.get(collection) ?? 'id_') + [...bytes].map((b) => ID_CHARS[b % ID_CHARS.length]).join('');
  };
  const timestamp = () => new Date(clock.now()).toISOString();

  /** The request's fields the record can hold: those the item schema names, with values it accepts. */
  function acceptedFields(itemSchema: Schema, body: unknown): StoredRecord {
    const properties = (itemSchema.properties ?? {}) as Record<string, Schema>;
    const out: StoredRecord = {};
    if (!isRecord(body)) return out;
    for (const [key, value] of Object.entries(body)) {
      if (key === 'id' || key === 'created_at' || key === 'updated_at') continue;
      const schema = properties[key];
      if (schema && schemas.conforms(schema, value)) out[key] = value;
    }
    return out;
  }

  function stamped(itemSchema: Schema, record: StoredRecord, created: boolean): StoredRecord {
    const properties = (itemSchema.properties ?? {}) as Record<string, unknown>;
    const now = timestamp();
    const open = itemSchema.additionalProperties !== false;
    if (created && ('created_at' in properties || open)) record.created_at = now;
    if ('updated_at' in properties) record.updated_at = now;
    return record;
  }

  /** The item templates a call's path passes through (computed once per template). */
  const recordsOnPath = new Map<string, string[]>();
  function itemsOn(template: string): string[] {
    let found = recordsOnPath.get(template);
    if (!found) {
      const depth = template.split('/').length;
      found = itemTemplates.filter(
        (item) => item.split('/').length <= depth && routeIdentity('GET', concretePrefix(template, item)) === routeIdentity('GET', item),
      );
      recordsOnPath.set(template, found);
    }
    return found;
  }

  /** Every record the call's path passes through must exist: a template of a deleted broadcast is gone too. */
  function missingRecord(call: StatefulCall, template: string): Refusal | undefined {
    for (const item of itemsOn(template)) {
      const recordPath = concretePrefix(call.path, item);
      const collectionPath = recordPath.split('/').slice(0, -1).join('/');
      const id = pathSegments(recordPath).at(-1)!;
      if (!store.get(collectionPath, id)) return new Refusal(404, 'NOT_FOUND', `${collectionPath}/${id} was not found`);
    }
    return undefined;
  }

  function checkStatusRule(rule: StatusRule, call: StatefulCall): Refusal | undefined {
    const subjectPath = concretePrefix(call.path, rule.subject);
    const [collectionPath, id] = [subjectPath.split('/').slice(0, -1).join('/'), pathSegments(subjectPath).at(-1)!];
    const subject = store.get(collectionPath, id);
    const status = subject?.[STATUS_FIELD];
    if (typeof status !== 'string') return undefined; // a status the record does not have is not held against the call
    if (!rule.allowedIn.includes(status))
      return new Refusal(
        400,
        rule.code,
        `${subjectPath} is ${status}: ${rule.operation.split(' ')[0]} ${rule.operation.split('}').at(-1)} needs ${rule.allowedIn.join(' or ')} [rule: ${rule.rule}]`,
      );
    if (rule.needs?.whenIn.includes(status) && store.list(`${subjectPath}/${rule.needs.collection}`).length === 0)
      return new Refusal(
        400,
        rule.code,
        `${subjectPath} has no ${rule.needs.collection}: add one before this (it is ${status}) [rule: ${rule.rule}]`,
      );
    if (rule.to && subject)
      store.put(collectionPath, { ...subject, [STATUS_FIELD]: rule.to, ...('updated_at' in subject ? { updated_at: timestamp() } : {}) });
    return undefined;
  }

  function crud(op: CrudOperation, call: StatefulCall, base: Answer): Answer {
    const collectionPath = concretePrefix(call.path, op.collection);
    const id = op.kind === 'create' || op.kind === 'list' ? undefined : pathSegments(call.path).at(-1)!;
    const existing = id === undefined ? undefined : store.get(collectionPath, id);
    if (id !== undefined && !existing) throw new Refusal(404, 'NOT_FOUND', `${collectionPath}/${id} was not found`);
    const prismRecord = op.kind === 'create' || op.kind === 'replace' ? parsedJson(base) : undefined;
    const fields = acceptedFields(op.itemSchema, call.body);
    switch (op.kind) {
      case 'create': {
        const initialStatus = INITIAL_STATUS[op.collection];
        const record = stamped(
          op.itemSchema,
          {
            ...(isRecord(prismRecord) ? prismRecord : {}),
            ...(initialStatus ? { [STATUS_FIELD]: initialStatus } : {}),
            ...fields,
            id: newId(op.collection),
          },
          true,
        );
        store.put(collectionPath, record);
        return jsonAnswer(op.success.status, record);
      }
      case 'list':
        return pageAnswer(filtered(store.list(collectionPath), op, call.url), call.url, op.defaultTake);
      case 'read':
        return jsonAnswer(op.success.status, existing);
      case 'merge':
      case 'replace': {
        const kept = { id: existing!.id, ...(existing!.created_at !== undefined ? { created_at: existing!.created_at } : {}) };
        const start = op.kind === 'merge' ? existing! : isRecord(prismRecord) ? prismRecord : {};
        const record = stamped(op.itemSchema, { ...start, ...fields, ...kept }, false);
        store.put(collectionPath, record);
        return jsonAnswer(op.success.status, record);
      }
      case 'delete': {
        store.remove(collectionPath, id!);
        // The contract's delete answer: the removed record when its schema takes one, else Prism's.
        if (op.success.schema && schemas.conforms(op.success.schema, existing)) return jsonAnswer(op.success.status, existing);
        return base;
      }
    }
  }

  /** Documented filters that name a field: equality (`status`; a value the field cannot hold, like `ALL`, filters nothing), `search` over text fields. */
  function filtered(records: StoredRecord[], op: CrudOperation, url: URL): StoredRecord[] {
    const properties = (op.itemSchema.properties ?? {}) as Record<string, Schema>;
    let out = records;
    for (const { name } of op.filters) {
      const value = url.searchParams.get(name);
      if (value === null || value === '') continue;
      if (name === 'search') {
        const needle = value.toLowerCase();
        const textFields = Object.entries(properties)
          .filter(([, s]) => s.type === 'string')
          .map(([k]) => k);
        out = out.filter((r) => textFields.some((f) => typeof r[f] === 'string' && (r[f] as string).toLowerCase().includes(needle)));
      } else if (properties[name] && schemas.conforms(properties[name], value)) {
        out = out.filter((r) => String(r[name]) === value);
      }
    }
    return out;
  }

  function send(call: StatefulCall, base: Answer): Answer {
    const broadcastPath = filled(TRANSACTIONAL_SEND.broadcast, call.path);
    const orgContacts = filled(TRANSACTIONAL_SEND.contacts, call.path);
    const body = isRecord(call.body) ? call.body : {};
    let contact: StoredRecord | undefined;
    if (typeof body.contact_id === 'string') {
      contact = store.get(orgContacts, body.contact_id);
      if (!contact) throw new Refusal(404, 'CONTACT_NOT_FOUND', `${orgContacts}/${body.contact_id} was not found`);
    } else if (typeof body.email === 'string' || typeof body.phone === 'string') {
      contact = store
        .list(orgContacts)
        .find((c) => (body.email !== undefined && c.email === body.email) || (body.phone !== undefined && c.phone === body.phone));
      if (!contact) {
        contact = { id: newId(TRANSACTIONAL_SEND.contacts), status: TRANSACTIONAL_SEND.createdContactStatus, created_at: timestamp() };
        for (const key of ['email', 'phone', 'name']) if (typeof body[key] === 'string') contact[key] = body[key];
        store.put(orgContacts, contact);
      }
    }
    const refused = contact && TRANSACTIONAL_SEND.refusedContactStatus[String(contact[STATUS_FIELD])];
    if (refused)
      throw new Refusal(
        400,
        refused,
        `contact ${String(contact!.id)} is ${String(contact![STATUS_FIELD]).toLowerCase()}: the trigger was rejected and nothing was sent`,
      );
    const wanted = Array.isArray(body.template_ids) ? new Set(body.template_ids.map(String)) : undefined;
    const templates = store.list(`${broadcastPath}/${TRANSACTIONAL_SEND.templates}`).filter((t) => !wanted || wanted.has(String(t.id)));
    const prismRecord = (parsedJson(base) as unknown[] | undefined)?.[0];
    const records = templates.map((template) => {
      const record: StoredRecord = {
        ...(isRecord(prismRecord) ? prismRecord : {}),
        id: newId(`${TRANSACTIONAL_SEND.broadcast}/${TRANSACTIONAL_SEND.recipients}`),
        template_id: template.id,
        ...(template.channel !== undefined ? { channel: template.channel } : {}),
        status: TRANSACTIONAL_SEND.recordStatus,
        sent_at: timestamp(),
      };
      if (contact) record.contact_id = contact.id;
      else delete record.contact_id;
      store.put(`${broadcastPath}/${TRANSACTIONAL_SEND.recipients}`, record);
      return record;
    });
    return jsonAnswer(200, records);
  }

  function refusalAnswer(refusal: Refusal): Answer {
    return jsonAnswer(refusal.status, { statusCode: refusal.status, message: refusal.message, code: refusal.code }, refusal.headers);
  }

  /** Checks an answer against the contract's schema for its operation and status; a drift becomes a loud 500. */
  function checked(
    operation: string | undefined,
    answer: Answer,
    statefulAnswer: boolean,
  ): { answer: Answer; violations: ContractViolation[] } {
    const schema = operation && model.responseSchema(operation, answer.status);
    const body = parsedJson(answer);
    if (!schema || body === undefined) return { answer, violations: [] };
    const errors = schemas.errors(schema, body);
    if (errors.length === 0) return { answer, violations: [] };
    const violations = errors.map((message) => ({
      location: ['response', 'body'],
      severity: 'Error',
      code: 'STATEFUL_MOCK_DRIFT',
      message: `${statefulAnswer ? "the stateful mock's" : "Prism's"} ${answer.status} answer to ${operation} breaks the contract: ${message}`,
    }));
    return {
      answer: jsonAnswer(500, { statusCode: 500, code: 'STATEFUL_MOCK_DRIFT', message: violations.map((v) => v.message) }),
      violations,
    };
  }

  return {
    clock,
    get state() {
      return store.snapshot();
    },
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    reset() {
      store.reset();
      limits.reset();
    },
    answer(call, base) {
      const operation = call.template ? `${call.method} ${call.template}` : undefined;
      const org = call.path.startsWith('/orgs/') ? pathSegments(call.path)[1] : undefined;
      try {
        const limited = options.rateLimits !== false && limits.take(call.method, call.template, { ip: call.client, org });
        if (limited)
          throw new Refusal(429, 'RATE_LIMITED', `the ${limited.group} limit is reached: retry in ${limited.retryAfter} s`, {
            'retry-after': String(limited.retryAfter),
          });
        if (!call.template || base.status >= 400) return checked(operation, base, false);
        const identity = routeIdentity(call.method, call.template);
        const found = crudByIdentity.get(identity);
        const missing = missingRecord(call, call.template);
        if (missing) throw missing;
        const rule = rulesByIdentity.get(identity);
        const refused = rule && checkStatusRule(rule, call);
        if (refused) throw refused;
        if (identity === sendIdentity) return checked(operation, send(call, base), true);
        if (found) return checked(operation, crud(found.op, call, base), true);
        if (rule?.to) {
          // A state change answers with the record it changed, when its schema takes one.
          const subjectPath = concretePrefix(call.path, rule.subject);
          const record = store.get(subjectPath.split('/').slice(0, -1).join('/'), pathSegments(subjectPath).at(-1)!);
          const schema = model.responseSchema(operation!, base.status);
          if (record && schema && schemas.conforms(schema, record)) return checked(operation, jsonAnswer(base.status, record), true);
        }
        return checked(operation, base, false);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return checked(operation, refusalAnswer(error), true);
      }
    },
  };
}
