import { describe, expect, it } from 'vitest';
import { formatFlowsCsv, parseTntpFlows, parseTntpNetwork, parseTntpTrips, TntpError } from './tntp.ts';

const NET = `<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 3
<END OF METADATA>

~ init term capacity length fft b power speed toll type ;
\t1\t3\t1000\t2\t6\t0.15\t4\t0\t0\t1\t;
\t3\t2\t2000.5\t3\t4\t0.15\t4\t0\t1.5\t2\t;
\t1\t2\t500\t9\t15\t1\t1\t;
`;

const TRIPS = `<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 130.0
<END OF METADATA>

Origin 1
    1 :      0.0;     2 :    100.0;
Origin\t2
    1 :     30.0;
`;

/** The error a parse throws (fails the test when it does not throw). */
function errorOf(f: () => unknown): TntpError {
  try {
    f();
  } catch (e) {
    if (e instanceof TntpError) return e;
    throw e;
  }
  throw new Error('expected a TntpError');
}

describe('TNTP network', () => {
  it('parses the header and the links, 0-based', () => {
    const n = parseTntpNetwork(NET, 'x_net.tntp');
    expect([n.zoneCount, n.nodeCount, n.firstThruNode, n.linkCount]).toEqual([2, 3, 2, 3]);
    expect(Array.from(n.from)).toEqual([0, 2, 0]);
    expect(Array.from(n.to)).toEqual([2, 1, 1]);
    expect(Array.from(n.capacity)).toEqual([1000, 2000.5, 500]);
    expect(Array.from(n.freeFlowTime)).toEqual([6, 4, 15]);
    expect(Array.from(n.alpha)).toEqual([0.15, 0.15, 1]);
    expect(Array.from(n.beta)).toEqual([4, 4, 1]);
    expect(Array.from(n.length)).toEqual([2, 3, 9]);
    expect(Array.from(n.toll)).toEqual([0, 1.5, 0]);
    expect(Array.from(n.linkType)).toEqual([1, 2, 0]);
  });
  it.each([
    [NET.replace('\t3\t2\t2000.5', '\t3\t4\t2000.5'), 9, 'term_node 4 is not a node number 1..3'],
    [NET.replace('2000.5', 'abc'), 9, 'capacity "abc" is not a number'],
    [NET.replace('\t1\t2\t500\t9\t15\t1\t1\t;', '\t1\t2\t500\t;'), 10, 'at least 7 fields'],
    [NET.replace('1000', '-5'), 8, 'capacity -5 must be > 0'],
    [NET.replace('<NUMBER OF LINKS> 3', '<NUMBER OF LINKS> 4'), 11, 'says 4 but the file has 3 links'],
    [NET.replace('<NUMBER OF LINKS> 3', '<NUMBER OF LINKS> 2'), 10, 'more links than <NUMBER OF LINKS> 2'],
    [NET.replace('<NUMBER OF NODES> 3', '<NUMBER OF NODES> x'), 2, '<NUMBER OF NODES> must be an integer'],
    [NET.replace('<FIRST THRU NODE> 3\n', ''), 4, 'missing <FIRST THRU NODE>'],
    // Without <END OF METADATA> the first link line is read as a header line.
    [NET.replace('<END OF METADATA>', ''), 8, 'expected a "<KEY> value" metadata line'],
  ])('reports bad input with its line (%#)', (text, line, reason) => {
    const e = errorOf(() => parseTntpNetwork(text, 'bad_net.tntp'));
    expect(e.fileName).toBe('bad_net.tntp');
    expect(e.line).toBe(line);
    expect(e.message).toContain(`bad_net.tntp:${line}: `);
    expect(e.message).toContain(reason);
  });
});

describe('TNTP trips', () => {
  it('parses Origin blocks with several pairs per line', () => {
    const t = parseTntpTrips(TRIPS, 'x_trips.tntp');
    expect(t.zoneCount).toBe(2);
    expect(Array.from(t.trips)).toEqual([0, 100, 30, 0]);
    expect([t.total, t.declaredTotal]).toEqual([130, 130]);
  });
  it.each([
    [TRIPS.replace('Origin 1', 'Origin 3'), 5, 'origin "3" is not a zone number 1..2'],
    [TRIPS.replace('2 :    100.0', '2 :    -1'), 6, 'trips "-1" to zone 2 must be a number ≥ 0'],
    [TRIPS.replace('2 :    100.0', '9 :    1'), 6, 'destination "9" is not a zone number'],
    [TRIPS.replace('1 :     30.0;', '1 = 30'), 8, 'expected "destination : trips", got "1 = 30"'],
    [TRIPS.replace('Origin 1\n', ''), 5, '"1 :      0.0;     2 :    100.0;" before the first "Origin" line'],
  ])('reports bad input with its line (%#)', (text, line, reason) => {
    const e = errorOf(() => parseTntpTrips(text, 'bad_trips.tntp'));
    expect(e.line).toBe(line);
    expect(e.message).toContain(`bad_trips.tntp:${line}: ${reason}`);
  });
});

describe('flows', () => {
  it('parses a _flow file and formats the CSV', () => {
    const f = parseTntpFlows(
      'From \tTo \tVolume \tCost \n1 \t2 \t4494.5 \t6.0008 \n2 \t1 \t10 \t6 \n',
      'x_flow.tntp',
    );
    expect(Array.from(f.from)).toEqual([0, 1]);
    expect(Array.from(f.volume)).toEqual([4494.5, 10]);
    expect(errorOf(() => parseTntpFlows('From To\n1 2 x 3\n', 'f.tntp')).line).toBe(2);
    const csv = formatFlowsCsv(
      { linkCount: 2, from: f.from, to: f.to },
      { linkFlow: Float64Array.of(1.5, 0), linkTime: Float64Array.of(6, 7.25) },
    );
    expect(csv).toBe('from,to,volume,cost\n1,2,1.5,6\n2,1,0,7.25\n');
  });
});
