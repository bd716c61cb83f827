import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A response body: text, or UTF-8 bytes when cached (no re-encoding per response). */
export type Body = string | Uint8Array;

const encoder = new TextEncoder();

/**
 * Turns a tenant's payload into response bodies. With `cache` on (the loopback server),
 * every body (each members page per offset, limit and columns) is stringified and UTF-8
 * encoded once and then served as the same bytes, so the server is not what a client
 * benchmark measures. Without it, every body is built from the live payload.
 */
export class PayloadSerializer {
  private readonly bodyCache = new Map<string, Uint8Array>();

  private readonly tenant: FakeHrbrainTenant;
  private readonly cache: boolean;

  constructor(tenant: FakeHrbrainTenant, cache: boolean) {
    this.tenant = tenant;
    this.cache = cache;
  }

  /** Serialises every page of `pageSize` members ahead of the first request. */
  warmMembers(pageSize: number): void {
    const total = this.tenant.payload.members.length;
    for (let offset = 0; offset < total; offset += pageSize)
      this.membersPageBody(offset, pageSize, undefined);
  }

  /** Forgets cached bodies, after a test changed `tenant.payload`. */
  clear(): void {
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

  fieldsBody(): Body {
    return this.cached('fields', () => JSON.stringify(this.tenant.payload.fields));
  }

  /** `undefined` when the tenant has no such organization. */
  organizationBody(id: string): Body | undefined {
    const { organizations } = this.tenant.payload;
    if (!Object.hasOwn(organizations, id)) return undefined;
    return this.cached(`org:${id}`, () => JSON.stringify(organizations[id]));
  }

  /** `{ data, paging: { totalCount } }` for one page, members reduced to `columns` if given. */
  membersPageBody(offset: number, limit: number, columns: readonly string[] | undefined): Body {
    const key = `members:${offset}:${limit}:${columns ? columns.join(',') : '*'}`;
    return this.cached(key, () => {
      const members = this.tenant.payload.members as unknown[];
      const selected = columns ? new Set(columns) : undefined;
      const end = Math.min(offset + limit, members.length);
      const parts: string[] = [];
      for (let i = offset; i < end; i++) parts.push(serializeMember(members[i], selected));
      return `{"data":[${parts.join(',')}],"paging":{"totalCount":${members.length}}}`;
    });
  }

  private cached(key: string, build: () => string): Body {
    if (!this.cache) return build();
    let body = this.bodyCache.get(key);
    if (body === undefined) {
      body = encoder.encode(build());
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
