/** spec:diff: what changed for SDK users, classified by rule and severity, and nothing else. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs, type SpecDiff } from '../../scripts/lib/spec-diff.js';
import { MARKDOWN_LIMIT, renderMarkdown } from '../../scripts/lib/spec-diff-render.js';
import { suggestBump } from '../../scripts/lib/spec-diff-model.js';
import { loadContract, type Json } from '../../scripts/lib/spec-source.js';
import { fixture, runScript } from './helpers.js';

let base: Json;
let dir: string;
beforeAll(async () => {
  base = (await loadContract(fixture('base-3.1.json'))).spec;
  dir = await mkdtemp(join(tmpdir(), 'invent-spec-diff-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `severity id operation location` for each change of base -> base changed by `edit`. */
function changesAfter(edit: (spec: Json) => void): string[] {
  const after = structuredClone(base);
  edit(after);
  return summary(diffSpecs(base, after));
}
const summary = (d: SpecDiff) => d.changes.map((c) => [c.severity, c.id, c.operation, c.location].filter(Boolean).join(' '));
const op = (spec: Json, path: string, method: string) => spec.paths[path][method];
const schemas = (spec: Json) => spec.components.schemas;
const contacts = '/orgs/{org_id}/contacts';
const contact = '/orgs/{org_id}/contacts/{contact_id}';

describe('spec:diff: what is no change', () => {
  it('the same API as OpenAPI 3.0 YAML (DTO names, inlined schemas, nullable: true, framework operationIds) differs only in operationIds, as info', async () => {
    const framework = (await loadContract(fixture('same-api-3.0.yaml'))).spec;
    const diff = diffSpecs(base, framework);
    expect(diff.counts).toEqual({ breaking: 0, warning: 0, info: 7 });
    expect(new Set(diff.changes.map((c) => `${c.severity} ${c.id}`))).toEqual(new Set(['info api-operation-id-updated']));
    expect(diff.changes.find((c) => c.operation === `GET ${contacts}`)?.message).toBe(
      'operationId `listContacts` -> `ContactsController_findAll`',
    );
    expect(diff.bump).toBe('patch');
  });

  it('3.0 and 3.1 of the same API, same operationIds, diff to nothing', async () => {
    const text = await readFile(fixture('same-api-3.0.yaml'), 'utf8');
    const ids: Record<string, string> = {
      AppController_health: 'health',
      ContactsController_findAll: 'listContacts',
      ContactsController_create: 'createContact',
      ContactsController_findOne: 'getContact',
      ContactsController_remove: 'deleteContact',
      FoldersController_findOne: 'getFolder',
      EventsController_send: 'sendEvent',
    };
    const file = join(dir, 'same-ids-3.0.yaml');
    await writeFile(
      file,
      text.replace(/operationId: (\w+)/g, (_, id: string) => `operationId: ${ids[id]}`),
    );
    const diff = diffSpecs(base, (await loadContract(file)).spec);
    expect(diff).toMatchObject({ bump: 'none', counts: { breaking: 0, warning: 0, info: 0 }, changes: [] });
  });

  it('renaming a schema, inlining it, or splitting it with allOf is no change', () => {
    expect(
      changesAfter((s) => {
        schemas(s).ContactRecord = schemas(s).Contact;
        delete schemas(s).Contact;
        const text = JSON.stringify(s.paths).replaceAll('#/components/schemas/Contact"', '#/components/schemas/ContactRecord"');
        s.paths = JSON.parse(text);
      }),
    ).toEqual([]);
    expect(
      changesAfter((s) => {
        op(s, contact, 'get').responses['200'].content['application/json'].schema = structuredClone(schemas(s).Contact);
      }),
    ).toEqual([]);
    expect(
      changesAfter((s) => {
        const { id, ...rest } = schemas(s).Contact.properties;
        schemas(s).Contact = {
          allOf: [
            { type: 'object', required: ['id'], properties: { id } },
            { type: 'object', required: ['email'], properties: rest },
          ],
        };
      }),
    ).toEqual([]);
  });

  it('nullable spellings are the same: type [t, null], anyOf [t, null], 3.0 nullable: true', () => {
    expect(
      changesAfter((s) => {
        schemas(s).Contact.properties.name = { anyOf: [{ type: 'string' }, { type: 'null' }] };
        schemas(s).ContactInput.properties.nickname = { type: ['string', 'null'] };
      }),
    ).toEqual([]);
  });

  it('3.0 spellings of 3.1 schemas are the same: anyOf of plain types is a type list, format binary is contentMediaType', () => {
    const before = structuredClone(base);
    schemas(before).Contact.properties.score.type = ['integer', 'string'];
    schemas(before).ContactInput.properties.avatar = { type: 'string', contentMediaType: 'application/octet-stream' };
    const after = structuredClone(before);
    schemas(after).Contact.properties.score = { anyOf: [{ type: 'integer' }, { type: 'string' }], minimum: 0 };
    schemas(after).ContactInput.properties.avatar = { type: 'string', format: 'binary' };
    expect(summary(diffSpecs(before, after))).toEqual([]);
  });

  it('renaming a path parameter is the same operation; the renamed key is a warning', () => {
    expect(
      changesAfter((s) => {
        const item = s.paths[contact];
        delete s.paths[contact];
        for (const method of ['get', 'delete']) item[method].parameters[1].name = 'id';
        s.paths['/orgs/{org_id}/contacts/{id}'] = item;
      }),
    ).toEqual([
      'warning request-path-parameter-renamed DELETE /orgs/{org_id}/contacts/{id} path.id',
      'warning request-path-parameter-renamed GET /orgs/{org_id}/contacts/{id} path.id',
    ]);
  });

  it('a recursive schema is compared once per level, and a change inside it is reported once', () => {
    expect(changesAfter((s) => (schemas(s).Folder.properties.title = { type: 'string' }))).toEqual([
      'info response-optional-property-added GET /orgs/{org_id}/folders/{folder_id} response 200: title',
    ]);
  });
});

