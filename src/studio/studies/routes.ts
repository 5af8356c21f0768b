// The Studies screens: the list, a new study, and a study's questionnaire with its preview.

import type { StudioRoute } from '../route.ts';
import { studiesList } from './list.ts';
import { newStudyRoutes } from './new-study.ts';
import { questionnaireRoutes } from './questionnaire.ts';

export const routes: readonly StudioRoute[] = [studiesList, ...newStudyRoutes, ...questionnaireRoutes];
