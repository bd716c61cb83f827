import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import { createMemoryStorage, type MemoryStorage } from '../src/index';
import { inspectMemoryStorage, outcomeFault } from './memory-inspector';

let storage: MemoryStorage;

// The whole suite, nothing switched off.
describeStorageConformance('memory', {
  create: () => {
    storage = createMemoryStorage({ beforeOutcomeWrite: outcomeFault });
    return storage;
  },
  inspect: inspectMemoryStorage(() => storage),
});
