/**
 * Persists snapshots one at a time; when several arrive during a slow write only the newest is
 * written next (an older checkpoint is useless once a newer one exists).
 */
export class LatestOnlyWriter<T> {
  private next: T | undefined;
  private running: Promise<void> | undefined;
  failures = 0;
  written = 0;

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly onError: (e: Error) => void,
  ) {}

  push(value: T): void {
    this.next = value;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once everything pushed so far is written (or failed). */
  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.next !== undefined) {
      const value = this.next;
      this.next = undefined;
      try {
        await this.write(value);
        this.written++;
      } catch (e) {
        this.failures++;
        this.onError(e as Error);
      }
    }
  }
}
