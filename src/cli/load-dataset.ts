// Moved to src/study/load-dataset.ts (the studio reads datasets too); kept so existing imports still resolve.

export * from '../study/load-dataset.ts';
