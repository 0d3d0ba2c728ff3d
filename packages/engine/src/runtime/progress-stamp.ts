/**
 * Which node holds the thread, and since when: written into a host-provided Float64Array
 * (RunOptions.progress) so a watchdog on another thread can see an operator stuck on one batch.
 * Cell 0 is the node's index in document.nodes (-1 between steps), cell 1 the Date.now() at which
 * it took the thread (entered, or got it back from a node downstream). Plain stores: the reader
 * confirms a stall on two reads that agree, so a torn pair never counts.
 */
export class ProgressStamp {
  private readonly stack: number[] = [];

  constructor(private readonly cell: Float64Array) {
    this.write(-1);
  }

  enter(nodeIndex: number): void {
    this.stack.push(nodeIndex);
    this.write(nodeIndex);
  }

  leave(): void {
    this.stack.pop();
    this.write(this.stack.length > 0 ? (this.stack[this.stack.length - 1] as number) : -1);
  }

  /** Between steps (also after a step that threw half-way). */
  idle(): void {
    this.stack.length = 0;
    this.write(-1);
  }

  private write(nodeIndex: number): void {
    this.cell[1] = Date.now();
    this.cell[0] = nodeIndex;
  }
}
