// Runs the store contract suite against the PostgreSQL adapter, in a database of its own that it drops afterwards.

import { pgHarness, pgSkipReason } from './pg-env.ts';
import { storeSuite } from './store-suite.ts';

storeSuite('PostgreSQL', () => pgHarness(), pgSkipReason());
