import {
  EMPLOYEE_REQUIRED_SLOTS,
  type ResolvedFields,
  resolveFields,
  Slot,
} from '../mapping/fields';
import { MappedMember, MemberMapping } from '../mapping/member';
import { MemberTable } from '../mapping/member-table';
import { departmentOrganization } from '../mapping/organizations';
import { emailKey } from '../model/email-key';
import type { EmployeeCreate, EmployeePlan, EmployeeUpdate } from '../model/plan';
import { type Department, EMPLOYEE_SYNCED_FIELDS, type Employee } from '../model/records';
import type { HrbrainSnapshot } from '../model/snapshot';
import { mappedFieldsOf, outcomeOf } from './diff';
import { assertInput, assertRecords } from './input';
import { type MemberKeys, memberKeys, sharesKey } from './member-keys';
import { byString, indexSmallest } from './order';
import { PlanOutcomes } from './outcomes';

/** Input of {@link planEmployeeSync}. */
export interface PlanEmployeeSyncInput {
  /** What `client.snapshot()` returned. */
  snapshot: HrbrainSnapshot;
  /** The tenant's employees now (any order). */
  existing: readonly Employee[];
  /** The tenant's departments after the department sync (E2, E11). */
  departments: readonly Pick<Department, 'code'>[];
  /**
   * List each unchanged employee in `plan.unchanged` (default `true`). `false` only counts
   * them (`summary.unchanged`), which a large tenant's no-change sync needs no memory for;
   * `runSync` plans that way unless asked to list them (a dry-run preview).
   */
  listUnchanged?: boolean | undefined;
}

/** D8/E10: the employee fields compared and written (EMPLOYEE_SYNCED_FIELDS but `sourceId`). */
const EMPLOYEE_MAPPED_FIELDS = mappedFieldsOf(EMPLOYEE_SYNCED_FIELDS);

/**
 * Plans the employee sync (rules E1–E13, F1–F3): every HRBrain member against the tenant's
 * employees, matched by e-mail. Pure and deterministic: the same input in any order gives a
 * deep-equal plan. Three steps: dedupe the members and read their keys (E1, E4), map each
 * member (E2–E9, E13, F3), then decide against its match (E1, E10, E12, J4).
 *
 * @throws {FieldNotFoundError} when a required field is found neither by alias nor by label (F2).
 * @throws {InvalidSnapshotError} when a pulldown's organization is missing from the snapshot.
 * @throws {HrbrainSyncError} `INVALID_ARGUMENT` when `existing` or `departments` is not an
 * array of records (`{ id, email }`, `{ code }`).
 */
export function planEmployeeSync(input: PlanEmployeeSyncInput): EmployeePlan {
  assertInput('planEmployeeSync', input);
  const { snapshot } = input;
  const fields = resolveFields(snapshot, EMPLOYEE_REQUIRED_SLOTS);
  const table = new MemberTable(fields.slotByFieldId);
  table.addAll(snapshot.members);
  return planEmployeesFromTable(input, table, fields);
}

/**
 * @internal {@link planEmployeeSync} over members already reduced to a {@link MemberTable}
 * (as `runSync` reads them, page by page); `input.snapshot.members` is not read. With the
 * same members, the plan is deep-equal to `planEmployeeSync`'s.
 */
export function planEmployeeSyncFromTable(
  input: PlanEmployeeSyncInput,
  table: MemberTable,
): EmployeePlan {
  assertInput('planEmployeeSync', input);
  const fields = resolveFields(input.snapshot, EMPLOYEE_REQUIRED_SLOTS);
  return planEmployeesFromTable(input, table, fields);
}

