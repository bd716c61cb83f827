import { FakeHrbrainOptionsError } from '../errors';
import { emptyDefectReport, type FakeHrbrainDefectReport } from './defect-report';
import { type DepartmentNode, generateDepartments } from './departments';
import {
  buildFieldDefinitions,
  DEFAULT_EMPLOYMENT_TYPES,
  ENROLLMENT_STATUSES,
  FIELD_IDS,
  type FieldKey,
  ORGANIZATION_IDS,
  type OrganizationKey,
  POSITIONS,
} from './fields';
import {
  defaultMemberFieldTemplate,
  generateMembers,
  type MemberMix,
  serializeMember,
} from './members';
import type { FakeHrbrainDefects, FakeHrbrainOptions } from './options';
import { padValues } from './pad-values';
import type { HrbrainPayload, RawOrganizationItem, RawOrganizationItems } from './payload';
import { createRandom } from './random';
import { droppedAliasKeys, renameFields } from './rename-fields';
import { addTooDeepChain, MAX_SYNCED_LEVEL, spoilDepartmentCodes } from './spoil-departments';
import { spoilMembers } from './spoil-members';

/** Scopes a secret gets unless `scopes` says otherwise: what the manual asks for (C1). */
export const DEFAULT_SCOPES: readonly string[] = ['member:read', 'organization:read'];

/** A fake HRBrain tenant: the credentials it accepts and the payloads it serves. */
export interface FakeHrbrainTenant {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `https://{clientId}.oapi.hrbrain.jp`, where {@link createHrbrainHandlers} listen by default. */
  readonly baseUrl: string;
  /** Scopes the secret carries. */
  readonly scopes: readonly string[];
  /** The seed a generated tenant came from (`undefined` for an explicit payload). */
  readonly seed: number | undefined;
  /**
   * The raw API payloads the tenant serves. Handlers read it on every request, so a test
   * may change it between calls to simulate edits in HRBrain (call `handlers.refresh()`
   * when a server caches pages).
   */
  readonly payload: HrbrainPayload;
  /** Field and organization ids of a generated tenant, by role. */
  readonly ids: {
    readonly fields: Readonly<Record<FieldKey, string>>;
    readonly organizations: Readonly<Record<OrganizationKey, string>>;
  };
  /** What was spoiled on purpose (all empty for an explicit payload). */
  readonly defects: FakeHrbrainDefectReport;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function count(value: number | undefined, fallback: number, option: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) {
    throw new FakeHrbrainOptionsError(`expected a whole number ≥ 0, got ${String(value)}.`, {
      option,
    });
  }
  return n;
}

function share(value: number | undefined, fallback: number, option: string): number {
  const n = value ?? fallback;
  if (!(n >= 0 && n <= 1)) {
    throw new FakeHrbrainOptionsError(`expected a share between 0 and 1, got ${String(value)}.`, {
      option,
    });
  }
  return n;
}

function listItems(prefix: string, names: readonly string[]): RawOrganizationItems {
  return {
    type: 'list',
    items: names.map((value, i) => ({
      id: `${prefix}-${i}`,
      value,
      code: `${prefix.toUpperCase()}${i}`,
    })),
  };
}

/**
 * Creates a fake HRBrain tenant that accepts only `clientId`/`clientSecret`: either
 * generated from `seed` (realistic Japanese names with kana, business names, a department
 * tree with 組織情報コード, employment types, 在籍状況 …) with the requested `defects`, or
 * serving `payload` verbatim. Serve it with {@link createHrbrainHandlers} (msw) or
 * {@link startFakeHrbrainServer} (loopback HTTP).
 *
 * @example
 * ```ts
 * import { createFakeHrbrain } from '@mikiwame/hrbrain-mock';
 *
 * const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', seed: 7, members: 200,
 *   defects: { duplicateEmails: 2, renamedFields: ['性別'] } });
 * tenant.defects.duplicateEmails; // the 4 member ids the sync must skip (E4)
 * ```
 *
 * @throws {FakeHrbrainOptionsError} when an option cannot be honoured.
 */
