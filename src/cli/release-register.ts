// Moved to src/study/release-register.ts (the studio exports too); kept so existing imports still resolve.

export * from '../study/release-register.ts';
