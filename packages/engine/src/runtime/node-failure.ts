import type { NodeRuntime } from './graph.js';

/**
 * An operator or sink threw something other than a per-event error (those become error-port
 * events): a bug, not bad input. The run fails with a message naming the node, once, however deep
 * in the synchronous delivery it happened.
 */
export class NodeFailure extends Error {
  override readonly name = 'NodeFailure';
  private constructor(
    readonly nodeId: string,
    message: string,
  ) {
    super(message);
  }

  static wrap(node: NodeRuntime, err: unknown): NodeFailure {
    if (err instanceof NodeFailure) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new NodeFailure(node.id, `node ${node.id} (${node.kind}) failed: ${reason}`);
  }
}
