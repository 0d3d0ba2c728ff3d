import { describe, expect, it } from 'vitest';
import { compileToFlinkSql } from './compile.js';
import { chain, fileSink, pipeline, replay, time } from './testing-docs.js';

const compile = (doc: unknown, options = {}) => compileToFlinkSql(doc, options);
const refusalsOf = (doc: unknown) => compile(doc).refusals.map((r) => `${r.node}: ${r.path}: ${r.reason}`);

describe('sources and event time', () => {
  it('file-replay becomes a filesystem json table with a rowtime and a bounded-out-of-orderness watermark', () => {
    const r = compile(
      chain(
        replay(),
        time('time', { timestamp: 'ts', maxOutOfOrdernessMs: 1500, idleTimeoutMs: 10000 }),
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain("'connector' = 'filesystem'");
    expect(r.sql).toContain("'path' = 'in/src.jsonl'");
    expect(r.sql).toContain('`rowtime` AS TO_TIMESTAMP_LTZ(CAST(`ts` AS BIGINT), 3)');
    expect(r.sql).toContain("WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '0 00:00:01.500' DAY TO SECOND");
    expect(r.sql).toContain("SET 'table.exec.source.idle-timeout' = '10000 ms';");
  });
  it('--input replaces any source by a file; undeclared field types are refused', () => {
    const doc = chain({ id: 'g', kind: 'source.generator', params: { preset: 'sensors' } }, fileSink());
    expect(compile(doc, { inputs: { g: '/data/x.jsonl' } }).sql).toContain("'path' = '/data/x.jsonl'");
    expect(refusalsOf(chain(replay('src', [['x', 'any']]), fileSink()))).toEqual([
      'src: fields: field "x" is of type any: Flink columns need a declared number, string or boolean type',
    ]);
  });
  it('assign-timestamps that is not right after a source is refused', () => {
    const doc = chain(
      replay(),
      { id: 'f', kind: 'transform.filter', params: { condition: 'amount > 1' } },
      time(),
      fileSink(),
    );
    expect(refusalsOf(doc)[0]).toMatch(/^time: : Flink declares event time on the source table/);
  });
  it('a generator maps to datagen with a warning that its values differ', () => {
    const r = compile(
      chain({ id: 'g', kind: 'source.generator', params: { preset: 'logins', limit: 100 } }, fileSink()),
    );
    expect(r.sql).toContain("'connector' = 'datagen'");
    expect(r.sql).toContain("'fields.i.end' = '99'");
    expect(r.warnings[0]).toMatchObject({ node: 'g', path: 'preset' });
  });
});

describe('kafka', () => {
  const kafkaIn = (params: Record<string, unknown> = {}) => ({
    id: 'k',
    kind: 'source.kafka',
    params: { topics: ['logins'], fields: [{ name: 'user', type: 'string' }], ...params },
  });
  const kafkaOut = (params: Record<string, unknown> = {}) => ({
    id: 'out',
    kind: 'sink.kafka',
    params: { topic: 'alerts', ...params },
  });
  it('a topic becomes a Kafka table with the group and start position; a field key and exactly-once map', () => {
    const r = compile(
      chain(
        kafkaIn({ group: 'g1', startFrom: 'committed', bounded: true }),
        kafkaOut({ key: 'user', delivery: 'exactly-once' }),
      ),
    );
    expect(r.refusals).toEqual([]);
    for (const line of [
      "'topic' = 'logins'",
      "'properties.group.id' = 'g1'",
      "'scan.startup.mode' = 'group-offsets'",
      "'scan.bounded.mode' = 'latest-offset'",
      "'key.fields' = 'user'",
      "'sink.delivery-guarantee' = 'exactly-once'",
      // Within a default broker's transaction.max.timeout.ms, and a prefix no other pipeline uses.
      "'properties.transaction.timeout.ms' = '900000'",
      "'sink.transactional-id-prefix' = 'eventide-test-pipeline-out'",
    ])
      expect(r.sql).toContain(line);
  });
  it('what Flink cannot do as Eventide does is refused by param: csv, history, SASL, computed keys and headers', () => {
    expect(refusalsOf(chain(kafkaIn({ format: 'csv', csvColumns: ['user'] }), kafkaOut()))).toEqual([
      'k: format: csv values: the Flink translation reads JSON only',
    ]);
    expect(refusalsOf(chain(kafkaIn({ history: 'old.jsonl' }), kafkaOut()))[0]).toMatch(/^k: history: /);
    expect(
      refusalsOf(
        chain(kafkaIn({ sasl: { mechanism: 'plain', username: 'u', password: '${env:PW}' } }), kafkaOut()),
      ),
    ).toEqual(['k: sasl.mechanism: a SASL login would put the password into the SQL text']);
    expect(refusalsOf(chain(kafkaIn(), kafkaOut({ key: 'user + "-x"' })))).toEqual([
      'out: key: a computed message key has no Flink SQL equivalent (key.fields takes columns)',
    ]);
    expect(refusalsOf(chain(kafkaIn(), kafkaOut({ headers: [{ name: 'h', expr: 'user' }] })))[0]).toMatch(
      /^out: headers: /,
    );
  });
});

describe('transforms', () => {
  it('filter and map become views; a map keeps the rowtime', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        { id: 'f', kind: 'transform.filter', params: { condition: 'amount > 10' } },
        {
          id: 'm',
          kind: 'transform.map',
          params: {
            fields: [
              { name: 'who', expr: 'user' },
              { name: 'double', expr: 'amount * 2' },
            ],
          },
        },
        fileSink(),
      ),
    );
    expect(r.sql).toContain(
      'CREATE TEMPORARY VIEW `v_f` AS\nSELECT `user`, `page`, `amount`, `ts`, `rowtime`\nFROM `src_src`\nWHERE `amount` > 10;',
    );
    expect(r.sql).toContain('SELECT `user` AS `who`,\n  `amount` * 2 AS `double`,\n  `rowtime`\nFROM `v_f`');
    expect(r.sql).toContain('INSERT INTO `sink_out`\nSELECT `who`, `double` FROM `v_m`');
  });
  it('route: first match wins, NULL conditions do not match, unmatched gets the rest', () => {
    const doc = pipeline(
      [
        replay(),
        {
          id: 'r',
          kind: 'transform.route',
          params: {
            routes: [
              { port: 'big', condition: 'amount > 100' },
              { port: 'mid', condition: 'amount > 10' },
            ],
          },
        },
        fileSink('a'),
        fileSink('b'),
        fileSink('c'),
      ],
      [
        ['src', 'r'],
        ['r:big', 'a'],
        ['r:mid', 'b'],
        ['r:unmatched', 'c'],
      ],
    );
    const r = compile(doc);
    expect(r.sql).toContain('WHERE (`amount` > 10) IS TRUE AND NOT (`amount` > 100) IS TRUE');
    expect(r.sql).toContain('WHERE NOT (`amount` > 100) IS TRUE AND NOT (`amount` > 10) IS TRUE');
  });
  it('union of two inputs is a UNION ALL, a missing column a typed NULL', () => {
    const doc = pipeline(
      [
        replay('a', [['x', 'number']]),
        replay('b', [
          ['x', 'number'],
          ['y', 'string'],
        ]),
        { id: 'u', kind: 'transform.union' },
        fileSink(),
      ],
      [
        ['a', 'u'],
        ['b', 'u'],
        ['u', 'out'],
      ],
    );
    const r = compile(doc);
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain(
      'SELECT `x`, CAST(NULL AS STRING) AS `y` FROM `src_a`\nUNION ALL\nSELECT `x`, `y` FROM `src_b`',
    );
  });
  it('a connected error port is refused', () => {
    const doc = pipeline(
      [
        replay(),
        { id: 'f', kind: 'transform.filter', params: { condition: 'amount > 1' } },
        fileSink('a'),
        fileSink('b'),
      ],
      [
        ['src', 'f'],
        ['f', 'a'],
        ['f:error', 'b'],
      ],
    );
    expect(refusalsOf(doc)).toEqual([
      'f: : its error port is connected: Flink SQL has no per-event error output (a failing expression fails the job)',
    ]);
  });
  it('an untranslatable expression is refused at its param path with its range', () => {
    const r = compile(
      chain(
        replay(),
        { id: 'f', kind: 'transform.filter', params: { condition: 'amount % 2 == 0' } },
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([
      expect.objectContaining({ node: 'f', path: 'condition', start: 0, end: 10 }),
    ]);
    expect(r.sql).toContain('-- NOT DEPLOYABLE: 1 refusal(s)');
  });
});

const win = (kind: string, params: Record<string, unknown>) => ({ id: 'w', kind, params });

describe('windows', () => {
  it('tumbling with key and every translatable aggregation', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        win('window.tumbling', {
          sizeMs: 5000,
          keyBy: ['user'],
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 's', fn: 'sum', field: 'amount' },
            { name: 'a', fn: 'avg', field: 'amount' },
            { name: 'lo', fn: 'min', field: 'amount' },
            { name: 'hi', fn: 'max', field: 'amount' },
            { name: 'd', fn: 'distinct_count', field: 'page' },
            { name: 'f', fn: 'first', field: 'page' },
            { name: 'l', fn: 'last', field: 'page' },
            { name: 'c', fn: 'collect', field: 'page', limit: 5 },
          ],
        }),
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain(
      "FROM TABLE(TUMBLE(TABLE `src_src`, DESCRIPTOR(`rowtime`), INTERVAL '5' SECOND))",
    );
    expect(r.sql).toContain('GROUP BY `user`, window_start, window_end, window_time');
    for (const piece of [
      'COUNT(*) AS `n`',
      'COALESCE(SUM(CAST(`amount` AS DOUBLE)), 0E0) AS `s`',
      'COUNT(DISTINCT `page`) AS `d`',
      'FIRST_VALUE(`page`) AS `f`',
      'LAST_VALUE(`page`) AS `l`',
      'ARRAY_SLICE(ARRAY_AGG(`page`), 1, 5) AS `c`',
    ])
      expect(r.sql).toContain(piece);
    expect(r.sql).toContain(
      '(EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start)) AS `window_start`',
    );
    expect(r.sql).toContain("'final' AS `window_fire`");
    expect(r.sql).toContain('`c` ARRAY<STRING>');
  });
  it('sliding and session (keyed through an upstream key-by) use HOP and SESSION ... PARTITION BY', () => {
    const hop = compile(
      chain(replay(), time(), win('window.sliding', { sizeMs: 60000, slideMs: 10000 }), fileSink()),
    );
    expect(hop.sql).toContain(
      "HOP(TABLE `src_src`, DESCRIPTOR(`rowtime`), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)",
    );
    const session = compile(
      chain(
        replay(),
        time(),
        { id: 'k', kind: 'transform.key-by', params: { fields: ['user'] } },
        win('window.session', { gapMs: 30000 }),
        fileSink(),
      ),
    );
    expect(session.sql).toContain(
      "SESSION(TABLE `src_src` PARTITION BY `user`, DESCRIPTOR(`rowtime`), INTERVAL '30' SECOND)",
    );
  });
  it('percentile, top_n, count windows and allowed lateness are refused; early firing is a warning', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        win('window.tumbling', {
          aggregations: [{ name: 'p', fn: 'percentile', field: 'amount', quantile: 0.9 }],
          allowedLatenessMs: 1000,
          earlyFireMs: 500,
        }),
        fileSink(),
      ),
    );
    expect(r.refusals.map((x) => x.path)).toEqual(['allowedLatenessMs', 'aggregations.0.fn']);
    expect(r.warnings.map((x) => x.path)).toEqual(['earlyFireMs']);
    expect(refusalsOf(chain(replay(), time(), win('window.count', { size: 10 }), fileSink()))).toEqual([
      'w: size: count windows have no Flink SQL window table function',
    ]);
  });
  it('a filtered aggregation (count where, sum where) becomes FILTER (WHERE ...); an untranslatable condition is refused at its path', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        win('window.tumbling', {
          aggregations: [
            { name: 'big', fn: 'count', where: 'amount > 50.0' },
            { name: 'home', fn: 'sum', field: 'amount', where: 'page == "/"' },
          ],
        }),
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.warnings.map((x) => `${x.path}: ${x.reason}`)).toEqual([
      expect.stringMatching(
        /^aggregations: "big", "home" where: an event whose condition cannot be evaluated/,
      ),
    ]);
    expect(r.sql).toContain('COUNT(*) FILTER (WHERE `amount` > 50) AS `big`');
    expect(r.sql).toContain(
      "COALESCE(SUM(CAST(`amount` AS DOUBLE)) FILTER (WHERE `page` = '/'), 0E0) AS `home`",
    );
    expect(
      refusalsOf(
        chain(
          replay(),
          time(),
          win('window.tumbling', {
            aggregations: [{ name: 'odd', fn: 'count', where: 'amount % 2.0 == 1.0' }],
          }),
          fileSink(),
        ),
      ),
    ).toEqual([expect.stringMatching(/^w: aggregations\.0\.where: /)]);
  });
  it('max_by and min_by are refused at their aggregation: Flink has no arg-max aggregate', () => {
    expect(
      refusalsOf(
        chain(
          replay(),
          time(),
          win('window.tumbling', {
            aggregations: [{ name: 'big_spender', fn: 'max_by', field: 'user', by: 'amount' }],
          }),
          fileSink(),
        ),
      ),
    ).toEqual([expect.stringMatching(/^w: aggregations\.0\.fn: max_by has no Flink SQL aggregate/)]);
  });
  it('a window without event time is refused', () => {
    expect(
      refusalsOf(chain(replay(), win('window.tumbling', { timeMode: 'processing' }), fileSink()))[0],
    ).toMatch(/^w: timeMode: processing-time/);
  });
});

