// Waiting for the operator to stop a long-running command (`serve`, `studio`, `flagship`): Ctrl-C or a service
// manager's SIGTERM.

/**
 * Resolves at the first SIGINT or SIGTERM. Each listener is registered once, so the other signal arriving while the
 * command closes (Ctrl-C, then a service manager) is absorbed instead of killing a clean close half-way.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => { resolve(); });
    process.once('SIGTERM', () => { resolve(); });
  });
}
