// Every screen of the studio, in one list: the server matches them in this order.

import { routes as dataRoutes } from './data/routes.ts';
import { routes as fieldworkRoutes } from './fieldwork/routes.ts';
import { routes as keysRoutes } from './keys/routes.ts';
import { routes as monitorRoutes } from './monitor/routes.ts';
import type { StudioRoute } from './route.ts';
import { routes as studiesRoutes } from './studies/routes.ts';

export const ROUTES: readonly StudioRoute[] = [...studiesRoutes, ...keysRoutes, ...fieldworkRoutes, ...monitorRoutes, ...dataRoutes];
