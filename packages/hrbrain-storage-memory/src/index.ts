/** Package version placeholder until the implementation lands. */
export const packageName = '@mikiwame/hrbrain-storage-memory';
