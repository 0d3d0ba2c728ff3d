import { chain, fileSink, pipeline, replay, type TestNode, time } from './testing-docs.js';

/**
 * Pipelines beyond the examples, one per translated construct, each with a file input `src` (fields
 * user, page, amount, ts) and a file sink `out`: the syntax check and the differential suite run them.
 */
/**
 * The joins' inputs declare a bound (1.5 s) over the suite's disorder (under 1.5 s), so no row is
 * late. With late rows the engines differ by timing, not by semantics: Flink drops a late row (and
 * its pairs) once its periodic watermark (every 200 ms of processing time) has passed it, while the
 * engine's watermark moves per batch; a 1 s bound on this input made Flink 2.2 miss 3 of 812
 * interval-join and 4 of 1631 window-join pairs, a different few each run (README, "Scaling out").
 */
export const LATE_FREE = { timestamp: 'ts', maxOutOfOrdernessMs: 1500 };

/** `src` (left) and `right` (user, score, ts), each with event time, joined on user into `out`. */
function joinPipeline(kind: string, params: Record<string, unknown>) {
  return pipeline(
    [
      replay('src'),
      time('tl', LATE_FREE),
      replay('right', [
        ['user', 'string'],
        ['score', 'number'],
        ['ts', 'number'],
      ]),
      time('tr', LATE_FREE),
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

/** count, sum, avg, min and max of the `src` fields: what every aggregating kind translates. */
const COUNT_SUM_AVG_MIN_MAX = [
  { name: 'n', fn: 'count' },
  { name: 'total', fn: 'sum', field: 'amount' },
  { name: 'mean', fn: 'avg', field: 'amount' },
  { name: 'lo', fn: 'min', field: 'amount' },
  { name: 'hi', fn: 'max', field: 'page' },
];

export function generatedPipelines(): {
  name: string;
  doc: ReturnType<typeof chain>;
  differential?: string;
}[] {
  const src = () => replay('src');
  /** `src` with event time, then `nodes`, into the file sink. */
  const timed = (...nodes: TestNode[]) =>
    chain(src(), time('time', { timestamp: 'ts', maxOutOfOrdernessMs: 2000 }), ...nodes, fileSink());
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
      doc: timed({
        id: 'w',
        kind: 'window.tumbling',
        params: {
          sizeMs: 3000,
          keyBy: ['user'],
          aggregations: [...COUNT_SUM_AVG_MIN_MAX, { name: 'pages', fn: 'distinct_count', field: 'page' }],
        },
      }),
    },
    {
      name: 'filtered-aggregations',
      doc: timed({
        id: 'w',
        kind: 'window.tumbling',
        params: {
          sizeMs: 3000,
          keyBy: ['page'],
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 'big', fn: 'count', where: 'amount > 50.0' },
            { name: 'u0_total', fn: 'sum', field: 'amount', where: 'user == "u0"' },
            { name: 'small_mean', fn: 'avg', field: 'amount', where: 'amount < 30.0' },
            { name: 'u1_lo', fn: 'min', field: 'amount', where: 'user == "u1"' },
            { name: 'cheap_hi', fn: 'max', field: 'amount', where: 'amount < 90.0' },
            { name: 'big_users', fn: 'distinct_count', field: 'user', where: 'amount >= 50.0' },
          ],
        },
      }),
    },
    {
      name: 'window-top-n',
      doc: timed({
        id: 'top',
        kind: 'window.top-n',
        params: { sizeMs: 3000, keyBy: ['user'], orderBy: 'amount', n: 2 },
      }),
    },
    {
      // Ranks the rows of a window aggregate, as Nexmark q5 does: count per page over a sliding
      // window, then the pages with the highest count of each window, ties kept (RANK()).
      name: 'top-n-with-ties-over-window-results',
      doc: timed(
        {
          id: 'w',
          kind: 'window.sliding',
          params: {
            sizeMs: 4000,
            slideMs: 2000,
            keyBy: ['page'],
            aggregations: [{ name: 'n', fn: 'count' }],
          },
        },
        {
          id: 'top',
          kind: 'window.top-n',
          params: { sizeMs: 2000, keyBy: ['window_end'], orderBy: 'n', n: 1, withTies: true },
        },
      ),
    },
    {
      // A window over window results keyed by their window_end, as Nexmark q5 was first written:
      // the highest count per sliding window.
      name: 'window-keyed-by-upstream-window-end',
      doc: timed(
        {
          id: 'w',
          kind: 'window.sliding',
          params: {
            sizeMs: 4000,
            slideMs: 2000,
            keyBy: ['page'],
            aggregations: [{ name: 'n', fn: 'count' }],
          },
        },
        {
          id: 'best',
          kind: 'window.tumbling',
          params: {
            sizeMs: 2000,
            keyBy: ['window_end'],
            aggregations: [
              { name: 'top', fn: 'max', field: 'n' },
              { name: 'pages', fn: 'count' },
            ],
          },
        },
      ),
    },
    {
      name: 'session-global',
      doc: timed({
        id: 'w',
        kind: 'window.session',
        params: {
          gapMs: 700,
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 'peak', fn: 'max', field: 'amount' },
          ],
        },
      }),
    },
    {
      // Rows of one user and time share a value (RANGE); this input has one such pair.
      name: 'running-aggregate',
      doc: timed({
        id: 'w',
        kind: 'window.running',
        params: {
          keyBy: ['user'],
          aggregations: [...COUNT_SUM_AVG_MIN_MAX, { name: 'big', fn: 'count', where: 'amount > 50.0' }],
        },
      }),
    },
    {
      name: 'running-aggregate-global',
      doc: timed({
        id: 'w',
        kind: 'window.running',
        params: { aggregations: [{ name: 'peak', fn: 'max', field: 'amount' }] },
      }),
    },
    {
      name: 'sliding',
      doc: timed({
        id: 'w',
        kind: 'window.sliding',
        params: {
          sizeMs: 4500,
          slideMs: 1500,
          keyBy: ['page'],
          aggregations: [{ name: 'n', fn: 'count' }],
        },
      }),
    },
    {
      name: 'cascaded-windows',
      doc: timed(
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
      ),
    },
    {
      name: 'cep-strict-sequence',
      doc: timed({
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
      }),
    },
    {
      name: 'interval-join',
      doc: joinPipeline('join.interval-join', { lowerBoundMs: -500, upperBoundMs: 500 }),
    },
    {
      name: 'window-join',
      doc: joinPipeline('join.window-join', { sizeMs: 2000 }),
    },
    {
      name: 'regular-join',
      doc: joinPipeline('join.regular', { ttlMs: 1000 }),
    },
    {
      name: 'regular-left-join',
      doc: joinPipeline('join.regular', { ttlMs: 300, type: 'left' }),
    },
  ];
}

export { chain, fileSink, pipeline, replay, type TestNode, time } from './testing-docs.js';