describe('spec:diff: types', () => {
  it('widening a request type (integer -> number) is info and says the TypeScript type is the same', () => {
    const after = structuredClone(base);
    schemas(after).ContactInput.properties.age.type = 'number';
    const [change] = diffSpecs(base, after).changes;
    expect(change).toMatchObject({ id: 'request-property-type-generalized', severity: 'info', location: 'body: age' });
    expect(change?.message).toContain('the generated TypeScript type is `number` either way');
  });

  it('narrowing a request type is breaking; in a response it is info, and widening a response is a warning', () => {
    expect(changesAfter((s) => (op(s, contacts, 'get').parameters[1].schema.type = 'number'))).toEqual([
      'info request-parameter-type-generalized GET /orgs/{org_id}/contacts query.take',
    ]);
    expect(changesAfter((s) => (schemas(s).ContactInput.properties.name.type = 'integer'))).toEqual([
      'breaking request-property-type-changed POST /orgs/{org_id}/contacts body: name',
    ]);
    const scoreWidened = changesAfter((s) => (schemas(s).Contact.properties.score.type = 'number'));
    expect(new Set(scoreWidened.map((l) => l.split(' ').slice(0, 2).join(' ')))).toEqual(
      new Set(['warning response-property-type-changed']),
    );
    expect(changesAfter((s) => (schemas(s).Contact.properties.email.type = 'integer'))).toHaveLength(3);
  });

  it('null: a response that may become null is breaking, a request that accepts null is info', () => {
    expect(
      changesAfter((s) => (schemas(s).Contact.properties.id.type = ['string', 'null'])).every((l) =>
        l.startsWith('breaking response-property-became-nullable'),
      ),
    ).toBe(true);
    expect(changesAfter((s) => (schemas(s).ContactInput.properties.name.type = ['string', 'null']))).toEqual([
      'info request-property-became-nullable POST /orgs/{org_id}/contacts body: name',
    ]);
    expect(changesAfter((s) => (schemas(s).ContactInput.properties.nickname = { type: 'string' }))).toEqual([
      'breaking request-property-became-not-nullable POST /orgs/{org_id}/contacts body: nickname',
    ]);
  });
});

