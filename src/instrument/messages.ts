// The instrument loader's message catalogue: stable codes that tests and tools compare against.

export const INSTRUMENT_CODES = {
  yamlSyntax: 'instrument.yaml-syntax',
  yamlAlias: 'instrument.yaml-alias',
  wrongType: 'instrument.wrong-type',
  missingKey: 'instrument.missing-key',
  unknownKey: 'instrument.unknown-key',
  badName: 'instrument.bad-name',
  duplicateName: 'instrument.duplicate-name',
  duplicateCode: 'instrument.duplicate-code',
  reservedCode: 'instrument.reserved-code',
  badCode: 'instrument.bad-code',
  unknownChoiceList: 'instrument.unknown-choice-list',
  missingLabel: 'instrument.missing-label',
  unknownLanguage: 'instrument.unknown-language',
  badRange: 'instrument.bad-range',
  badExpression: 'instrument.bad-expression',
  unknownReference: 'instrument.unknown-reference',
  laterReference: 'instrument.later-reference',
  samePageReference: 'instrument.same-page-reference',
  cycle: 'instrument.cycle',
  wrongReferenceType: 'instrument.wrong-reference-type',
  badNet: 'instrument.bad-net',
  badRecode: 'instrument.bad-recode',
  badExclusive: 'instrument.bad-exclusive',
  emptyInstrument: 'instrument.empty',
  badOther: 'instrument.bad-other',
  badDate: 'instrument.bad-date',
  badConstraint: 'instrument.bad-constraint',
  badPiping: 'instrument.bad-piping',
} as const;

export type InstrumentCode = (typeof INSTRUMENT_CODES)[keyof typeof INSTRUMENT_CODES];
