import { HrbrainConfigError } from '../errors';
import { organizationItemsSchema, organizationItemsValidator } from '../schemas';
import type { HrbrainRequestOptions } from '../transport';
import type { HrbrainOrganizationItems } from '../types';
import type { ResourceContext } from './context';

/** `client.organizations`: the items of an organization (組織情報: 主部署, 役職, 雇用形態 …). */
export interface OrganizationsResource {
  /**
   * `GET /members/v1.1/organization/{organizationId}/items`: the items of one organization
   * (`type: 'tree'` nests children in `items`). `organizationId` comes from a field
   * definition's `organizationId`. Needs `organization:read`; an unknown id is a
   * `NotFoundError`.
   */
  items(organizationId: string, options?: HrbrainRequestOptions): Promise<HrbrainOrganizationItems>;
}

/** @internal */
export function createOrganizationsResource(context: ResourceContext): OrganizationsResource {
  return {
    items: (organizationId, options) => {
      if (typeof organizationId !== 'string' || organizationId.trim() === '') {
        // A rejection, not a throw: callers of a Promise-returning method use `.catch`.
        return Promise.reject(
          new HrbrainConfigError(
            "organizations.items(organizationId) needs a non-empty organization id (a field definition's `organizationId`).",
            { option: 'organizationId' },
          ),
        );
      }
      return context.transport.request(
        {
          method: 'GET',
          path: `/members/v1.1/organization/${encodeURIComponent(organizationId)}/items`,
          label: 'GET /members/v1.1/organization/{organizationId}/items',
          schema: organizationItemsSchema,
          validator: organizationItemsValidator,
          authenticated: true,
          requiredScope: 'organization:read',
        },
        options,
      );
    },
  };
}