export function createFakeHrbrain(options: FakeHrbrainOptions): FakeHrbrainTenant {
  const { clientSecret } = options;
  if (typeof options.clientId !== 'string' || !DNS_LABEL.test(options.clientId)) {
    throw new FakeHrbrainOptionsError(
      'must be a tenant subdomain (letters, digits and inner hyphens, 1–63 characters).',
      { option: 'clientId' },
    );
  }
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) {
    throw new FakeHrbrainOptionsError('must be a non-empty string.', { option: 'clientSecret' });
  }
  // Host names are case-insensitive and HRBrain subdomains are lower case; the client
  // lower-cases what it is given (rule C4), so `ACME` must mean the tenant `acme` here too.
  const clientId = options.clientId.toLowerCase();
  const scopes = [...(options.scopes ?? DEFAULT_SCOPES)];
  const base = {
    clientId,
    clientSecret,
    baseUrl: `https://${clientId}.oapi.hrbrain.jp`,
    scopes,
    ids: { fields: FIELD_IDS, organizations: ORGANIZATION_IDS },
  };
  if (options.payload) {
    const { fields, members, organizations } = options.payload;
    // The containers must be what the endpoints page and index; their contents may be anything.
    if (!Array.isArray(fields) || !Array.isArray(members)) {
      throw new FakeHrbrainOptionsError(
        'fields and members must be arrays (the raw API payloads).',
        { option: 'payload' },
      );
    }
    if (
      organizations === null ||
      typeof organizations !== 'object' ||
      Array.isArray(organizations)
    ) {
      throw new FakeHrbrainOptionsError(
        'must map organization ids to their items responses, e.g. { "org-dept": { type: "tree", items: [...] } }.',
        { option: 'payload.organizations' },
      );
    }
    return {
      ...base,
      seed: undefined,
      // Served verbatim: an explicit payload is the test's statement of the data, valid or not.
      payload: { ...options.payload } as unknown as HrbrainPayload,
      defects: emptyDefectReport(),
    };
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed))
    throw new FakeHrbrainOptionsError('must be an integer.', { option: 'seed' });
  const { payload, defects } = generatePayload(seed, options);
  return { ...base, seed, payload, defects };
}

