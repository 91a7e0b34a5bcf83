/** Local input: paste hex/base64, or drop (or pick) a payload file and its buffer files. */
import { useState, type DragEvent } from 'react';
import { parseBytesText } from '../bytes/text.js';
import { localEntry, payloadAndBuffers, type PayloadEntry } from './entries.js';

export interface InputsProps {
  onEntry(entry: PayloadEntry): void;
}

async function readFiles(list: FileList): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  return Promise.all(Array.from(list, async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

let pasted = 0;

export function Inputs({ onEntry }: InputsProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [over, setOver] = useState(false);

  const inspectText = () => {
    try {
      const { bytes, format } = parseBytesText(text);
      pasted += 1;
      onEntry(localEntry(`pasted #${pasted} (${format})`, 'paste', bytes));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const takeFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    try {
      const { payload, buffers } = payloadAndBuffers(await readFiles(list));
      onEntry(localEntry(buffers.length > 0 ? `${payload.name} + ${buffers.length} buffers` : payload.name, 'file', payload.bytes, buffers));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void takeFiles(e.dataTransfer.files);
  };

  return (
    <div className="fdt-inputs">
      <textarea
        aria-label="Payload as hex or base64"
        placeholder="Paste hex or base64…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) inspectText();
        }}
      />
      <button onClick={inspectText} disabled={text.trim().length === 0}>
        Inspect
      </button>
      <label
        className="fdt-drop"
        data-over={over}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        Drop a payload file (+ *.buf0, *.buf1 …) or click
        <input type="file" multiple hidden aria-label="Payload files" onChange={(e) => void takeFiles(e.currentTarget.files)} />
      </label>
      {error ? (
        <div className="fdt-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
