/**
 * A strict JSON (RFC 8259) reader that keeps the offset of every value and
 * every key, so that a wrong type or an unknown key in edition.json is
 * reported at its line and column like any other finding. JSON.parse gives
 * no positions for values, and its syntax-error positions vary between
 * engines; the grammar is small enough to read here (no dependency).
 */

export type JsonNode =
  | { kind: 'object'; offset: number; entries: JsonEntry[] }
  | { kind: 'array'; offset: number; items: JsonNode[] }
  | { kind: 'string'; offset: number; value: string }
  | { kind: 'number'; offset: number; value: number }
  | { kind: 'boolean'; offset: number; value: boolean }
  | { kind: 'null'; offset: number };

export interface JsonEntry {
  key: string;
  keyOffset: number;
  value: JsonNode;
}

export interface JsonProblem {
  offset: number;
  message: string;
}

export type JsonResult = { ok: true; value: JsonNode; duplicates: { key: string; offset: number; first: number }[] } | { ok: false; problem: JsonProblem };

class Fail extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** Plain JSON value of a node (what JSON.parse would give). */
export function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

export function readJson(text: string): JsonResult {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const duplicates: { key: string; offset: number; first: number }[] = [];

  const describe = (at: number): string => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (c: string, what: string): void => {
    if (text[i] !== c) throw new Fail(i, `expected ${what}, found ${describe(i)}`);
    i++;
  };

  const string = (): string => {
    const start = i;
    i++; // the opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) throw new Fail(start, 'this string is not closed (a " is missing)');
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) throw new Fail(i, c === '\n' || c === '\r' ? 'a string may not run over a line end (write \\n)' : 'a control character must be escaped in a string');
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw new Fail(i, `"\\${e ?? ''}" is not a JSON escape (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)`);
        continue;
      }
      out += c;
      i++;
    }
  };

  const value = (): JsonNode => {
    ws();
    const at = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: JsonEntry[] = [];
      const seen = new Map<string, number>();
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', offset: at, entries };
      }
      let comma = -1;
      for (;;) {
        ws();
        // A trailing comma is reported where it stands, not at the "}" lines below it.
        if (text[i] !== '"') throw text[i] === '}' && comma >= 0 ? new Fail(comma, 'a comma before "}" is not allowed in JSON') : new Fail(i, `expected a property name in double quotes, found ${describe(i)}`);
        const keyOffset = i;
        const key = string();
        ws();
        expect(':', '":" after the property name');
        const v = value();
        const first = seen.get(key);
        if (first !== undefined) duplicates.push({ key, offset: keyOffset, first });
        else seen.set(key, keyOffset);
        entries.push({ key, keyOffset, value: v });
        ws();
        if (text[i] === ',') {
          comma = i;
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', offset: at, entries };
        }
        throw new Fail(i, `expected "," or "}" after the value of "${key}", found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', offset: at, items };
      }
      let comma = -1;
      for (;;) {
        ws();
        if (text[i] === ']') throw new Fail(comma >= 0 ? comma : i, 'a comma before "]" is not allowed in JSON');
        items.push(value());
        ws();
        if (text[i] === ',') {
          comma = i;
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', offset: at, items };
        }
        throw new Fail(i, `expected "," or "]" in the list, found ${describe(i)}`);
      }
    }
    if (c === '"') return { kind: 'string', offset: at, value: string() };
    const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64));
    if (number && number[0] !== '-') {
      i += number[0].length;
      return { kind: 'number', offset: at, value: Number(number[0]) };
    }
    for (const [word, node] of [['true', { kind: 'boolean', offset: at, value: true }], ['false', { kind: 'boolean', offset: at, value: false }], ['null', { kind: 'null', offset: at }]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return node;
      }
    }
    if (c === "'") throw new Fail(i, 'JSON strings use double quotes, not single quotes');
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) throw new Fail(i, 'JSON allows no comments');
    throw new Fail(i, `expected a value (a string, number, object, list, true, false or null), found ${describe(i)}`);
  };

  try {
    const v = value();
    ws();
    if (i < text.length) throw new Fail(i, `unexpected ${describe(i)} after the end of the settings object`);
    return { ok: true, value: v, duplicates };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, problem: { offset: e.offset, message: e.message } };
    throw e;
  }
}