describe('spec:diff: enums and const', () => {
  it('adding a value: info in a request, breaking in a response (a shared schema is reported where it is used)', () => {
    expect(changesAfter((s) => schemas(s).ContactStatus.enum.push('blocked'))).toEqual([
      'breaking response-property-enum-value-added GET /orgs/{org_id}/contacts response 200: [].status',
      'breaking response-property-enum-value-added GET /orgs/{org_id}/contacts/{contact_id} response 200: status',
      'breaking response-property-enum-value-added POST /orgs/{org_id}/contacts response 201: status',
      'info request-parameter-enum-value-added GET /orgs/{org_id}/contacts query.status',
    ]);
  });

  it('removing a value: breaking in a request, info in a response', () => {
    expect(changesAfter((s) => (schemas(s).ContactStatus.enum = ['subscribed']))).toEqual([
      'breaking request-parameter-enum-value-removed GET /orgs/{org_id}/contacts query.status',
      'info response-property-enum-value-removed GET /orgs/{org_id}/contacts response 200: [].status',
      'info response-property-enum-value-removed GET /orgs/{org_id}/contacts/{contact_id} response 200: status',
      'info response-property-enum-value-removed POST /orgs/{org_id}/contacts response 201: status',
    ]);
  });

  it('const is a one-value enum; limiting a free request value is breaking', () => {
    expect(changesAfter((s) => (schemas(s).EmailEvent.properties.kind.const = 'mail'))).toEqual([
      'breaking request-property-enum-value-removed POST /orgs/{org_id}/events body: kind',
      'info request-property-enum-value-added POST /orgs/{org_id}/events body: kind',
    ]);
    expect(changesAfter((s) => (schemas(s).ContactInput.properties.name.enum = ['a', 'b']))).toEqual([
      'breaking request-property-became-enum POST /orgs/{org_id}/contacts body: name',
    ]);
  });
});

describe('spec:diff: constraints', () => {
  it('narrowing a request bound is breaking, widening it is info', () => {
    expect(changesAfter((s) => (op(s, contacts, 'get').parameters[1].schema.maximum = 50))).toEqual([
      'breaking request-parameter-max-decreased GET /orgs/{org_id}/contacts query.take',
    ]);
    expect(changesAfter((s) => (op(s, contacts, 'get').parameters[1].schema.maximum = 200))).toEqual([
      'info request-parameter-max-increased GET /orgs/{org_id}/contacts query.take',
    ]);
    expect(
      changesAfter((s) => {
        const p = schemas(s).ContactInput.properties;
        p.email.maxLength = 100;
        p.name.minLength = 3;
        delete p.tags.maxItems;
        p.age.exclusiveMinimum = 5;
        p.tags.minItems = 1;
      }),
    ).toEqual([
      'breaking request-property-exclusive-min-increased POST /orgs/{org_id}/contacts body: age',
      'breaking request-property-max-length-decreased POST /orgs/{org_id}/contacts body: email',
      'breaking request-property-min-length-increased POST /orgs/{org_id}/contacts body: name',
      'breaking request-property-min-items-set POST /orgs/{org_id}/contacts body: tags',
      'info request-property-max-items-removed POST /orgs/{org_id}/contacts body: tags',
    ]);
  });

  it('response bounds the other way round: widening is a warning, narrowing is info', () => {
    expect(
      changesAfter((s) => (schemas(s).Contact.properties.score.minimum = -10)).every((l) =>
        l.startsWith('warning response-property-min-decreased'),
      ),
    ).toBe(true);
    expect(
      changesAfter((s) => (schemas(s).Contact.properties.score.maximum = 10)).every((l) => l.startsWith('info response-property-max-set')),
    ).toBe(true);
  });

  it('multipleOf and uniqueItems', () => {
    expect(
      changesAfter((s) => {
        const p = schemas(s).ContactInput.properties;
        p.age.multipleOf = 5;
        p.tags.uniqueItems = true;
      }),
    ).toEqual([
      'breaking request-property-multiple-of-set POST /orgs/{org_id}/contacts body: age',
      'breaking request-property-unique-items-set POST /orgs/{org_id}/contacts body: tags',
    ]);
    const stepped = structuredClone(base);
    schemas(stepped).ContactInput.properties.age.multipleOf = 10;
    const finer = structuredClone(stepped);
    schemas(finer).ContactInput.properties.age.multipleOf = 5;
    expect(summary(diffSpecs(stepped, finer))).toEqual([
      'info request-property-multiple-of-changed POST /orgs/{org_id}/contacts body: age',
    ]);
    expect(summary(diffSpecs(finer, stepped))).toEqual([
      'breaking request-property-multiple-of-changed POST /orgs/{org_id}/contacts body: age',
    ]);
  });

  it('pattern and format', () => {
    expect(changesAfter((s) => (schemas(s).ContactInput.properties.email.pattern = '^[^@]+@[^@]+$'))).toEqual([
      'breaking request-property-pattern-changed POST /orgs/{org_id}/contacts body: email',
    ]);
    expect(changesAfter((s) => delete schemas(s).ContactInput.properties.email.pattern)).toEqual([
      'info request-property-pattern-removed POST /orgs/{org_id}/contacts body: email',
    ]);
    expect(changesAfter((s) => (schemas(s).Contact.properties.email.format = 'idn-email'))[0]).toBe(
      'warning response-property-format-changed GET /orgs/{org_id}/contacts response 200: [].email',
    );
  });

  it('additionalProperties: closing a request body is breaking, opening it is info', () => {
    expect(changesAfter((s) => delete schemas(s).ContactInput.additionalProperties)).toEqual([
      'info request-body-additional-properties-opened POST /orgs/{org_id}/contacts body',
    ]);
    expect(
      changesAfter((s) => (schemas(s).Owner.additionalProperties = false)).every((l) =>
        l.startsWith('info response-property-additional-properties-closed'),
      ),
    ).toBe(true);
    const closed = structuredClone(base);
    delete schemas(closed).ContactInput.additionalProperties;
    expect(summary(diffSpecs(closed, base))).toEqual([
      'breaking request-body-additional-properties-closed POST /orgs/{org_id}/contacts body',
    ]);
  });
});