function planEmployeesFromTable(
  input: PlanEmployeeSyncInput,
  table: MemberTable,
  fields: ResolvedFields,
): EmployeePlan {
  const { snapshot, existing, departments } = input;
  assertRecords('planEmployeeSync', 'existing', existing, 'email');
  assertRecords('planEmployeeSync', 'departments', departments, 'code');
  departmentOrganization(snapshot, fields.organizationIds[Slot.department]); // F3: 主部署 is a pulldown
  const mapping = new MemberMapping(snapshot, fields, departments);

  const sourceKeys = memberKeys(table); // step 1
  const { order, emails, keys } = sourceKeys;
  const targets = new EmployeeTargets(existing, sourceKeys);
  const out = new PlanOutcomes<EmployeeCreate, EmployeeUpdate>(input.listUnchanged ?? true);
  const outKeys = new OutcomeKeys();
  const m = new MappedMember();

  for (let visit = 0; visit < order.length; visit++) {
    const i = order[visit]!;
    const key = keys[i]!;
    const match = targets.match(i, key); // E1
    mapping.map(m, table, i, emails[i]!, key, match); // step 2
    // J4: an id HRBrain lists with different contents: every copy is skipped, one row each.
    const duplicateId = sourceKeys.duplicateIds.has(m.id);
    if (duplicateId) m.add('EMPLOYEE_ID_DUPLICATE');
    // E4: every member sharing an address is skipped, one row each (a copy of a duplicated
    // id has its own row: its address is shared with itself).
    else if (sharesKey(sourceKeys, visit)) {
      m.add('EMPLOYEE_EMAIL_DUPLICATE', { field: 'email', value: m.email });
    }
    if (m.skip === null) {
      // E12: same HRBrain member, new address → a new Mikiwame employee; say so.
      const previous = targets.movedFrom(m.id, key, match);
      if (previous !== undefined) {
        m.add('EMPLOYEE_EMAIL_CHANGED', { field: 'email', value: m.email, other: previous.email });
      }
    }
    m.nameRows();
    if (m.rows !== null) for (const row of m.rows) out.errors.push(row);
    if (m.skip !== null) {
      out.skipped.push({ sourceId: m.id, sourceKey: m.email, codes: m.skip });
      continue;
    }
    decide(out, outKeys, m, match, key); // step 3
  }

  const notInSource = targets.notInSource();
  notInSource.sort(byString((e) => `${emailKey(e.email)}\u0000${e.id}`));
  out.sortReport();
  return {
    kind: 'employees',
    // Members were visited in source order: each list in key order (its keys are distinct:
    // a shared or missing address is skipped, E2/E4), so any input order gives this plan.
    creates: inKeyOrder(out.creates, outKeys.creates),
    updates: inKeyOrder(out.updates, outKeys.updates),
    links: inKeyOrder(out.links, outKeys.links),
    unchanged: inKeyOrder(out.unchanged, outKeys.unchanged),
    skipped: out.skipped,
    notInSource,
    errors: out.errors,
    summary: out.summary(order.length, notInSource.length),
  };
}

/** The match key (E1) of each entry of the plan's lists, to sort them by at the end. */
class OutcomeKeys {
  readonly creates: string[] = [];
  readonly updates: string[] = [];
  readonly links: string[] = [];
  readonly unchanged: string[] = [];
}

/** `items` ordered by `keys` (distinct, one per item); already ordered lists cost one pass. */
function inKeyOrder<T>(items: T[], keys: readonly string[]): T[] {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted) return items;
  const index = Array.from(keys, (_, i) => i);
  index.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  return index.map((i) => items[i]!);
}

/** Step 3: create (E1), update (D8/E10), link or leave (J4) a mapped member. */
function decide(
  out: PlanOutcomes<EmployeeCreate, EmployeeUpdate>,
  keys: OutcomeKeys,
  m: MappedMember,
  match: Employee | undefined,
  key: string,
): void {
  m.keepStored(match);
  if (match === undefined) {
    out.creates.push({ ...m.fields(), sourceId: m.id });
    keys.creates.push(key);
    return;
  }
  if (match.sourceId === m.id && sameValuesFast(match, m)) {
    leave(out, keys, match.id, m, key);
    return;
  }
  const outcome = outcomeOf(EMPLOYEE_MAPPED_FIELDS, match, m, m.id);
  if (outcome.kind === 'unchanged') {
    leave(out, keys, match.id, m, key);
  } else if (outcome.kind === 'linked') {
    out.links.push({ id: match.id, sourceId: m.id, key: m.email });
    keys.links.push(key);
  } else {
    keys.updates.push(key);
    out.updates.push({
      id: match.id,
      sourceId: m.id,
      values: m.fields(),
      changes: outcome.changes,
    });
  }
}

