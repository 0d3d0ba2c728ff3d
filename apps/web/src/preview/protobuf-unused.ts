/**
 * Stands in for `protobufjs/minimal` in the browser build. @datadog/sketches-js (the engine's
 * percentile and latency sketches) requires it only for its toProto/fromProto wire format, which
 * Eventide never uses (snapshots are plain JSON), and does not declare it as a dependency. The
 * sketch module reads `roots` when loaded; anything else would be a use of the wire format.
 */
export const roots: Record<string, unknown> = {};
export const util = {};
export const Reader = undefined;
export const Writer = undefined;