describe('spec:diff: composition', () => {
  it('oneOf alternatives and discriminators', () => {
    expect(
      changesAfter((s) => {
        const body = op(s, '/orgs/{org_id}/events', 'post').requestBody.content['application/json'].schema;
        body.oneOf.pop();
        delete body.discriminator.mapping.sms;
      }),
    ).toEqual([
      'breaking request-body-discriminator-mapping-removed POST /orgs/{org_id}/events body',
      'breaking request-body-one-of-removed POST /orgs/{org_id}/events body',
    ]);
    expect(
      changesAfter((s) => {
        const body = op(s, '/orgs/{org_id}/events', 'post').requestBody.content['application/json'].schema;
        body.oneOf.push({ type: 'object', properties: { kind: { type: 'string', const: 'push' } } });
      }),
    ).toEqual(['info request-body-one-of-added POST /orgs/{org_id}/events body']);
    expect(
      changesAfter(
        (s) => (op(s, '/orgs/{org_id}/events', 'post').requestBody.content['application/json'].schema.discriminator.propertyName = 'type'),
      ),
    ).toEqual(['breaking request-body-discriminator-property-name-changed POST /orgs/{org_id}/events body']);
  });

  it('anyOf alternatives in a response: an added one is a warning', () => {
    expect(
      changesAfter(
        (s) =>
          (schemas(s).Contact.properties.owner = { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'string' }, { type: 'null' }] }),
      ).every((l) => l.startsWith('warning response-property-any-of-added')),
    ).toBe(true);
  });
});

