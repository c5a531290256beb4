/**
 * What the fake remembers: records by collection path (`/orgs/c/contacts`), in creation order. The
 * state is plain JSON, so a seed, a snapshot and `mock.state` are the same shape:
 * `{ "/orgs/c/contacts": [{ "id": "cnt_1", ... }], "/orgs/c/broadcasts/brd_1/templates": [...] }`.
 */
/** One stored record: a JSON object with an `id`. */
export type StoredRecord = Record<string, unknown>;

/** The fake's whole state: records by collection path. */
export type StatefulState = Record<string, StoredRecord[]>;

export class ResourceStore {
  private collections = new Map<string, Map<string, StoredRecord>>();

  constructor(private readonly seed: StatefulState = {}) {
    this.restore(seed);
  }

  list(collection: string): StoredRecord[] {
    return [...(this.collections.get(collection)?.values() ?? [])];
  }

  get(collection: string, id: string): StoredRecord | undefined {
    return this.collections.get(collection)?.get(id);
  }

  put(collection: string, record: StoredRecord): void {
    let records = this.collections.get(collection);
    if (!records) this.collections.set(collection, (records = new Map()));
    records.set(String(record.id), record);
  }

  /** Removes a record and every collection nested under it (a broadcast's templates go with it). */
  remove(collection: string, id: string): void {
    this.collections.get(collection)?.delete(id);
    const prefix = `${collection}/${id}/`;
    for (const path of [...this.collections.keys()]) if (path.startsWith(prefix)) this.collections.delete(path);
  }

  snapshot(): StatefulState {
    const state: StatefulState = {};
    for (const [path, records] of this.collections) if (records.size) state[path] = structuredClone([...records.values()]);
    return state;
  }

  restore(state: StatefulState): void {
    this.collections = new Map();
    for (const [path, records] of Object.entries(checkedState(state)))
      for (const record of structuredClone(records)) this.put(path, record);
  }

  /** Back to the seed. */
  reset(): void {
    this.restore(this.seed);
  }
}

/** A seed or snapshot, checked: collection paths mapped to arrays of objects that have an `id`. */
export function checkedState(input: unknown, where = 'seed'): StatefulState {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new TypeError(`${where} must be an object mapping collection paths ("/orgs/c/contacts") to arrays of records`);
  for (const [path, records] of Object.entries(input)) {
    if (!path.startsWith('/')) throw new TypeError(`${where}: "${path}" is not a collection path (like "/orgs/c/contacts")`);
    if (!Array.isArray(records)) throw new TypeError(`${where}["${path}"] must be an array of records`);
    records.forEach((record, i) => {
      if (
        record === null ||
        typeof record !== 'object' ||
        Array.isArray(record) ||
        (typeof record.id !== 'string' && typeof record.id !== 'number')
      )
        throw new TypeError(`${where}["${path}"][${i}] must be an object with an "id"`);
    });
  }
  return input as StatefulState;
}
