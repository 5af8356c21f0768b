// Moved to src/study/design-variables.ts (the studio exports too); kept so existing imports still resolve.

export * from '../study/design-variables.ts';
