import { fieldDefinitionsSchema } from '../schemas';
import type { HrbrainRequestOptions } from '../transport';
import type { HrbrainFieldDefinition } from '../types';
import type { ResourceContext } from './context';

/** `client.fields`: the tenant's member field definitions. */
export interface FieldsResource {
  /**
   * `GET /members/v1/fields`: every member field definition (`id`, `label`, and for
   * pulldowns backed by an organization its `organizationId`). Needs `member:read`.
   */
  list(
    params?: Record<string, never>,
    options?: HrbrainRequestOptions,
  ): Promise<HrbrainFieldDefinition[]>;
}

/** @internal */
export function createFieldsResource(context: ResourceContext): FieldsResource {
  return {
    list: (_params, options) =>
      context.transport.request(
        {
          method: 'GET',
          path: '/members/v1/fields',
          label: 'GET /members/v1/fields',
          schema: fieldDefinitionsSchema,
          authenticated: true,
          requiredScope: 'member:read',
        },
        options,
      ),
  };
}