describe('spec:diff: operations, parameters, bodies, responses, security', () => {
  it('operations added (info) and removed (breaking); operations are matched by route, not operationId', () => {
    expect(
      changesAfter((s) => {
        delete s.paths['/health'];
        s.paths['/orgs/{org_id}/tags'] = { get: { operationId: 'listContacts', responses: { 200: { description: 'ok' } } } };
      }),
    ).toEqual(['breaking endpoint-removed GET /health', 'info endpoint-added GET /orgs/{org_id}/tags']);
  });

  it('parameters: required ones added or made required are breaking; optional ones and removals are not', () => {
    expect(
      changesAfter((s) => {
        const params = op(s, contacts, 'get').parameters;
        params[1].required = true;
        params.push({ name: 'segment', in: 'query', required: true, schema: { type: 'string' } });
        params.push({ name: 'q', in: 'query', schema: { type: 'string' } });
        params.shift();
      }),
    ).toEqual([
      'breaking new-required-request-parameter GET /orgs/{org_id}/contacts query.segment',
      'breaking request-parameter-became-required GET /orgs/{org_id}/contacts query.take',
      'warning request-parameter-removed GET /orgs/{org_id}/contacts query.status',
      'info new-optional-request-parameter GET /orgs/{org_id}/contacts query.q',
    ]);
  });

  it('request bodies: required-ness, properties, media types', () => {
    expect(
      changesAfter((s) => {
        schemas(s).ContactInput.required = ['email', 'name', 'source'];
        schemas(s).ContactInput.properties.source = { type: 'string' };
        schemas(s).ContactInput.properties.note = { type: 'string' };
        schemas(s).ContactInput.properties.created_at = { type: 'string', readOnly: true };
        delete schemas(s).ContactInput.properties.tags;
        op(s, '/orgs/{org_id}/events', 'post').requestBody.required = false;
      }),
    ).toEqual([
      'breaking request-property-became-required POST /orgs/{org_id}/contacts body: name',
      'breaking new-required-request-property POST /orgs/{org_id}/contacts body: source',
      'warning request-property-removed POST /orgs/{org_id}/contacts body: tags',
      'info new-optional-request-property POST /orgs/{org_id}/contacts body: note',
      'info request-body-became-optional POST /orgs/{org_id}/events body',
    ]);
    expect(
      changesAfter((s) => {
        const content = op(s, contacts, 'post').requestBody.content;
        content['application/x-www-form-urlencoded'] = content['application/json'];
        delete content['application/json'];
      }),
    ).toEqual([
      'breaking request-body-media-type-removed POST /orgs/{org_id}/contacts body',
      'info request-body-media-type-added POST /orgs/{org_id}/contacts body',
    ]);
  });

  it('responses: a removed success status or field is breaking; new statuses and fields are info', () => {
    expect(
      changesAfter((s) => {
        const responses = op(s, contact, 'get').responses;
        responses['201'] = responses['200'];
        delete responses['200'];
        delete responses['404'];
      }),
    ).toEqual([
      'breaking response-success-status-removed GET /orgs/{org_id}/contacts/{contact_id} response 200',
      'info response-success-status-added GET /orgs/{org_id}/contacts/{contact_id} response 201',
      'info response-non-success-status-removed GET /orgs/{org_id}/contacts/{contact_id} response 404',
    ]);
    const renamed = changesAfter((s) => {
      const p = schemas(s).Contact.properties;
      p.full_name = p.name;
      delete p.name;
      schemas(s).Contact.required = ['id'];
    });
    expect(renamed.filter((l) => l.includes('GET /orgs/{org_id}/contacts/{contact_id} '))).toEqual([
      'breaking response-property-became-optional GET /orgs/{org_id}/contacts/{contact_id} response 200: email',
      'breaking response-optional-property-removed GET /orgs/{org_id}/contacts/{contact_id} response 200: name',
      'info response-optional-property-added GET /orgs/{org_id}/contacts/{contact_id} response 200: full_name',
    ]);
    expect(changesAfter((s) => delete op(s, contact, 'get').responses['200'].content['application/json']).slice(0, 1)).toEqual([
      'breaking response-media-type-removed GET /orgs/{org_id}/contacts/{contact_id} response 200',
    ]);
  });

  it('security: an operation that stops being public, or a scheme that is no longer accepted, is breaking; becoming public is a warning', () => {
    expect(changesAfter((s) => delete op(s, '/health', 'get').security)).toEqual(['breaking api-security-added GET /health']);
    expect(changesAfter((s) => (op(s, contact, 'delete').security = []))).toEqual([
      'warning api-security-removed DELETE /orgs/{org_id}/contacts/{contact_id}',
    ]);
    // No root security and none on the operation: public, by the OpenAPI rule.
    const everyOperation = changesAfter((s) => delete s.security);
    expect(everyOperation).toHaveLength(6);
    expect(everyOperation.every((l) => l.startsWith('warning api-security-removed'))).toBe(true);
    expect(
      changesAfter((s) => (s.components.securitySchemes.bearerAuth = { type: 'apiKey', in: 'header', name: 'x-api-key' })).every((l) =>
        l.startsWith('breaking api-security-changed'),
      ),
    ).toBe(true);
    expect(
      changesAfter((s) => {
        s.components.securitySchemes.apiKey = { type: 'apiKey', in: 'header', name: 'x-api-key' };
        op(s, contact, 'delete').security = [{ bearerAuth: [] }, { apiKey: [] }];
      }),
    ).toEqual(['info api-security-alternative-added DELETE /orgs/{org_id}/contacts/{contact_id}']);
  });
});