function generatePayload(
  seed: number,
  options: FakeHrbrainOptions,
): { payload: HrbrainPayload; defects: FakeHrbrainDefectReport } {
  const memberCount = count(options.members, 50, 'members');
  const departmentCount = count(options.departments?.count, 12, 'departments.count');
  const maxDepth = count(options.departments?.maxDepth, 4, 'departments.maxDepth');
  if (departmentCount < 1) {
    throw new FakeHrbrainOptionsError('must be at least 1 (the root).', {
      option: 'departments.count',
    });
  }
  if (maxDepth < 1 || maxDepth > MAX_SYNCED_LEVEL) {
    throw new FakeHrbrainOptionsError(
      `must be 1–${MAX_SYNCED_LEVEL}; for departments deeper than level 10 use defects.tooDeepDepartments.`,
      { option: 'departments.maxDepth' },
    );
  }
  if (maxDepth === 1 && departmentCount > 1) {
    throw new FakeHrbrainOptionsError(
      'a tree of depth 1 holds only the root; raise maxDepth or set count to 1.',
      { option: 'departments.maxDepth' },
    );
  }
  const d: FakeHrbrainDefects = options.defects ?? {};
  const v = options.variety ?? {};
  const mix: MemberMix = {
    businessNames: share(v.businessNames, 0.05, 'variety.businessNames'),
    hiraganaKana: share(v.hiraganaKana, 0.03, 'variety.hiraganaKana'),
    halfWidthKana: share(v.halfWidthKana, 0.02, 'variety.halfWidthKana'),
    isoBirthDates: share(v.isoBirthDates, 0.2, 'variety.isoBirthDates'),
    retired: share(v.retired, 0.08, 'variety.retired'),
    onLeave: share(v.onLeave, 0.03, 'variety.onLeave'),
    noDepartment: share(v.noDepartment, 0.01, 'variety.noDepartment'),
  };
  const paddedValues = share(v.paddedValues, 0, 'variety.paddedValues');
  if (mix.hiraganaKana + mix.halfWidthKana > 1 || mix.retired + mix.onLeave > 1) {
    throw new FakeHrbrainOptionsError('shares of one field must add up to at most 1.', {
      option: 'variety',
    });
  }
  const report = emptyDefectReport();

  // Separate streams, so that adding members or defects does not reshuffle the departments.
  const tree = generateDepartments(createRandom(seed), departmentCount, maxDepth);
  const unsynced = spoilDepartmentCodes(
    createRandom(seed + 0x5eed),
    tree,
    count(d.missingDepartmentCodes, 0, 'defects.missingDepartmentCodes'),
    count(d.duplicateDepartmentCodes, 0, 'defects.duplicateDepartmentCodes'),
    report,
  );
  // Members only join departments that will be synced; the root is the company itself.
  let homes = tree.nodes.filter((n) => n !== tree.root && !unsynced.has(n));
  if (homes.length === 0 && !unsynced.has(tree.root)) homes = [tree.root];
  const unsyncedIds: string[] = [...unsynced].map((n) => n.item.id);
  for (const node of addTooDeepChain(
    tree,
    count(d.tooDeepDepartments, 0, 'defects.tooDeepDepartments'),
    report,
  )) {
    unsyncedIds.push(node.item.id);
  }
  const unknownDepartments = count(d.unknownDepartments, 0, 'defects.unknownDepartments');
  if (unknownDepartments > 0 && unsyncedIds.length === 0) {
    // E2 needs a department that exists in HRBrain but not in Mikiwame: add a codeless one,
    // like the worked example's プロジェクト室 (it is itself a D2 error row).
    const orphan: DepartmentNode = tree.add(tree.root, 'プロジェクト室');
    delete orphan.item.code;
    unsyncedIds.push(orphan.item.id);
    report.missingDepartmentCodes.push(orphan.item.id);
  }

  const employmentTypes = [
    ...DEFAULT_EMPLOYMENT_TYPES,
    ...(options.extraEmploymentTypes ?? ['嘱託', '顧問']),
  ];
  const employmentWeights = [70, 8, 4, 4, 4, 1, 3, 1, 1];
  const positionWeights = [2, 1, 5, 7, 10, 75];
  const members = generateMembers(
    createRandom(seed + 0x3e3b),
    memberCount,
    {
      departments: homes,
      employmentTypes: employmentTypes.map(
        (_, i) => [`emp-${i}`, employmentWeights[i] ?? 2] as const,
      ),
      positions: POSITIONS.map((_, i) => [`pos-${i}`, positionWeights[i] ?? 1] as const),
      activeStatusId: 'st-0',
      onLeaveStatusId: 'st-1',
      retiredStatusId: 'st-2',
    },
    mix,
  );
  spoilMembers(
    createRandom(seed + 0xbad),
    members,
    d,
    { unsyncedDepartmentIds: unsyncedIds },
    report,
  );
  padValues(createRandom(seed + 0x9ad), paddedValues, members, tree);

  const fields = buildFieldDefinitions(options.definitionAliases ?? true);
  renameFields(fields, d.renamedFields ?? [], report);
  const dropped = droppedAliasKeys(d.droppedAliases ?? []);
  for (const key of dropped) {
    const id = FIELD_IDS[key];
    const definition = fields.find((f) => f.id === id);
    if (definition) delete definition.alias;
    report.droppedAliases.push(id);
  }
  const template = defaultMemberFieldTemplate(dropped);

  const organizations: Record<string, RawOrganizationItems> = {
    [ORGANIZATION_IDS.department]: { type: 'tree', items: [tree.root.item as RawOrganizationItem] },
    [ORGANIZATION_IDS.position]: listItems('pos', POSITIONS),
    [ORGANIZATION_IDS.employmentStatus]: listItems('emp', employmentTypes),
    [ORGANIZATION_IDS.enrollmentStatus]: listItems('st', ENROLLMENT_STATUSES),
  };
  return {
    payload: { fields, members: members.map((m) => serializeMember(m, template)), organizations },
    defects: report,
  };
}