const cep = (params: Record<string, unknown>) => ({ id: 'p', kind: 'cep.pattern', params });

describe('cep.pattern', () => {
  it('strict steps with exact quantifiers become MATCH_RECOGNIZE', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        cep({
          key: 'user',
          steps: [
            { name: 'a', condition: 'page == "cart"' },
            {
              name: 'b',
              condition: 'page == "pay" && amount > a[0].amount',
              contiguity: 'strict',
              quantifier: { kind: 'times', min: 2 },
              consecutive: true,
            },
          ],
          withinMs: 90000,
          skip: { strategy: 'skipToFirst', step: 'b' },
          output: [
            { name: 'user', expr: 'a[0].user' },
            { name: 'n', expr: 'size(b)' },
          ],
        }),
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('PARTITION BY `user`\n  ORDER BY `rowtime`');
    expect(r.sql).toContain('PATTERN (s_a s_b{2})');
    expect(r.sql).toContain("WITHIN INTERVAL '90' SECOND");
    expect(r.sql).toContain('AFTER MATCH SKIP TO FIRST s_b');
    expect(r.sql).toContain("s_b AS (`page` = 'pay') AND (`amount` > FIRST(s_a.`amount`))");
    expect(r.sql).toContain('COUNT(s_b.`rowtime`) AS `m1`');
    expect(r.sql).toContain('`n` BIGINT');
  });
  it('relaxed contiguity, negation, open quantifiers, until and lists are refused by param path', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        cep({
          steps: [
            { name: 'a', condition: 'true', quantifier: { kind: 'oneOrMore' }, until: 'amount > 5' },
            { name: 'b', condition: 'true', contiguity: 'relaxed' },
            { name: 'c', condition: 'true', contiguity: 'strict', negated: true },
          ],
          withinMs: 1000,
        }),
        fileSink(),
      ),
    );
    expect(r.refusals.map((x) => x.path)).toEqual([
      'steps.0.until',
      'steps.0.quantifier',
      'steps.1.contiguity',
      'steps.2.negated',
      'skip.strategy',
      'output',
    ]);
  });
  it("a new pattern's summary row is refused by its param, naming the way out", () => {
    const doc = chain(
      replay(),
      time(),
      cep({ emit: 'summary', skip: { strategy: 'skipPastLastEvent' } }),
      fileSink(),
    );
    expect(refusalsOf(doc)).toEqual([
      'p: emit: a summary row is not translated: list the output fields instead',
    ]);
  });
});

