// The options `portas rds` and `portas multiplier` share: which columns of the recruitment table, which estimator.

export const RDS_TABLE_OPTIONS = {
  data: { type: 'string' },
  id: { type: 'string' },
  recruiter: { type: 'string' },
  degree: { type: 'string' },
  estimator: { type: 'string', default: 'rds2' },
  population: { type: 'string' },
  seed: { type: 'string', default: '1' },
  json: { type: 'boolean', default: false },
} as const;