function leave(
  out: PlanOutcomes<EmployeeCreate, EmployeeUpdate>,
  keys: OutcomeKeys,
  id: string,
  m: MappedMember,
  key: string,
): void {
  out.leave(id, m.id, m.email);
  if (out.listsUnchanged) keys.unchanged.push(key);
}

/**
 * Performance only: the common case of a large tenant (nothing changed) with one direct
 * comparison per field, before the list-driven diff (a loop over field names costs a
 * generic property lookup each). Conservative: any difference, even `undefined` vs `null`,
 * falls through to {@link outcomeOf}. It must compare every EMPLOYEE_SYNCED_FIELDS entry;
 * a test changes each listed field in turn and expects an update.
 */
export function sameValuesFast(stored: Employee, next: MappedMember): boolean {
  return (
    stored.email === next.email &&
    stored.lastName === next.lastName &&
    stored.firstName === next.firstName &&
    stored.lastNameKana === next.lastNameKana &&
    stored.firstNameKana === next.firstNameKana &&
    stored.employeeNumber === next.employeeNumber &&
    stored.birthDate === next.birthDate &&
    stored.departmentCode === next.departmentCode &&
    stored.position === next.position &&
    stored.gender === next.gender &&
    stored.employmentType === next.employmentType &&
    stored.retired === next.retired
  );
}

/**
 * The tenant's employees against the members (E1): each stored employee is looked up among
 * the members' keys once (one hash lookup per employee, none per member), which also finds
 * the ones whose address is nowhere in the source (E10). Indexed by member id on first need
 * for moved members (E12).
 */
class EmployeeTargets {
  /** By member index: the employee with that member's key (keys no other record shares). */
  private readonly byMember: (Employee | undefined)[];
  /** E4 (rare): the employee of each key several records share. */
  private readonly byShared = new Map<string, Employee>();
  private readonly unmatched: Employee[] = [];
  private bySourceId: Map<string, Employee> | undefined; // built on first need

  constructor(
    private readonly existing: readonly Employee[],
    { byKey, sharedKeys, keys }: MemberKeys,
  ) {
    const byMember: (Employee | undefined)[] = new Array(keys.length);
    for (const employee of existing) {
      const key = emailKey(employee.email);
      const i = key === '' ? undefined : byKey.get(key);
      if (i === undefined) this.unmatched.push(employee);
      else if (sharedKeys.size > 0 && sharedKeys.has(key)) {
        indexSmallest(this.byShared, key, employee);
      } else {
        // A (contract-breaking) key two employees share: the smallest id, as ever.
        const current = byMember[i];
        if (current === undefined || employee.id < current.id) byMember[i] = employee;
      }
    }
    this.byMember = byMember;
  }

  /** E1: the employee with the address key of member `i`. */
  match(i: number, key: string): Employee | undefined {
    if (key === '') return undefined;
    const match = this.byMember[i];
    if (match !== undefined || this.byShared.size === 0) return match;
    return this.byShared.get(key);
  }

  /**
   * E12: the employee that holds this member's id under another address. Only a member not
   * already matched to the record holding its id can have moved.
   */
  movedFrom(memberId: string, key: string, match: Employee | undefined): Employee | undefined {
    if (match !== undefined && match.sourceId === memberId) return undefined;
    this.bySourceId ??= indexBySourceId(this.existing);
    const previous = this.bySourceId.get(memberId);
    return previous !== undefined && emailKey(previous.email) !== key ? previous : undefined;
  }

  /** E10: employees whose address appears nowhere in the source stay as they are. */
  notInSource(): EmployeePlan['notInSource'] {
    return this.unmatched.map((employee) => ({ id: employee.id, email: employee.email }));
  }
}

function indexBySourceId(existing: readonly Employee[]): Map<string, Employee> {
  const bySourceId = new Map<string, Employee>();
  for (const employee of existing) {
    if (typeof employee.sourceId === 'string' && employee.sourceId !== '') {
      indexSmallest(bySourceId, employee.sourceId, employee);
    }
  }
  return bySourceId;
}
