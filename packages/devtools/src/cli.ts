#!/usr/bin/env node
/**
 * `ferry inspect <file|-> [--buffers f1 f2 …] [--schemas module] [--json] [--format hex|base64|binary|auto]`
 *
 * Prints the inspector tree of one Fory xlang payload. Exit codes: 0 decoded, 1 malformed payload
 * (the partial tree is still printed, the error goes to stderr), 2 usage or input errors.
 * The only file of @ferry/devtools that uses Node APIs: it has its own tsconfig (tsconfig.cli.json,
 * Node types, ES module only: `bin` → dist/esm/cli.js) so the inspector stays browser-safe.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TypeSpec } from '@ferry/core';
import { BytesTextError, fromBase64, fromHex } from './bytes/text.js';
import { inspect } from './inspector/inspect.js';
import { renderError, renderTree } from './inspector/render.js';

export type InputFormat = 'hex' | 'base64' | 'binary' | 'auto';

const USAGE = `Usage: ferry inspect <file|-> [--buffers <file>…] [--schemas <module>] [--json] [--format hex|base64|binary|auto]

Decode a Fory xlang payload without the writer's code and print its tree: byte ranges, wire types,
ref flags and ids, string encodings, map chunks, TypeDefs and out-of-band buffer slots.

  <file|->            payload file, or - for stdin
  --buffers <file>…   out-of-band buffers, in the order the writer produced them
  --schemas <module>  an ES module whose exports are @ferry/core user types (Type.struct/enum/ext/
                      union, or arrays of them): decodes schema-consistent structs and ext values
  --json              print the InspectResult as JSON (for scripts)
  --format <f>        how the input files are encoded: binary bytes, hex or base64 text, or
                      auto (default: binary unless the file is hex or base64 text)
  -h, --help          this help

Exit code 0 when the payload decodes, 1 when it is malformed (the partial tree is printed and the
error goes to stderr), 2 for usage errors.
`;

class UsageError extends Error {}

interface Args {
  input: string;
  buffers: string[];
  schemas: string | undefined;
  json: boolean;
  format: InputFormat;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') return 'help';
  if (command !== 'inspect') throw new UsageError(`Unknown command "${command}" (expected "inspect")`);
  let input: string | undefined;
  const buffers: string[] = [];
  let json = false;
  let schemas: string | undefined;
  let format: InputFormat = 'auto';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--json') json = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (v !== 'hex' && v !== 'base64' && v !== 'binary' && v !== 'auto') throw new UsageError(`--format must be hex, base64, binary or auto, got ${v ?? 'nothing'}`);
      format = v;
    } else if (a === '--schemas') {
      schemas = rest[++i];
      if (schemas === undefined) throw new UsageError('--schemas needs a module path');
    } else if (a === '--buffers') {
      while (i + 1 < rest.length && (!rest[i + 1]!.startsWith('-') || rest[i + 1] === '-')) buffers.push(rest[++i]!);
      if (buffers.length === 0) throw new UsageError('--buffers needs at least one file');
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${a}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`Unexpected argument ${a} (one payload per call)`);
  }
  if (input === undefined) throw new UsageError('Missing the payload file (or - for stdin)');
  if (buffers.includes('-')) throw new UsageError('Buffers are read from files, not stdin');
  return { input, buffers, schemas, json, format };
}

const HEX = /^(?:0x)?[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Bytes from a file's contents in the given format. `auto`: hex or base64 text when the file is
 * printable text of that form, otherwise the bytes as they are (a Fory payload starts with a header
 * byte 0x00-0x03, never text). Buffers (`lenient`) that are not hex/base64 text are taken as binary.
 */
export function decodeInput(raw: Uint8Array, format: InputFormat, what: string, lenient = false): Uint8Array {
  if (format === 'binary') return raw;
  const printable = raw.every((b) => (b >= 0x20 && b <= 0x7e) || b === 0x09 || b === 0x0a || b === 0x0d);
  const text = printable ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1').replace(/\s+/g, '') : '';
  if (format === 'auto' && (!printable || text === '' || raw[0]! <= 0x03)) return raw;
  if ((format === 'hex' || format === 'auto') && HEX.test(text)) {
    const digits = text.startsWith('0x') ? text.slice(2) : text;
    if (digits.length % 2 === 0) return fromHex(digits);
    if (format === 'hex') throw new UsageError(`${what}: hex text has an odd number of digits (${digits.length})`);
  }
  if ((format === 'base64' || format === 'auto') && BASE64.test(text)) {
    try {
      return fromBase64(text); // standard and url-safe alphabets
    } catch (error) {
      if (error instanceof BytesTextError) throw new UsageError(`${what}: ${error.message}`);
      throw error;
    }
  }
  if (format === 'auto' && lenient) return raw;
  throw new UsageError(`${what}: not ${format === 'auto' ? 'binary, hex or base64' : format} input`);
}

const USER_KINDS = new Set(['struct', 'enum', 'ext', 'union']);

/** The user types a schema module exports (directly or in arrays). */
async function loadSchemas(path: string): Promise<TypeSpec[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`Cannot load schemas from ${path}: ${(e as Error).message}`);
  }
  const specs: TypeSpec[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'object' && v !== null && USER_KINDS.has((v as TypeSpec).kind) && !specs.includes(v as TypeSpec)) specs.push(v as TypeSpec);
  };
  for (const v of Object.values(mod)) (Array.isArray(v) ? v : [v]).forEach(add);
  if (specs.length === 0) throw new UsageError(`${path} exports no user types (Type.struct/enum/ext/union)`);
  return specs;
}

async function readInput(path: string, stdin: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (path !== '-') {
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      throw new UsageError(`Cannot read ${path}: ${(e as Error).message}`);
    }
  }
  const chunks: Uint8Array[] = [];
  for await (const c of stdin) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

export interface CliIo {
  readonly stdin: AsyncIterable<Uint8Array>;
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(s: string): unknown };
}

/** Run the CLI; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    const payload = decodeInput(await readInput(args.input, io.stdin), args.format, args.input);
    const buffers: Uint8Array[] = [];
    for (const b of args.buffers) buffers.push(decodeInput(await readInput(b, io.stdin), args.format, b, true));
    const schemas = args.schemas !== undefined ? await loadSchemas(args.schemas) : undefined;
    const result = inspect(payload, { ...(args.buffers.length ? { buffers } : {}), ...(schemas ? { schemas } : {}) });
    const color = io.stdout.isTTY === true;
    if (args.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout.write(renderTree(result, { color }));
    // Malformed payload: the partial tree is on stdout, the error on stderr.
    if (result.error) io.stderr.write(renderError(result, { color: false }));
    return result.error ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`ferry: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ferry: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
