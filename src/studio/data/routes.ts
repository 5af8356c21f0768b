// The Data screens (placeholder until the studio-data work lands): pull, open, overview, risk, report, exports.

import type { StudioRoute } from '../route.ts';

export const routes: readonly StudioRoute[] = [];
