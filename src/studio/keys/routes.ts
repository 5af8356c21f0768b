// The keys screens of a study.

import type { StudioRoute } from '../route.ts';

export const routes: readonly StudioRoute[] = [];
