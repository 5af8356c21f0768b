// The files of a study folder, by name: which exist, which go to the server, and which never do.

/** The questionnaire. Its presence makes a folder a study. */
export const INSTRUMENT_FILE = 'instrument.yaml';
/** The study's public key (an age recipient); the private key is kept outside the folder. */
export const PUBLIC_KEY_FILE = 'study.pub';
/** Collection settings (coupons, expiry, addresses): src/collect/collection-settings.ts. */
export const SETTINGS_FILE = 'study.yaml';
export { DISCLOSURE_FILE } from './disclosure-file.ts';
/** The report's specification: src/report/spec.ts. */
export const REPORT_SPEC_FILE = 'report.yaml';
/** Official counts for the multiplier estimate of the population size. */
export const BENCHMARKS_FILE = 'population-benchmarks.json';

/** The only files of a study folder that go to the server: none of them is a secret. */
export const SERVER_FILES = [INSTRUMENT_FILE, PUBLIC_KEY_FILE, SETTINGS_FILE] as const;

/** What a private key looks like in a file (age's secret key, or a passphrase-encrypted age file). */
export const PRIVATE_KEY_PATTERN = /AGE-SECRET-KEY|BEGIN AGE ENCRYPTED FILE|age-encryption\.org\/v1\n-> scrypt/;
