/** MATPOWER reader: matrices, comments, the conversion mini-language, and errors that name file and line. */
import { describe, expect, it } from 'vitest';
import { MatpowerError, matpowerToNetwork, parseMatpower } from './matpower.ts';

const CASE = `function mpc = tiny
%TINY  a two-bus case in the layout of MATPOWER case69.m (kW loads, ohm impedances)
mpc.version = '2';
mpc.baseMVA = 10;
mpc.bus = [ %% (Pd and Qd in kW & kVAr here)
	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
	2	1	100	60	0	0	1	1	0	12.66	1	1.1	0.9;
];
mpc.gen = [
	1	0	0	10	-10	1	100	1	10	0	0	0	0	0	0	0	0	0	0	0	0;
];
mpc.branch = [  %% (r and x in ohms)
	1	2	0.5	1.2	0	0	0	0	0	0	1	-360	360;
];
mpc.bus_name = {
	'Bus 1';
	'Bus 2';
};
[PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
    VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
[F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
    TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
    ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;
Vbase = mpc.bus(1, BASE_KV) * 1e3;      %% in Volts
Sbase = mpc.baseMVA * 1e6;              %% in VA
mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
`;

describe('parseMatpower', () => {
  it('reads the matrices and APPLIES the unit conversions (kW → MW, ohms → p.u. with Zbase = Vbase²/Sbase)', () => {
    const mpc = parseMatpower(CASE, 'tiny.m');
    expect(mpc.baseMva).toBe(10);
    expect(mpc.conversionStatements).toBe(6);
    const zBase = 12660 ** 2 / 10e6; // 16.02756 Ω
    const br = mpc.matrices.get('branch')![0]!;
    expect(br[2]).toBeCloseTo(0.5 / zBase, 15);
    expect(br[3]).toBeCloseTo(1.2 / zBase, 15);
    expect(br[4]).toBe(0); // b untouched
    expect(mpc.matrices.get('bus')![1]!.slice(2, 4)).toEqual([0.1, 0.06]);
    expect(mpc.matrices.get('bus')![1]![9]).toBe(12.66); // baseKV untouched
    const net = matpowerToNetwork(mpc);
    expect(net.pLoadPu[1]).toBeCloseTo(0.01, 15); // 0.1 MW / 10 MVA
    expect(net.rPu[0]).toBeCloseTo(0.5 / zBase, 15);
  });

  it('supports + − * / ^, unary minus, parentheses, scalar variables and single-element selections', () => {
    const text = CASE.replace(
      /Vbase = .*\n/,
      'k = -(2 + 3) * 2 ^ 2 / 4;\nmpc.bus(2, 5) = k + mpc.bus(2, 3);\nVbase = mpc.bus(1, 10) * 1e3;\n',
    );
    const mpc = parseMatpower(text, 'tiny.m');
    // k = −5·4/4 = −5; Gs(bus 2) = −5 + Pd(bus 2 before the /1e3) = −5 + 100 = 95
    expect(mpc.matrices.get('bus')![1]![4]).toBe(95);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown function', 'x = foo(3);', /tiny\.m:\d+: unknown name foo/],
    [
      'a matrix product',
      'mpc.bus(:, [3 4]) = mpc.bus(:, [3 4]) * mpc.bus(:, [3 4]);',
      /matrix \* matrix is not supported/,
    ],
    ['an index past the end', 'mpc.bus(3, 3) = 1;', /index 3 is outside 1\.\.2/],
    ['a control statement', 'if 1', /unsupported statement/],
    ['a shape mismatch', 'mpc.bus(:, 3) = mpc.bus(1, [3 4]);', /assigning a 1×2 value to a 2×1 selection/],
  ];
  for (const [what, line, msg] of bad)
    it(`rejects ${what} with file:line and the reason`, () => {
      const text = CASE + line + '\n';
      const lineNo = text.split('\n').length - 1;
      expect(() => parseMatpower(text, 'tiny.m')).toThrow(MatpowerError);
      expect(() => parseMatpower(text, 'tiny.m')).toThrow(msg);
      try {
        parseMatpower(text, 'tiny.m');
      } catch (e) {
        expect((e as MatpowerError).line).toBe(lineNo);
        expect((e as MatpowerError).message.startsWith(`tiny.m:${lineNo}: `)).toBe(true);
      }
    });

  it('rejects ragged rows, non-numbers, unclosed matrices and missing fields', () => {
    expect(() => parseMatpower(CASE.replace('2	1	100	60', '2	1	100'), 'x.m')).toThrow(
      /x\.m:7: mpc\.bus: row has 12 columns, the first row has 13/,
    );
    expect(() => parseMatpower(CASE.replace('100	60', '100	abc'), 'x.m')).toThrow(
      /x\.m:7: mpc\.bus: "abc" is not a number/,
    );
    const plain = CASE.slice(0, CASE.indexOf('[PQ'));
    expect(() => parseMatpower(plain.replace('mpc.baseMVA = 10;', ''), 'x.m')).toThrow(
      /^x\.m: mpc\.baseMVA is missing$/,
    );
    expect(() => parseMatpower(CASE.replace('mpc.baseMVA = 10;', ''), 'x.m')).toThrow(
      /x\.m:25: mpc\.baseMVA is used before it is set/,
    );
    expect(() => parseMatpower('mpc.baseMVA = 1;\nmpc.bus = [\n1 3 0 0 0 0 1 1 0 0 1 1 1;\n', 'x.m')).toThrow(
      /x\.m:2: matrix mpc\.bus is not closed/,
    );
    expect(() => parseMatpower('mpc.baseMVA = 1;\nmpc.bus = [1 3 0 0 0 0 1 1 0 0 1 1 1];', 'x.m')).toThrow(
      /mpc\.gen is missing/,
    );
  });

  it('network errors carry the file name (e.g. a branch to a missing bus)', () => {
    const mpc = parseMatpower(CASE.replace('1	2	0.5	1.2', '1	7	0.5	1.2'), 'x.m');
    expect(() => matpowerToNetwork(mpc)).toThrow(/^x\.m: branch row 1 \(1→7\): to bus 7 does not exist$/);
  });
});
