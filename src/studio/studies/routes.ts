// The Studies screens: the list, a new study, and a study's questionnaire with its preview.

import type { StudioRoute } from '../route.ts';
import { studiesList } from './list.ts';

export const routes: readonly StudioRoute[] = [studiesList];
