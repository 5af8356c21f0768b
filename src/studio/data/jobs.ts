// Background jobs of the Data screens (pull, open, report): one per study and kind, watched by a self-refreshing page.

export interface Job {
  readonly kind: 'pull' | 'open' | 'report';
  state: 'running' | 'done' | 'failed';
  done: number;
  total?: number;
  /** The open: records read so far that could not be opened (damaged, or sealed for another study or version). */
  damaged?: number;
  /** What to tell the researcher at the end, in words. */
  message: string;
}

const jobs = new Map<string, Job>();
const key = (study: string, kind: Job['kind']): string => `${kind}:${study}`;

export const jobOf = (study: string, kind: Job['kind']): Job | undefined => jobs.get(key(study, kind));

/**
 * Starts `work` unless the same job already runs; the page watching it refreshes itself (no script). `work` reports
 * progress through the job and returns the closing message; a throw becomes the job's failure, shown as it is.
 */
export function startJob(study: string, kind: Job['kind'], work: (job: Job) => Promise<string>): Job {
  const running = jobs.get(key(study, kind));
  if (running?.state === 'running') return running;
  const job: Job = { kind, state: 'running', done: 0, message: '' };
  jobs.set(key(study, kind), job);
  work(job).then(
    (message) => {
      job.state = 'done';
      job.message = message;
    },
    (e: unknown) => {
      job.state = 'failed';
      job.message = e instanceof Error ? e.message : String(e);
    },
  );
  return job;
}

/** Waits for a job to end (tests, and a handler that may as well answer when the work is quick). */
export async function settled(job: Job, pollMs = 20): Promise<Job> {
  while (job.state === 'running') await new Promise((r) => setTimeout(r, pollMs));
  return job;
}
