// A node:test reporter for scripts/run-tests.js: one JSON line per finished test or suite, so the runner can
// count every test that did not run and say why (Node's own summary leaves out tests inside a skipped suite).

export default async function* countReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    const error = d.details?.error;
    yield `${JSON.stringify({
      outcome: event.type === 'test:pass' ? 'pass' : 'fail',
      kind: d.details?.type === 'suite' ? 'suite' : 'test',
      name: d.name,
      file: d.file,
      skip: d.skip === undefined ? undefined : d.skip === true ? 'no reason given' : String(d.skip),
      todo: d.todo === undefined ? undefined : d.todo === true ? 'no reason given' : String(d.todo),
      cancelled: error?.failureType === 'cancelledByParent' || undefined,
      // A suite that failed only because a test inside it failed: that test is counted already.
      becauseOfSubtests: error?.failureType === 'subtestsFailed' || undefined,
      // The first line of the error, to name what failed (for a missing tool: the tool) beside the count.
      message: error === undefined ? undefined : String(error.cause?.message ?? error.message ?? error).split('\n')[0],
    })}\n`;
  }
}