describe('joins', () => {
  const two = (join: Record<string, unknown>, kind: string) =>
    pipeline(
      [
        replay('l', [
          ['k', 'string'],
          ['v', 'number'],
          ['ts', 'number'],
        ]),
        time('tl'),
        replay('r', [
          ['k', 'string'],
          ['w', 'number'],
          ['ts', 'number'],
        ]),
        time('tr'),
        { id: 'j', kind, params: join },
        fileSink(),
      ],
      [
        ['l', 'tl'],
        ['r', 'tr'],
        ['tl', 'j:left'],
        ['tr', 'j:right'],
        ['j', 'out'],
      ],
    );
  it('window-join joins TUMBLE windows on key and bounds; clashing right names get right_', () => {
    const r = compile(two({ leftKey: ['k'], rightKey: ['k'], sizeMs: 5000 }, 'join.window-join'));
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('R.`k` AS `right_k`');
    expect(r.sql).toContain(
      'ON L.`k` = R.`k` AND L.window_start = R.window_start AND L.window_end = R.window_end',
    );
  });
  it("window-join over window results (Nexmark q8) renames their bounds before the TUMBLE: the pair's replace them", () => {
    const doc = pipeline(
      [
        replay('l', [
          ['k', 'string'],
          ['ts', 'number'],
        ]),
        time('tl'),
        replay('r', [
          ['k', 'string'],
          ['ts', 'number'],
        ]),
        time('tr'),
        { id: 'w', kind: 'window.tumbling', params: { sizeMs: 5000, keyBy: ['k'] } },
        { id: 'j', kind: 'join.window-join', params: { leftKey: ['k'], rightKey: ['k'], sizeMs: 5000 } },
        fileSink(),
      ],
      [
        ['l', 'tl'],
        ['r', 'tr'],
        ['tr', 'w'],
        ['tl', 'j:left'],
        ['w', 'j:right'],
        ['j', 'out'],
      ],
    );
    const r = compile(doc);
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain(
      'CREATE TEMPORARY VIEW `v_j__right` AS\nSELECT `k`, `window_start` AS `in_window_start`',
    );
    expect(r.sql).toContain('FROM TABLE(TUMBLE(TABLE `v_j__right`');
    expect(r.sql).not.toContain('R.`in_window_start`');
    expect(r.sql).toContain('R.`window_fire`');
  });
  it('interval-join bounds are inclusive BETWEEN on rowtime', () => {
    const r = compile(
      two({ leftKey: ['k'], rightKey: ['k'], lowerBoundMs: -2000, upperBoundMs: 500 }, 'join.interval-join'),
    );
    expect(r.sql).toContain(
      "R.`rowtime` BETWEEN L.`rowtime` - INTERVAL '2' SECOND AND L.`rowtime` + INTERVAL '0 00:00:00.500' DAY TO SECOND",
    );
  });
  it('a regular join is an interval join of rows less than the TTL apart; a left one a LEFT JOIN', () => {
    const inner = compile(two({ leftKey: ['k'], rightKey: ['k'], ttlMs: 60_000 }, 'join.regular'));
    expect(inner.refusals).toEqual([]);
    expect(inner.sql).toContain(
      "JOIN `src_r` R\nON L.`k` = R.`k` AND R.`rowtime` > L.`rowtime` - INTERVAL '1' MINUTE AND R.`rowtime` < L.`rowtime` + INTERVAL '1' MINUTE",
    );
    expect(inner.sql).not.toContain('LEFT JOIN');
    const left = compile(
      two({ leftKey: ['k'], rightKey: ['k'], ttlMs: 60_000, type: 'left' }, 'join.regular'),
    );
    expect(left.sql).toContain('LEFT JOIN `src_r` R');
    expect(
      refusalsOf(two({ leftKey: ['k'], rightKey: ['k'], timeMode: 'processing' }, 'join.regular')),
    ).toEqual(['j: timeMode: processing-time joins are not translated']);
  });
  it('every join warns that rows later than the declared bound pair differently (README, inherent differences)', () => {
    for (const [kind, join] of [
      ['join.interval-join', { lowerBoundMs: -500, upperBoundMs: 500 }],
      ['join.window-join', { sizeMs: 2000 }],
      ['join.regular', { ttlMs: 1000 }],
    ] as const) {
      const r = compile(two({ leftKey: ['k'], rightKey: ['k'], ...join }, kind));
      expect(r.warnings.map((w) => `${w.node}: ${w.reason}`)).toEqual([
        expect.stringMatching(
          /^j: rows later than their source's maxOutOfOrdernessMs pair differently: Flink drops a late row once its periodic watermark/,
        ),
      ]);
    }
  });
});

