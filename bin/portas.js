#!/usr/bin/env node
// The `portas` command: runs the TypeScript sources through tsx, so there is no build to go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
