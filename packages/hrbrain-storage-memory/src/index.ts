/**
 * `@mikiwame/hrbrain-storage-memory`: an in-memory `SyncStorage` for tests, demos and
 * prototypes ({@link createMemoryStorage}). It passes the same conformance suite as the
 * Postgres adapter and throws the core's errors (`StalePlanError`, `SyncInProgressError`,
 * `StorageError`); nothing survives the process.
 *
 * @packageDocumentation
 */
export { MemoryStorageConfigError } from './errors';
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
