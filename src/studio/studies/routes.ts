// The Studies screens: the list, a new study, a study's questionnaire with its preview, and its Report tab.

import type { StudioRoute } from '../route.ts';
import { studiesList } from './list.ts';
import { newStudyRoutes } from './new-study.ts';
import { questionnaireRoutes } from './questionnaire.ts';
import { reportTabRoutes } from './report-tab.ts';

export const routes: readonly StudioRoute[] = [studiesList, ...newStudyRoutes, ...questionnaireRoutes, ...reportTabRoutes];
