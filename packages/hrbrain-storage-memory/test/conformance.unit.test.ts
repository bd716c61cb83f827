import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import { createMemoryStorage, type MemoryStorage } from '../src/index';
import { inspectMemoryStorage } from './memory-inspector';

let storage: MemoryStorage;

// The whole suite, nothing switched off.
describeStorageConformance('memory', {
  create: () => {
    storage = createMemoryStorage();
    return storage;
  },
  inspect: inspectMemoryStorage(() => storage),
});