describe('spec:diff: report', () => {
  it('orders by severity and suggests the bump (0.x: breaking -> minor, else patch; from 1.0: major / minor)', () => {
    const diff = diffSpecs(base, structuredClone(base));
    expect(diff.bump).toBe('none');
    expect(suggestBump({ breaking: 1, warning: 0, info: 0 }, '0.1.0')).toBe('minor');
    expect(suggestBump({ breaking: 0, warning: 2, info: 1 }, '0.1.0')).toBe('patch');
    expect(suggestBump({ breaking: 1, warning: 0, info: 0 }, '1.2.0')).toBe('major');
    expect(suggestBump({ breaking: 0, warning: 0, info: 1 }, '1.2.0')).toBe('minor');
    const mixed = changesAfter((s) => {
      delete s.paths['/health'];
      op(s, contact, 'delete').security = [];
      op(s, contact, 'get').operationId = 'fetchContact';
    });
    expect(mixed.map((l) => l.split(' ')[0])).toEqual(['breaking', 'warning', 'info']);
  });

  it('Markdown stays under the pull-request limit with 5,000 info changes, and lists every breaking change', async () => {
    const before = structuredClone(base);
    const after = structuredClone(base);
    for (let i = 0; i < 40; i++) before.paths[`/legacy/report-${i}`] = { get: { responses: { 200: { description: 'ok' } } } };
    for (let i = 0; i < 5000; i++) after.paths[`/reports/${i}/{report_id}/rows`] = { get: { responses: { 200: { description: 'ok' } } } };
    const diff = diffSpecs(before, after);
    expect(diff.counts).toEqual({ breaking: 40, warning: 0, info: 5000 });
    const md = renderMarkdown(diff);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    for (let i = 0; i < 40; i++) expect(md).toContain(`- \`GET /legacy/report-${i}\`: operation removed <sub>endpoint-removed</sub>`);
    expect(md.indexOf('### Breaking (40)')).toBeLessThan(md.indexOf('### Info (5000, summarized'));
    expect(md).toContain('| `endpoint-added` | 5000 |');
    expect(md).toMatch(/- \.\.\. and \d+ more operation\(s\)/);
    // A short report is listed in full.
    const small = renderMarkdown(diffSpecs(base, (await loadContract(fixture('same-api-3.0.yaml'))).spec));
    expect(small).toContain(
      '### Info (7)\n\n- `DELETE /orgs/{org_id}/contacts/{contact_id}`: operationId `deleteContact` -> `ContactsController_remove`',
    );
  });
});

describe('npm run spec:diff (the command)', () => {
  it('prints text, markdown or json; exits 0 without breaking changes, 1 with, 2 on bad input', async () => {
    const changed = structuredClone(base);
    delete changed.paths['/health'];
    const changedFile = join(dir, 'changed.json');
    await writeFile(changedFile, JSON.stringify(changed));
    // Bad input is checked in-process above and in spec-pull.test.ts; here one case shows the exit code.
    const [same, breaking, json, swagger, badFormat] = await Promise.all([
      runScript('spec-diff.ts', [fixture('base-3.1.json'), fixture('same-api-3.0.yaml')]),
      runScript('spec-diff.ts', [fixture('base-3.1.json'), changedFile, '--format', 'markdown']),
      runScript('spec-diff.ts', [fixture('same-api-3.0.yaml'), changedFile, '--format', 'json']),
      runScript('spec-diff.ts', [fixture('bad/swagger-2.json'), fixture('base-3.1.json')]),
      runScript('spec-diff.ts', [fixture('base-3.1.json'), fixture('base-3.1.json'), '--format', 'yaml']),
    ]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('0 breaking, 0 warning(s), 7 info');
    expect(same.stdout).toContain('  [api-operation-id-updated] GET /health: operationId `health` -> `AppController_health`');
    expect(breaking.status).toBe(1);
    expect(breaking.stdout).toContain('### Breaking (1)\n\n- `GET /health`: operation removed <sub>endpoint-removed, health</sub>');
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ bump: 'minor', counts: { breaking: 1, warning: 0, info: 6 }, from: { version: '1.0.0' } });
    expect(report.changes[0]).toEqual({
      id: 'endpoint-removed',
      severity: 'breaking',
      operation: 'GET /health',
      operationId: 'AppController_health',
      message: 'operation removed',
    });
    expect([swagger.status, swagger.stderr]).toEqual([2, expect.stringContaining('Swagger "2.0" (OpenAPI 2.0), which is not supported')]);
    expect([badFormat.status, badFormat.stderr]).toEqual([2, expect.stringContaining('unknown --format "yaml"')]);
  }, 240_000);
});
