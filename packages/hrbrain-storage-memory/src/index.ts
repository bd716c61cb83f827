export {
  createMemoryStorage,
  type MemoryDepartmentEdit,
  type MemoryDepartmentRecord,
  type MemoryEmployeeEdit,
  type MemoryEmployeeRecord,
  type MemoryRunRecord,
  type MemoryStorage,
  type MemoryStorageOptions,
  type MemoryTenantSnapshot,
} from './memory-storage';
export type { MemoryDepartmentSeed, MemoryEmployeeSeed, MemorySeed } from './seed';
export type { ExtraAttributes } from './tenant-state';
