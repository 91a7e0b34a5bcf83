/**
 * A minimal EventSource for Node 20 (which has none), enough for tRPC's httpSubscriptionLink:
 * one fetch, the text/event-stream parser, `event:`/`data:`/`id:` fields, no reconnection.
 */
type Listener = (event: { data?: string; lastEventId?: string }) => void;

export class MiniEventSource {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();

  constructor(readonly url: string) {
    void this.run();
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = this.CLOSED;
    this.abort.abort();
  }

  private emit(type: string, event: { data?: string; lastEventId?: string }): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l(event);
  }

  private async run(): Promise<void> {
    try {
      const res = await fetch(this.url, { signal: this.abort.signal, headers: { accept: 'text/event-stream' } });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      this.readyState = this.OPEN;
      this.emit('open', {});
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          this.dispatch(text.slice(0, end));
          text = text.slice(end + 2);
        }
      }
    } catch {
      // aborted by close(), or the connection failed
    }
    if (this.readyState !== this.CLOSED) {
      this.readyState = this.CLOSED;
      this.emit('error', {});
    }
  }

  private dispatch(block: string): void {
    let type = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (this.readyState === this.CLOSED) return;
    this.emit(type, { data: data.join('\n'), ...(id !== undefined ? { lastEventId: id } : {}) });
  }
}
