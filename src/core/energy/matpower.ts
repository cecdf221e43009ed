/**
 * MATPOWER case-file (.m) reader. Reads `mpc.baseMVA`, the numeric matrices (`mpc.bus`, `mpc.gen`, `mpc.branch`,
 * `mpc.gencost`, …), skips cell arrays (`mpc.bus_name = {…}`) and string fields, and EXECUTES the small unit-conversion
 * programs some cases append after the matrices (MATPOWER case69.m / case85.m v2, R. D. Zimmerman 2020):
 *
 *   [PQ, PV, REF, …] = idx_bus;   [F_BUS, …] = idx_brch;   [GEN_BUS, …] = idx_gen;
 *   Vbase = mpc.bus(1, BASE_KV) * 1e3;
 *   Sbase = mpc.baseMVA * 1e6;
 *   mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
 *   mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
 *
 * The supported language: scalar variables; `name = expr;`; `mpc.M(rows, cols) = expr;` with rows/cols `:`, a
 * scalar expression or a `[list]`; expressions with numbers, variables, `mpc.baseMVA`, `mpc.M(rows, cols)`, + - * /
 * ^ (and .* ./ .^), unary minus and parentheses, elementwise between a matrix and a scalar or two equal-shape
 * matrices. Anything else (if/for, other function calls, matrix products) is an error naming the file and line.
 * Column constants are those of MATPOWER idx_bus.m / idx_brch.m / idx_gen.m (1-based).
 */
import type { BranchInput, BusInput, BusTypeCode, GenInput, PowerNetwork } from './network.ts';
import { NetworkError, createNetwork } from './network.ts';

/** A MATPOWER case after its conversion code has run: units as MATPOWER expects them (MW, MVAr, p.u., degrees). */
export interface MatpowerCase {
  readonly fileName: string;
  readonly baseMva: number;
  /** Numeric matrices by field name (bus, gen, branch, gencost, …), row-major rows. */
  readonly matrices: ReadonlyMap<string, number[][]>;
  /** Number of conversion statements executed after the matrices (0 for plain cases). */
  readonly conversionStatements: number;
}