describe('window.top-n', () => {
  const top = (params: Record<string, unknown>) =>
    chain(
      replay(),
      time(),
      { id: 'top', kind: 'window.top-n', params: { orderBy: 'amount', ...params } },
      fileSink(),
    );
  it('is a window Top-N: ROW_NUMBER per window and key, by the field then rowtime (the engine tie-break)', () => {
    const r = compile(top({ sizeMs: 10_000, keyBy: ['user'], n: 3, descending: false, rankField: 'place' }));
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain(
      'ROW_NUMBER() OVER (PARTITION BY window_start, window_end, `user` ORDER BY `amount` ASC, `rowtime` ASC) AS `__rownum`',
    );
    expect(r.sql).toContain(
      "FROM TABLE(TUMBLE(TABLE `src_src`, DESCRIPTOR(`rowtime`), INTERVAL '10' SECOND))",
    );
    expect(r.sql).toContain('WHERE `__rownum` <= 3');
    expect(r.sql).toContain('`__rownum` AS `place`');
    expect(r.sql).toContain('window_time AS `rowtime`');
    expect(r.sql).toContain('`place` BIGINT');
  });
  it('with ties and n = 1 joins each window with its best value, every row ranked 1', () => {
    const r = compile(top({ n: 1, withTies: true }));
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('MAX(`amount`) AS `__best`');
    expect(r.sql).toContain(
      'ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.`amount` = R.`__best`',
    );
    expect(r.sql).toContain('CAST(1 AS BIGINT) AS `rank`');
  });
  it('ties with n > 1, an offset, processing time, a late port and a missing field are refused by param', () => {
    expect(refusalsOf(top({ n: 2, withTies: true }))).toEqual([
      expect.stringMatching(/^top: withTies: Flink's window Top-N numbers rows with ROW_NUMBER\(\) only/),
    ]);
    expect(refusalsOf(top({ offsetMs: 1000 })).map((x) => x.split(':')[1])).toEqual([' offsetMs']);
    expect(refusalsOf(top({ timeMode: 'processing' })).map((x) => x.split(':')[1])).toEqual([' timeMode']);
    expect(refusalsOf(top({ keyBy: ['nope'] }))[0]).toMatch(/^top: keyBy.0: /);
    const late = pipeline(
      [
        replay(),
        time(),
        { id: 'top', kind: 'window.top-n', params: { orderBy: 'amount' } },
        fileSink(),
        fileSink('late'),
      ],
      [
        ['src', 'time'],
        ['time', 'top'],
        ['top', 'out'],
        ['top:late', 'late'],
      ],
    );
    expect(refusalsOf(late)).toContain(
      'top: : its late port is connected: Flink SQL drops late rows and has no late output',
    );
  });
  it('over window results keyed by window_end (Nexmark q5) renames the bounds as DOUBLE first', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        win('window.sliding', { sizeMs: 4000, slideMs: 2000, keyBy: ['page'] }),
        {
          id: 'top',
          kind: 'window.top-n',
          params: { sizeMs: 2000, keyBy: ['window_end'], orderBy: 'count', n: 1, withTies: true },
        },
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('CAST(`window_end` AS DOUBLE) AS `in_window_end`');
    expect(r.sql).toContain('L.`in_window_end` = R.`in_window_end`');
  });
});

