/** Small display helpers shared by the panel's views. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** Previews longer than this are cut in rows (the details pane shows all of it). */
const PREVIEW_CHARS = 160;

export function shortPreview(preview: string): string {
  return preview.length > PREVIEW_CHARS ? `${preview.slice(0, PREVIEW_CHARS)}…` : preview;
}
