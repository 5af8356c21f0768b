// Types for layers.js (plain JS because eslint.config.js loads it without tsx).
import type { Rule } from 'eslint';

export declare const LAYERS: Record<string, '*' | { layers: string[] | '*'; packages: string[] | '*'; node: boolean }>;
export declare const layersRule: Rule.RuleModule;