/** A parse or validation error that names the file and, where there is one, the line. */
export class MatpowerError extends Error {
  override name = 'MatpowerError';
  constructor(
    readonly fileName: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${fileName}${line !== null ? `:${line}` : ''}: ${reason}`);
  }
}

// MATPOWER idx_bus.m, idx_brch.m, idx_gen.m column numbers (1-based), also PQ/PV/REF/NONE bus-type codes.
const IDX_BUS = [
  'PQ', 'PV', 'REF', 'NONE', 'BUS_I', 'BUS_TYPE', 'PD', 'QD', 'GS', 'BS', 'BUS_AREA', 'VM', 'VA', 'BASE_KV', 'ZONE',
  'VMAX', 'VMIN', 'LAM_P', 'LAM_Q', 'MU_VMAX', 'MU_VMIN',
] as const; // prettier-ignore
const IDX_BUS_VALUES = [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
const IDX_BRCH = [
  'F_BUS', 'T_BUS', 'BR_R', 'BR_X', 'BR_B', 'RATE_A', 'RATE_B', 'RATE_C', 'TAP', 'SHIFT', 'BR_STATUS', 'PF', 'QF',
  'PT', 'QT', 'MU_SF', 'MU_ST', 'ANGMIN', 'ANGMAX', 'MU_ANGMIN', 'MU_ANGMAX',
] as const; // prettier-ignore
const IDX_BRCH_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 12, 13, 20, 21];
const IDX_GEN = [
  'GEN_BUS', 'PG', 'QG', 'QMAX', 'QMIN', 'VG', 'MBASE', 'GEN_STATUS', 'PMAX', 'PMIN', 'MU_PMAX', 'MU_PMIN', 'MU_QMAX',
  'MU_QMIN', 'PC1', 'PC2', 'QC1MIN', 'QC1MAX', 'QC2MIN', 'QC2MAX', 'RAMP_AGC', 'RAMP_10', 'RAMP_30', 'RAMP_Q', 'APF',
] as const; // prettier-ignore
const IDX_GEN_VALUES = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 22, 23, 24, 25, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
];
const IDX_TABLES: Record<string, { names: readonly string[]; values: readonly number[] }> = {
  idx_bus: { names: IDX_BUS, values: IDX_BUS_VALUES },
  idx_brch: { names: IDX_BRCH, values: IDX_BRCH_VALUES },
  idx_gen: { names: IDX_GEN, values: IDX_GEN_VALUES },
};

/** One logical statement: text without comments, joined over `...` continuations, with its first line number. */
interface Statement {
  readonly text: string;
  readonly line: number;
}

/** Removes a `%` comment, ignoring `%` inside single-quoted strings. */
function stripComment(line: string): string {
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") inStr = !inStr;
    else if (c === '%' && !inStr) return line.slice(0, i);
  }
  return line;
}

/** Parses MATPOWER case-file text. Throws MatpowerError naming the file and line on anything it cannot read. */
export function parseMatpower(text: string, fileName: string): MatpowerCase {
  const lines = text.split(/\r?\n/);
  const matrices = new Map<string, number[][]>();
  const scalars = new Map<string, number>();
  let baseMva: number | null = null;
  let conversionStatements = 0;
  let i = 0;
  const fail = (line: number | null, reason: string): never => {
    throw new MatpowerError(fileName, line, reason);
  };

  while (i < lines.length) {
    const lineNo = i + 1;
    let code = stripComment(lines[i]!).trim();
    i++;
    if (code === '') continue;
    // Join `...` continuation lines.
    while (code.endsWith('...')) {
      if (i >= lines.length) fail(lineNo, 'statement continues (...) past the end of the file');
      code = code.slice(0, -3) + ' ' + stripComment(lines[i]!).trim();
      i++;
    }
    if (/^function\b/.test(code)) continue;
    if (/^(end|return)\s*;?$/.test(code)) continue;

    // Matrix literal: mpc.name = [ ... ];  (rows until the closing bracket)
    const mat = /^mpc\.([A-Za-z_]\w*)\s*=\s*\[(.*)$/.exec(code);
    if (mat) {
      const name = mat[1]!;
      let body = mat[2]!;
      const startLine = lineNo;
      const rowsText: { text: string; line: number }[] = [];
      let lineOfBody = lineNo;
      for (;;) {
        const close = body.indexOf(']');
        if (close >= 0) {
          rowsText.push({ text: body.slice(0, close), line: lineOfBody });
          const rest = body.slice(close + 1).trim();
          if (rest !== '' && rest !== ';')
            fail(lineOfBody, `unexpected text after the ${name} matrix: "${rest}"`);
          break;
        }
        rowsText.push({ text: body, line: lineOfBody });
        if (i >= lines.length) fail(startLine, `matrix mpc.${name} is not closed with ]`);
        lineOfBody = i + 1;
        body = stripComment(lines[i]!);
        i++;
      }
      const rows: number[][] = [];
      for (const chunk of rowsText) {
        for (const rowText of chunk.text.split(';')) {
          const cells = rowText
            .trim()
            .split(/[\s,]+/)
            .filter((s) => s !== '');
          if (cells.length === 0) continue;
          const row = cells.map((c) => {
            const v = parseNumber(c);
            if (v === null) fail(chunk.line, `mpc.${name}: "${c}" is not a number`);
            return v as number;
          });
          if (rows.length > 0 && row.length !== rows[0]!.length)
            fail(
              chunk.line,
              `mpc.${name}: row has ${row.length} columns, the first row has ${rows[0]!.length}`,
            );
          rows.push(row);
        }
      }
      matrices.set(name, rows);
      continue;
    }
    // Cell array (bus names etc.): skip to the closing brace.
    if (/^mpc\.[A-Za-z_]\w*\s*=\s*\{/.test(code)) {
      let body = code;
      while (!body.includes('}')) {
        if (i >= lines.length) fail(lineNo, 'cell array is not closed with }');
        body = stripComment(lines[i]!);
        i++;
      }
      continue;
    }
    // String field: mpc.version = '2';
    if (/^mpc\.[A-Za-z_]\w*\s*=\s*'[^']*'\s*;?$/.test(code)) continue;
    const base = /^mpc\.baseMVA\s*=\s*([^;]+);?$/.exec(code);
    if (base) {
      const v = parseNumber(base[1]!.trim());
      if (v === null || !(v > 0))
        fail(lineNo, `mpc.baseMVA must be a positive number, got "${base[1]!.trim()}"`);
      baseMva = v;
      continue;
    }
    // Anything else is a conversion statement: run it.
    for (const stmt of splitStatements(code)) {
      executeStatement({ text: stmt, line: lineNo }, { matrices, scalars, baseMva, fileName });
      conversionStatements++;
    }
  }
  if (baseMva === null) fail(null, 'mpc.baseMVA is missing');
  for (const required of ['bus', 'gen', 'branch'])
    if (!matrices.has(required)) fail(null, `mpc.${required} is missing`);
  return { fileName, baseMva: baseMva as number, matrices, conversionStatements };
}

/** Splits a line at top-level `;` (outside brackets/parentheses). */
function splitStatements(code: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if ((c === ';' || c === ',') && depth === 0) {
      if (code.slice(start, i).trim() !== '') out.push(code.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (code.slice(start).trim() !== '') out.push(code.slice(start).trim());
  return out;
}

/** Parses a MATLAB number literal (also Inf, -Inf, NaN). */
function parseNumber(s: string): number | null {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?Inf$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^NaN$/i.test(s)) return NaN;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The conversion-statement interpreter.

/** A value: a scalar, or a dense matrix (rows × cols, row-major). */
type Value =
  { kind: 'scalar'; v: number } | { kind: 'matrix'; rows: number; cols: number; data: Float64Array };

interface Env {
  readonly matrices: Map<string, number[][]>;
  readonly scalars: Map<string, number>;
  readonly baseMva: number | null;
  readonly fileName: string;
}

type Token = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

/** Tokenises one statement; throws on characters outside the supported language. */
function tokenize(s: string, fail: (r: string) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*/.exec(s.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '.*' || two === './' || two === '.^') {
      out.push({ t: 'op', v: two[1]! });
      i += 2;
      continue;
    }
    if ('+-*/^()[],:='.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    fail(`unsupported character "${c}"`);
  }
  return out;
}

/** Selection of a matrix: 0-based row and column index lists. */
interface Selection {
  readonly name: string;
  readonly rows: number[];
  readonly cols: number[];
}

/** Executes one conversion statement against the case being read. */
function executeStatement(stmt: Statement, env: Env): void {
  const fail = (reason: string): never => {
    throw new MatpowerError(env.fileName, stmt.line, `${reason} in "${stmt.text}"`);
  };
  const toks = tokenize(stmt.text, fail);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = toks[p];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const expectOp = (v: string): void => {
    if (!isOp(v)) fail(`expected "${v}"`);
    p++;
  };

  // [A, B, C] = idx_bus;
  if (isOp('[')) {
    const names: string[] = [];
    p++;
    while (!isOp(']')) {
      const t = peek();
      if (!t || t.t !== 'id') fail('expected a name in the [ … ] list');
      names.push((t as { v: string }).v);
      p++;
      if (isOp(',')) p++;
    }
    p++;
    expectOp('=');
    const fn = peek();
    if (!fn || fn.t !== 'id' || !(fn.v in IDX_TABLES))
      fail('only idx_bus, idx_brch and idx_gen may be called with [ … ] = ');
    const table = IDX_TABLES[(fn as { v: string }).v]!;
    p++;
    if (p !== toks.length) fail('unexpected text after the function name');
    // Outputs are positional (MATPOWER idx_*.m); the names in the file are the caller's choice.
    if (names.length > table.values.length)
      fail(`${(fn as { v: string }).v} has only ${table.values.length} outputs, ${names.length} requested`);
    names.forEach((name, k) => env.scalars.set(name, table.values[k]!));
    return;
  }

  const matrixOf = (name: string): number[][] => {
    const m = env.matrices.get(name);
    if (!m) fail(`mpc.${name} is not defined`);
    return m as number[][];
  };

  // Index list: ':' | expr | [expr expr …] (1-based, turned 0-based and bounds-checked).
  const parseIndex = (extent: number): number[] | null => {
    if (isOp(':')) {
      p++;
      return null;
    }
    const vals: number[] = [];
    if (isOp('[')) {
      p++;
      while (!isOp(']')) {
        if (p >= toks.length) fail('"[" is not closed');
        vals.push(scalarOf(parseExpr()));
        if (isOp(',')) p++;
      }
      p++;
    } else vals.push(scalarOf(parseExpr()));
    return vals.map((v) => {
      if (!Number.isInteger(v) || v < 1 || v > extent) fail(`index ${v} is outside 1..${extent}`);
      return v - 1;
    });
  };
  const parseSelection = (name: string): Selection => {
    const m = matrixOf(name);
    const nCols = m[0]?.length ?? 0;
    expectOp('(');
    const rows = parseIndex(m.length) ?? m.map((_, r) => r);
    expectOp(',');
    const cols = parseIndex(nCols) ?? Array.from({ length: nCols }, (_, c) => c);
    expectOp(')');
    return { name, rows, cols };
  };
  const readSelection = (s: Selection): Value => {
    const m = matrixOf(s.name);
    const data = new Float64Array(s.rows.length * s.cols.length);
    s.rows.forEach((r, a) => s.cols.forEach((c, b) => (data[a * s.cols.length + b] = m[r]![c]!)));
    if (data.length === 1) return { kind: 'scalar', v: data[0]! };
    return { kind: 'matrix', rows: s.rows.length, cols: s.cols.length, data };
  };
  const scalarOf = (v: Value): number => {
    if (v.kind !== 'scalar') fail('expected a scalar');
    return (v as { v: number }).v;
  };

  const binary = (op: string, a: Value, b: Value): Value => {
    const f = (x: number, y: number): number => {
      switch (op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return x / y;
        case '^':
          return x ** y;
        default:
          return fail(`unsupported operator ${op}`);
      }
    };
    if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', v: f(a.v, b.v) };
    if (a.kind === 'matrix' && b.kind === 'scalar') return { ...a, data: a.data.map((x) => f(x, b.v)) };
    if (a.kind === 'scalar' && b.kind === 'matrix') {
      if (op === '/' || op === '^') fail(`scalar ${op} matrix is not supported`);
      return { ...b, data: b.data.map((y) => f(a.v, y)) };
    }
    const am = a as Extract<Value, { kind: 'matrix' }>;
    const bm = b as Extract<Value, { kind: 'matrix' }>;
    if (am.rows !== bm.rows || am.cols !== bm.cols) fail('matrix shapes differ');
    if (op === '*' || op === '/' || op === '^')
      fail(`matrix ${op} matrix is not supported (only elementwise + and -)`);
    return { ...am, data: am.data.map((x, k) => f(x, bm.data[k]!)) };
  };

  // expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ; unary := '-' unary | power ;
  // power := primary ('^' unary)?
  function parsePrimary(): Value {
    const t = peek();
    if (!t) return fail('expression ends too early');
    if (t.t === 'num') {
      p++;
      return { kind: 'scalar', v: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      p++;
      const v = parseExpr();
      expectOp(')');
      return v;
    }
    if (t.t === 'id') {
      p++;
      if (t.v === 'mpc.baseMVA') {
        if (env.baseMva === null) fail('mpc.baseMVA is used before it is set');
        return { kind: 'scalar', v: env.baseMva as number };
      }
      if (t.v.startsWith('mpc.')) return readSelection(parseSelection(t.v.slice(4)));
      const s = env.scalars.get(t.v);
      if (s === undefined)
        fail(`unknown name ${t.v} (only variables set earlier, mpc.baseMVA and mpc.<matrix>(…))`);
      return { kind: 'scalar', v: s as number };
    }
    return fail(`unexpected "${t.v}"`);
  }
  function parseUnary(): Value {
    if (isOp('-')) {
      p++;
      return binary('*', { kind: 'scalar', v: -1 }, parseUnary());
    }
    if (isOp('+')) {
      p++;
      return parseUnary();
    }
    const base = parsePrimary();
    if (isOp('^')) {
      p++;
      return binary('^', base, parseUnary());
    }
    return base;
  }
  function parseTerm(): Value {
    let v = parseUnary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[p] as { v: string }).v;
      p++;
      v = binary(op, v, parseUnary());
    }
    return v;
  }
  function parseExpr(): Value {
    let v = parseTerm();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p] as { v: string }).v;
      p++;
      v = binary(op, v, parseTerm());
    }
    return v;
  }

  const head = peek();
  if (!head || head.t !== 'id') return fail('unsupported statement (expected an assignment)');
  p++;
  let target: Selection | string;
  if (head.v.startsWith('mpc.')) {
    if (head.v === 'mpc.baseMVA') fail('changing mpc.baseMVA in code is not supported');
    target = parseSelection(head.v.slice(4));
  } else if (head.v.includes('.')) return fail(`unsupported name ${head.v}`);
  else target = head.v;
  if (!isOp('='))
    return fail('unsupported statement (only `name = expr` and `mpc.<matrix>(rows, cols) = expr`)');
  p++;
  const value = parseExpr();
  if (p !== toks.length) fail(`unexpected "${(toks[p] as { v: unknown }).v}"`);

  if (typeof target === 'string') {
    env.scalars.set(target, scalarOf(value));
    return;
  }
  const m = matrixOf(target.name);
  const nc = target.cols.length;
  if (value.kind === 'matrix' && (value.rows !== target.rows.length || value.cols !== nc))
    fail(`assigning a ${value.rows}×${value.cols} value to a ${target.rows.length}×${nc} selection`);
  target.rows.forEach((r, a) =>
    target.cols.forEach((c, b) => {
      m[r]![c] = value.kind === 'scalar' ? value.v : value.data[a * nc + b]!;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** Converts a parsed MATPOWER case into a PowerNetwork (per unit), validating column counts and values. */
export function matpowerToNetwork(mpc: MatpowerCase): PowerNetwork {
  const need = (name: string, cols: number): number[][] => {
    const m = mpc.matrices.get(name) ?? [];
    m.forEach((row, r) => {
      if (row.length < cols)
        throw new MatpowerError(
          mpc.fileName,
          null,
          `mpc.${name} row ${r + 1} has ${row.length} columns, needs ${cols}`,
        );
    });
    return m;
  };
  const bus = need('bus', 13);
  const gen = need('gen', 8);
  const branch = need('branch', 11);
  const buses: BusInput[] = bus.map((r) => ({
    number: r[0]!,
    type: r[1]! as BusTypeCode,
    pdMw: r[2]!,
    qdMvar: r[3]!,
    gsMw: r[4]!,
    bsMvar: r[5]!,
    vmPu: r[7]!,
    vaDeg: r[8]!,
    baseKv: r[9]!,
  }));
  const gens: GenInput[] = gen.map((r) => ({
    bus: r[0]!,
    pgMw: r[1]!,
    qgMvar: r[2]!,
    vgPu: r[5]!,
    inService: r[7]! > 0,
  }));
  const branches: BranchInput[] = branch.map((r) => ({
    from: r[0]!,
    to: r[1]!,
    rPu: r[2]!,
    xPu: r[3]!,
    bPu: r[4]!,
    rateAMva: r[5]!,
    ratio: r[8]!,
    shiftDeg: r[9]!,
    inService: r[10]! > 0,
  }));
  try {
    return createNetwork(mpc.baseMva, buses, branches, gens);
  } catch (e) {
    if (e instanceof NetworkError) throw new MatpowerError(mpc.fileName, null, e.message);
    throw e;
  }
}

/** Parses MATPOWER text straight into a PowerNetwork. Throws MatpowerError (file, line, reason). */
export function readMatpowerNetwork(text: string, fileName: string): PowerNetwork {
  return matpowerToNetwork(parseMatpower(text, fileName));
}
