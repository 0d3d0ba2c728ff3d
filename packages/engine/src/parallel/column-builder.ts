/**
 * One column of an exchange batch being built for another thread. Values stay in a growable
 * Float64Array while every one is a number (it crosses threads as one block copy, and filling it
 * allocates nothing per value); the first value that is not a number turns the column into a plain
 * array for the rest of the batch.
 */
export class ColumnBuilder<T = unknown> {
  // Small to start (an exchange has one per receiver and field); it keeps the size it grew to.
  private numbers = new Float64Array(64);
  private values: T[] | null = null;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: T): void {
    if (this.values === null) {
      if (typeof value === 'number') {
        if (this.size === this.numbers.length) {
          const grown = new Float64Array(this.size * 2);
          grown.set(this.numbers);
          this.numbers = grown;
        }
        this.numbers[this.size++] = value;
        return;
      }
      // Every value so far was a number pushed as a T.
      this.values = Array.from(this.numbers.subarray(0, this.size), (x) => x as T);
    }
    this.values.push(value);
    this.size++;
  }

  /** The values pushed since the last take, as a column of their own; the builder starts over. */
  take(): Float64Array | T[] {
    const column = this.values ?? this.numbers.slice(0, this.size);
    this.values = null;
    this.size = 0;
    return column;
  }
}
