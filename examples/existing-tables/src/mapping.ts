// How HRBrain's departments and employees land in this backend's own tables
// (test/fixtures/existing-backend.sql). Copy this file and edit the names and codes to
// yours; `storage.check()` tells you, column by column, what does not fit and the DDL
// that fixes it. The sync never creates, alters or drops these tables.
import { defineRecordsMapping } from '@mikiwame/hrbrain-storage-postgres';

export const mapping = defineRecordsMapping({
  // Every table has a company_id bigint column: one company = one Mikiwame tenant.
  tenant: { type: 'bigint' },

  departments: {
    table: 'public.org_units',
    tenantColumn: 'company_id',
    id: { column: 'id', type: 'bigint' },
    columns: {
      code: 'unit_code', // 部署コード, the match key (D1): unique (company_id, unit_code)
      name: 'display_name', // 部署名
      parentCode: { column: 'parent_id', by: 'id' }, // 親部署, stored as the parent's id
    },
    sourceIdColumn: 'hrbrain_item_id', // the HRBrain item id (D10)
    updatedAtColumn: 'updated_at', // set on rows the sync writes, never on the others
    // sort_order, created_at: the application's own, never touched.
  },

  employees: {
    table: 'public.staff',
    tenantColumn: 'company_id',
    id: { column: 'id', type: 'bigint' },
    columns: {
      email: 'work_email', // the match key (E1): unique (company_id, lower(work_email))
      lastName: 'family_name',
      firstName: 'given_name',
      lastNameKana: 'family_name_kana',
      firstNameKana: 'given_name_kana',
      employeeNumber: 'staff_no',
      birthDate: 'birthday',
      departmentCode: { column: 'org_unit_id', by: 'id' }, // 所属部署, by org_units.id
      position: 'job_title',
      gender: { column: 'sex', values: { male: 1, female: 2, other: 9 } },
      employmentType: {
        column: 'contract_kind',
        values: {
          regular: 'seishain',
          contract: 'keiyaku',
          dispatched: 'haken',
          part_time: 'part',
          outsourced: 'itaku',
          other: 'sonota',
        },
      },
      retired: 'is_retired',
    },
    sourceIdColumn: 'hrbrain_member_id', // the HRBrain member id (E12)
    updatedAtColumn: 'updated_at',
    // last_login_at, created_at: the application's own, never touched.
  },
});
