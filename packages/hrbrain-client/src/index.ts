export type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainOrganizationItems,
  HrbrainSnapshot,
} from './types';

/** Package version placeholder until the implementation lands. */
export const packageName = '@mikiwame/hrbrain-client';
