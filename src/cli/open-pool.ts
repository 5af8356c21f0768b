// Moved to src/study/open-pool.ts (the studio opens responses too); kept so existing imports still resolve.

export * from '../study/open-pool.ts';
