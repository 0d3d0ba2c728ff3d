import { chain, fileSink, pipeline, replay, time } from './testing-docs.js';

/**
 * Pipelines beyond the examples, one per translated construct, each with a file input `src` (fields
 * user, page, amount, ts) and a file sink `out`: the syntax check and the differential suite run them.
 */
/**
 * Why a pipeline is left out of the differential suite. Joins: on Flink 2.2 the interval join of
 * this input missed 3 of 812 pairs (right row 430-500 ms before the left one, inside the bounds) and
 * the window join 4 of 1631; the cause is not found yet, so the compiler warns on joins.
 */
export const JOIN_MISMATCH =
  'Flink 2.2 drops a few pairs the embedded engine emits (cause under investigation)';

/** `src` (left) and `right` (user, score, ts), each with event time, joined on user into `out`. */
function joinPipeline(kind: string, params: Record<string, unknown>) {
  return pipeline(
    [
      replay('src'),
      time('tl'),
      replay('right', [
        ['user', 'string'],
        ['score', 'number'],
        ['ts', 'number'],
      ]),
      time('tr'),
      { id: 'j', kind, params: { leftKey: ['user'], rightKey: ['user'], ...params } },
      fileSink(),
    ],
    [
      ['src', 'tl'],
      ['right', 'tr'],
      ['tl', 'j:left'],
      ['tr', 'j:right'],
      ['j', 'out'],
    ],
  );
}

export function generatedPipelines(): {
  name: string;
  doc: ReturnType<typeof chain>;
  differential?: string;
}[] {
  const src = () => replay('src');
  const t = () => time('time', { timestamp: 'ts', maxOutOfOrdernessMs: 2000 });
  return [
    {
      name: 'filter-map',
      doc: chain(
        src(),
        {
          id: 'f',
          kind: 'transform.filter',
          params: { condition: 'amount > 20.0 && page.startsWith("/p")' },
        },
        {
          id: 'm',
          kind: 'transform.map',
          params: {
            fields: [
              { name: 'user', expr: 'user' },
              { name: 'cents', expr: 'amount * 100' },
              { name: 'half', expr: 'amount / 2' },
              { name: 'tag', expr: 'amount > 50.0 ? "big" : "small"' },
            ],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'route-union',
      doc: pipeline(
        [
          src(),
          {
            id: 'r',
            kind: 'transform.route',
            params: {
              routes: [
                { port: 'cheap', condition: 'amount < 30.0' },
                { port: 'home', condition: 'page == "/"' },
              ],
            },
          },
          { id: 'u', kind: 'transform.union' },
          fileSink(),
        ],
        [
          ['src', 'r'],
          ['r:cheap', 'u'],
          ['r:home', 'u'],
          ['u', 'out'],
        ],
      ),
    },
    {
      name: 'tumbling-all-aggregations',
      doc: chain(
        src(),
        t(),
        {
          id: 'w',
          kind: 'window.tumbling',
          params: {
            sizeMs: 3000,
            keyBy: ['user'],
            aggregations: [
              { name: 'n', fn: 'count' },
              { name: 'total', fn: 'sum', field: 'amount' },
              { name: 'mean', fn: 'avg', field: 'amount' },
              { name: 'lo', fn: 'min', field: 'amount' },
              { name: 'hi', fn: 'max', field: 'page' },
              { name: 'pages', fn: 'distinct_count', field: 'page' },
            ],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'session-global',
      doc: chain(
        src(),
        t(),
        {
          id: 'w',
          kind: 'window.session',
          params: {
            gapMs: 700,
            aggregations: [
              { name: 'n', fn: 'count' },
              { name: 'peak', fn: 'max', field: 'amount' },
            ],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'sliding',
      doc: chain(
        src(),
        t(),
        {
          id: 'w',
          kind: 'window.sliding',
          params: {
            sizeMs: 4500,
            slideMs: 1500,
            keyBy: ['page'],
            aggregations: [{ name: 'n', fn: 'count' }],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'cascaded-windows',
      doc: chain(
        src(),
        t(),
        {
          id: 'w1',
          kind: 'window.tumbling',
          params: { sizeMs: 1000, keyBy: ['user'], aggregations: [{ name: 'n', fn: 'count' }] },
        },
        {
          id: 'w2',
          kind: 'window.tumbling',
          params: {
            sizeMs: 5000,
            aggregations: [
              { name: 'users', fn: 'count' },
              { name: 'events', fn: 'sum', field: 'n' },
            ],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'cep-strict-sequence',
      doc: chain(
        src(),
        t(),
        {
          id: 'p',
          kind: 'cep.pattern',
          params: {
            key: 'user',
            steps: [
              { name: 'a', condition: 'page == "/cart"' },
              {
                name: 'b',
                condition: 'amount > a[0].amount',
                contiguity: 'strict',
                quantifier: { kind: 'times', min: 2 },
                consecutive: true,
              },
            ],
            withinMs: 5000,
            skip: { strategy: 'skipPastLastEvent' },
            output: [
              { name: 'user', expr: 'a[0].user' },
              { name: 'from', expr: 'a[0].amount' },
              { name: 'to', expr: 'b[1].amount' },
              { name: 'steps', expr: 'size(b)' },
            ],
          },
        },
        fileSink(),
      ),
    },
    {
      name: 'interval-join',
      differential: JOIN_MISMATCH,
      doc: joinPipeline('join.interval-join', { lowerBoundMs: -500, upperBoundMs: 500 }),
    },
    {
      name: 'window-join',
      differential: JOIN_MISMATCH,
      doc: joinPipeline('join.window-join', { sizeMs: 2000 }),
    },
  ];
}

export { chain, fileSink, pipeline, replay, type TestNode, time } from './testing-docs.js';