describe('sinks', () => {
  it('dashboard panels write a Kafka result topic per panel; --output writes files; other sinks are refused', () => {
    const doc = pipeline(
      [
        replay(),
        { id: 'tbl', kind: 'sink.table' },
        { id: 'hook', kind: 'sink.webhook', params: { url: 'https://example.com/x' } },
        fileSink('f'),
      ],
      [
        ['src', 'tbl'],
        ['src', 'hook'],
        ['src', 'f'],
      ],
    );
    const r = compile(doc, { kafkaBootstrapServers: 'kafka:9092', pipelineId: 'demo' });
    expect(r.resultTopics).toEqual({ tbl: 'eventide.demo.tbl' });
    expect(r.sql).toContain("'topic' = 'eventide.demo.tbl'");
    expect(r.sql).toContain("'properties.bootstrap.servers' = 'kafka:9092'");
    expect(r.refusals.map((x) => x.node)).toEqual(['hook']);
    const files = compile(doc, { outputs: { tbl: '/tmp/o' }, outputsOnly: true });
    expect(files.sql).toContain("'path' = '/tmp/o'");
    expect(files.sql).not.toContain('kafka');
  });
  it('is deterministic and names each node in a comment', () => {
    const doc = chain(replay(), time(), win('window.tumbling', {}), fileSink());
    expect(compile(doc).sql).toBe(compile(doc).sql);
    for (const id of ['src', 'w', 'out']) expect(compile(doc).sql).toContain(`-- node ${id}\n`);
  });
  it("an invalid document is refused with the validator's issues", () => {
    const r = compile({
      version: 1,
      name: 'x',
      nodes: [{ id: 'a', kind: 'nope', params: {}, position: { x: 0, y: 0 } }],
      edges: [],
    });
    expect(r.refusals[0]?.node).toBe('a');
    expect(r.refusals[0]?.reason).toMatch(/^invalid document/);
  });
});

