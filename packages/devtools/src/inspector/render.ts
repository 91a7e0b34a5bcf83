/**
 * Text rendering of an inspector tree (the `ferry inspect` output): one line per node with its
 * byte range, type, wire facts and preview, indented by depth. Browser-safe (plain strings).
 */
import type { InspectNode, InspectResult } from './types.js';

export interface RenderOptions {
  /** Wrap parts in ANSI colors (for terminals). Default false. */
  readonly color?: boolean;
}

interface Palette {
  label(s: string): string;
  type(s: string): string;
  dim(s: string): string;
  value(s: string): string;
  error(s: string): string;
  note(s: string): string;
}

const PLAIN: Palette = { label: (s) => s, type: (s) => s, dim: (s) => s, value: (s) => s, error: (s) => s, note: (s) => s };
const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLORS: Palette = { label: ansi(1), type: ansi(33), dim: ansi(2), value: ansi(32), error: ansi(31), note: ansi(36) };

/** Wire facts of a node, e.g. `VARINT64, ref-value #0, utf8, chunk 1 (2 entries), buffer #0`. */
function facts(n: InspectNode): string[] {
  const out: string[] = [];
  if (n.wireType) {
    let w = n.wireType.name;
    if (n.wireType.userId !== undefined) w += ` id=${n.wireType.userId}`;
    if (n.wireType.typeName !== undefined) w += ` ${n.wireType.namespace ? `${n.wireType.namespace}.` : ''}${n.wireType.typeName}`;
    if (n.wireType.typeDef !== undefined) w += ` typedef#${n.wireType.typeDef}`;
    out.push(w);
  }
  if (n.declaredType !== undefined && n.declaredType !== n.type) out.push(`declared ${n.declaredType}`);
  if (n.refFlag === 'ref-value') out.push(`ref-value id=${n.refId}`);
  else if (n.refFlag === 'ref') out.push(`ref id=${n.refId}`);
  if (n.stringEncoding) out.push(n.stringEncoding);
  if (n.mapChunk) out.push(`chunk ${n.mapChunk.index} [${n.mapChunk.start}, ${n.mapChunk.end}) size=${n.mapChunk.size} header=0x${n.mapChunk.header.toString(16).padStart(2, '0')}`);
  if (n.buffer) {
    if (n.buffer.inBand) out.push('buffer object in-band');
    else out.push(`out-of-band buffer #${n.buffer.slot}${n.buffer.resolved ? ` (${n.buffer.byteLength} bytes)` : ' (not supplied)'}`);
  }
  return out;
}

function line(n: InspectNode, prefix: string, p: Palette): string {
  const range = p.dim(`[${n.start}, ${n.end})`);
  const f = facts(n);
  const preview = n.preview ? ` ${p.value(n.preview)}` : '';
  const extra = f.length ? ` ${p.dim(`(${f.join(', ')})`)}` : '';
  const note = n.note && (n.kind === 'opaque' || n.note.startsWith('incomplete')) ? ` ${p.note(`— ${n.note}`)}` : '';
  return `${prefix}${p.label(n.label)} ${range} ${p.dim(`#${n.id}`)} ${p.type(n.type || n.kind)}${preview}${extra}${note}`;
}

/** The result as text without its error: a summary line, TypeDefs, the tree, what was left undecoded, warnings. */
export function renderTree(result: InspectResult, options: RenderOptions = {}): string {
  const p = options.color ? COLORS : PLAIN;
  const out: string[] = [];
  const h = result.header;
  const summary = [`${result.byteLength} bytes`];
  if (h) {
    summary.push(`header 0x${h.flags.toString(16).padStart(2, '0')}${h.xlang ? ' xlang' : ''}${h.outOfBand ? ' out-of-band' : ''}`);
    if (h.mode) summary.push(h.mode);
    if (h.bufferObjects) summary.push(`buffer objects: ${h.bufferObjects}`);
  }
  summary.push(`${result.nodeCount} nodes`);
  out.push(p.dim(summary.join(', ')));
  for (const d of result.typeDefs) {
    const fields = d.fields.map((f) => `${f.name}: ${f.type}${f.nullable ? '?' : ''}${f.trackingRef ? ' (ref)' : ''}`).join(', ');
    out.push(`${p.dim(`typedef#${d.index}`)} ${p.type(d.name)} ${p.dim(`[${d.start}, ${d.end}) ${d.kind}`)}${fields ? ` { ${fields} }` : ''}`);
  }
  if (result.root) {
    // Iterative depth-first walk: trees of a million nodes must not overflow the stack.
    const stack: Array<{ node: InspectNode; prefix: string; childPrefix: string }> = [{ node: result.root, prefix: '', childPrefix: '' }];
    while (stack.length) {
      const { node, prefix, childPrefix } = stack.pop()!;
      out.push(line(node, prefix, p));
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const last = i === children.length - 1;
        stack.push({ node: children[i]!, prefix: childPrefix + (last ? '└─ ' : '├─ '), childPrefix: childPrefix + (last ? '   ' : '│  ') });
      }
    }
  }
  if (result.undecoded) out.push(p.note(`undecoded [${result.undecoded.start}, ${result.undecoded.end}): ${result.undecoded.reason}`));
  for (const w of result.warnings) out.push(p.note(`warning: ${w}`));
  return `${out.join('\n')}\n`;
}

/** The error line of a result (empty when it has none). */
export function renderError(result: InspectResult, options: RenderOptions = {}): string {
  const e = result.error;
  if (!e) return '';
  const p = options.color ? COLORS : PLAIN;
  return `${p.error(`error: ${e.message} (${e.name}${e.code ? ` ${e.code}` : ''}) at offset ${e.offset}${e.path ? `, in ${e.path}` : ''}`)}\n`;
}

/** The whole result as text: the tree, then the error if any. */
export function renderInspectResult(result: InspectResult, options: RenderOptions = {}): string {
  return renderTree(result, options) + renderError(result, options);
}
