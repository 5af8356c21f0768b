// The Monitor screens (placeholder until the studio-data work lands): fieldwork progress without opening a response.

import type { StudioRoute } from '../route.ts';

export const routes: readonly StudioRoute[] = [];