describe('session window aggregations Flink cannot merge', () => {
  it('first, last and collect in a session window are refused', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        {
          id: 'w',
          kind: 'window.session',
          params: {
            aggregations: [
              { name: 'n', fn: 'count' },
              { name: 'f', fn: 'first', field: 'page' },
              { name: 'c', fn: 'collect', field: 'page' },
            ],
          },
        },
        fileSink(),
      ),
    );
    expect(r.refusals.map((x) => x.path)).toEqual(['aggregations.1.fn', 'aggregations.2.fn']);
  });

  it('a running aggregate translates a where as CASE inside its OVER aggregate, with the missing-field warning', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        {
          id: 'w',
          kind: 'window.running',
          params: { keyBy: ['user'], aggregations: [{ name: 'big', fn: 'count', where: 'amount > 50.0' }] },
        },
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain(
      'COUNT(CASE WHEN `amount` > 50 THEN 1 END) OVER (PARTITION BY `user` ORDER BY `rowtime` RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `big`',
    );
    expect(r.warnings.map((w) => w.reason)).toEqual([
      expect.stringMatching(/^"big" where: .* leaves its key’s totals and the output in Eventide/),
    ]);
  });

  it('a running aggregate with a state TTL is refused at stateTtlMs (Flink counts it in processing time)', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        { id: 'w', kind: 'window.running', params: { stateTtlMs: 60_000 } },
        fileSink(),
      ),
    );
    expect(r.refusals.map((x) => [x.node, x.path])).toEqual([['w', 'stateTtlMs']]);
  });

  it('a session with a dynamic gap is refused at dynamicGap', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        { id: 'w', kind: 'window.session', params: { dynamicGap: 'ts % 1000' } },
        fileSink(),
      ),
    );
    expect(r.refusals.map((x) => [x.node, x.path])).toEqual([['w', 'dynamicGap']]);
    expect(r.refusals[0]?.reason).toMatch(/one gap for every row/);
  });
});

