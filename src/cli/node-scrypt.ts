// Moved to src/study/node-scrypt.ts; this re-export keeps open.ts (another helper's) compiling until it imports from there.

export { nodeScrypt } from '../study/node-scrypt.ts';
