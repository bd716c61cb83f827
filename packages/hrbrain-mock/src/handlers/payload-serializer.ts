import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Turns a tenant's payload into response bodies. With `cache` on (the loopback server),
 * each member is stringified once per `columns` selection and every other body once, so
 * serving 100,000 members costs string joins, not `JSON.stringify`, and the server is not
 * what a client benchmark measures. Without it, every body is built from the live payload.
 */
export class PayloadSerializer {
  private readonly memberCache = new Map<string, (string | undefined)[]>();
  private readonly bodyCache = new Map<string, string>();

  constructor(
    private readonly tenant: FakeHrbrainTenant,
    private readonly cache: boolean,
  ) {}

  /** Forgets cached bodies, after a test changed `tenant.payload`. */
  clear(): void {
    this.memberCache.clear();
    this.bodyCache.clear();
  }

  /** The ids of the defined fields (unknown `columns` are refused with 400). */
  fieldIds(): Set<string> {
    const ids = new Set<string>();
    for (const f of this.tenant.payload.fields as unknown[]) {
      if (isRecord(f) && typeof f.id === 'string') ids.add(f.id);
    }
    return ids;
  }

  fieldsBody(): string {
    return this.cached('fields', () => JSON.stringify(this.tenant.payload.fields));
  }

  /** `undefined` when the tenant has no such organization. */
  organizationBody(id: string): string | undefined {
    const { organizations } = this.tenant.payload;
    if (!Object.hasOwn(organizations, id)) return undefined;
    return this.cached(`org:${id}`, () => JSON.stringify(organizations[id]));
  }

  memberCount(): number {
    return this.tenant.payload.members.length;
  }

  /** `{ data, paging: { totalCount } }` for one page, members reduced to `columns` if given. */
  membersPageBody(offset: number, limit: number, columns: readonly string[] | undefined): string {
    const members = this.tenant.payload.members as unknown[];
    const key = columns ? columns.join(',') : '';
    let strings = this.memberCache.get(key);
    if (!strings) {
      strings = [];
      if (this.cache) this.memberCache.set(key, strings);
    }
    const selected = columns ? new Set(columns) : undefined;
    const end = Math.min(offset + limit, members.length);
    const parts: string[] = [];
    for (let i = offset; i < end; i++) {
      let json = strings[i];
      if (json === undefined) {
        json = serializeMember(members[i], selected);
        if (this.cache) strings[i] = json;
      }
      parts.push(json);
    }
    return `{"data":[${parts.join(',')}],"paging":{"totalCount":${members.length}}}`;
  }

  private cached(key: string, build: () => string): string {
    if (!this.cache) return build();
    let body = this.bodyCache.get(key);
    if (body === undefined) {
      body = build();
      this.bodyCache.set(key, body);
    }
    return body;
  }
}

/** A member as served; `columns` keeps only the values of those field ids. */
function serializeMember(member: unknown, columns: ReadonlySet<string> | undefined): string {
  if (columns && isRecord(member) && Array.isArray(member.fields)) {
    const fields = member.fields.filter((f: unknown) => isRecord(f) && columns.has(f.id as string));
    return JSON.stringify({ ...member, fields });
  }
  return JSON.stringify(member) ?? 'null';
}