describe('window shapes Flink rejects or renames', () => {
  it('a window with an offset is refused (Flink lost whole windows)', () => {
    for (const kind of ['window.sliding', 'window.tumbling'])
      expect(
        refusalsOf(
          chain(
            replay(),
            time(),
            { id: 'w', kind, params: { sizeMs: 3000, slideMs: 1500, offsetMs: 500 } },
            fileSink(),
          ),
        ),
      ).toEqual([
        'w: offsetMs: Flink 2.2 window table functions with an offset lost whole windows in the differential test',
      ]);
  });
  it('a sliding window whose size is not a multiple of its slide is refused', () => {
    expect(
      refusalsOf(
        chain(
          replay(),
          time(),
          { id: 'w', kind: 'window.sliding', params: { sizeMs: 4000, slideMs: 1500 } },
          fileSink(),
        ),
      ),
    ).toEqual(["w: slideMs: Flink's HOP windows need the size to be a whole multiple of the slide"]);
  });
  it('a window keyed by the upstream window_end groups by it as a DOUBLE and emits its own bounds in its place', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        win('window.sliding', { sizeMs: 4000, slideMs: 2000, keyBy: ['page'] }),
        {
          id: 'best',
          kind: 'window.tumbling',
          params: {
            sizeMs: 2000,
            keyBy: ['window_end'],
            aggregations: [{ name: 'top', fn: 'max', field: 'count' }],
          },
        },
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('CAST(`window_end` AS DOUBLE) AS `in_window_end`');
    expect(r.sql).toContain('GROUP BY `in_window_end`, window_start, window_end, window_time');
    expect(r.sql).not.toMatch(/SELECT `in_window_end`/);
  });
  it('a window over window results renames the upstream window columns first', () => {
    const r = compile(
      chain(
        replay(),
        time(),
        {
          id: 'w1',
          kind: 'window.tumbling',
          params: { sizeMs: 1000, aggregations: [{ name: 'n', fn: 'count' }] },
        },
        {
          id: 'w2',
          kind: 'window.tumbling',
          params: { sizeMs: 5000, aggregations: [{ name: 'first_start', fn: 'min', field: 'window_start' }] },
        },
        fileSink(),
      ),
    );
    expect(r.refusals).toEqual([]);
    expect(r.sql).toContain('`window_start` AS `in_window_start`');
    expect(r.sql).toContain('MIN(`in_window_start`) AS `first_start`');
  });
});
