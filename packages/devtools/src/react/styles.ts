/**
 * The panel's stylesheet, injected once as a <style> element (no CSS file to import). Every class
 * is prefixed `fdt-` so that the host page's styles and ours do not meet.
 */
const STYLE_ID = 'ferry-devtools-style';

export const ROW_HEIGHT = 20;

const CSS = `
.fdt-root{--fdt-bg:#0f1419;--fdt-bg2:#171e26;--fdt-bg3:#1f2833;--fdt-fg:#d7dde4;--fdt-dim:#8a96a3;--fdt-acc:#4fb3ff;
  --fdt-sel:#264f78;--fdt-hit:#6b5a00;--fdt-add:#1f4d2b;--fdt-del:#5c1f24;--fdt-chg:#4d3f12;--fdt-err:#ff6b6b;
  font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--fdt-fg);background:var(--fdt-bg);
  display:flex;flex-direction:column;box-sizing:border-box;overflow:hidden;min-height:0}
.fdt-root *{box-sizing:border-box}
.fdt-root button{font:inherit;color:var(--fdt-fg);background:var(--fdt-bg3);border:1px solid #33404d;border-radius:3px;padding:1px 7px;cursor:pointer}
.fdt-root button:hover{border-color:var(--fdt-acc)}
.fdt-root button[aria-pressed=true]{background:var(--fdt-sel);border-color:var(--fdt-acc)}
.fdt-root input,.fdt-root textarea,.fdt-root select{font:inherit;color:var(--fdt-fg);background:var(--fdt-bg2);border:1px solid #33404d;border-radius:3px;padding:2px 5px}
.fdt-root :focus-visible{outline:1px solid var(--fdt-acc);outline-offset:-1px}
.fdt-bar{display:flex;gap:6px;align-items:center;padding:4px 6px;background:var(--fdt-bg2);border-bottom:1px solid #26313c;flex-wrap:wrap}
.fdt-title{font-weight:700;color:var(--fdt-acc);margin-right:6px}
.fdt-body{display:flex;flex:1;min-height:0}
.fdt-side{width:240px;min-width:180px;display:flex;flex-direction:column;border-right:1px solid #26313c;min-height:0}
.fdt-main{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0}
.fdt-split{flex:1;display:flex;min-height:0}
.fdt-pane{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0;border-right:1px solid #26313c}
.fdt-pane:last-child{border-right:0}
.fdt-scroll{flex:1;overflow:auto;position:relative;min-height:0;contain:strict}
.fdt-row{position:absolute;left:0;right:0;height:${ROW_HEIGHT}px;white-space:pre;overflow:hidden;text-overflow:ellipsis;cursor:default;padding-right:6px}
.fdt-row:hover{background:var(--fdt-bg3)}
.fdt-row[aria-selected=true]{background:var(--fdt-sel)}
.fdt-tw{display:inline-block;width:14px;text-align:center;color:var(--fdt-dim);cursor:pointer}
.fdt-label{color:#9cdcfe}.fdt-type{color:#4ec9b0}.fdt-prev{color:#ce9178}.fdt-dim{color:var(--fdt-dim)}.fdt-size{color:var(--fdt-dim);float:right}
.fdt-root mark{background:var(--fdt-hit);color:inherit;border-radius:2px}
.fdt-hex{padding-left:4px}
.fdt-hex .fdt-off{color:var(--fdt-dim);margin-right:8px}
.fdt-hex .fdt-b{cursor:pointer;display:inline-block;width:22px;text-align:center}
.fdt-hex .fdt-b.fdt-in{background:var(--fdt-sel)}
.fdt-hex .fdt-b.fdt-bad{background:var(--fdt-del);color:var(--fdt-err)}
.fdt-hex .fdt-asc{color:var(--fdt-dim);margin-left:8px}
.fdt-hex .fdt-asc .fdt-in{background:var(--fdt-sel);color:var(--fdt-fg)}
.fdt-list{flex:1;overflow:auto;min-height:0}
.fdt-entry{padding:3px 6px;border-bottom:1px solid #1f2833;cursor:pointer;display:flex;gap:6px;align-items:baseline}
.fdt-entry:hover{background:var(--fdt-bg3)}
.fdt-entry[aria-selected=true]{background:var(--fdt-sel)}
.fdt-entry .fdt-etitle{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.fdt-badge{font-size:10px;padding:0 4px;border-radius:3px;background:var(--fdt-bg3);color:var(--fdt-dim)}
.fdt-inputs{padding:6px;display:flex;flex-direction:column;gap:4px;border-bottom:1px solid #26313c}
.fdt-inputs textarea{height:54px;resize:vertical}
.fdt-drop{border:1px dashed #46535f;border-radius:4px;padding:6px;text-align:center;color:var(--fdt-dim)}
.fdt-drop[data-over=true]{border-color:var(--fdt-acc);color:var(--fdt-fg)}
.fdt-error{color:var(--fdt-err);padding:4px 6px;white-space:pre-wrap}
.fdt-details{border-top:1px solid #26313c;padding:4px 6px;max-height:35%;overflow:auto;background:var(--fdt-bg2)}
.fdt-details dl{display:grid;grid-template-columns:auto 1fr;gap:0 10px;margin:2px 0}
.fdt-details dt{color:var(--fdt-dim)}.fdt-details dd{margin:0;word-break:break-all}
.fdt-barfill{display:inline-block;height:9px;background:var(--fdt-acc);opacity:.55;vertical-align:middle;margin-right:6px}
.fdt-diff-added{background:var(--fdt-add)}.fdt-diff-removed{background:var(--fdt-del)}.fdt-diff-changed{background:var(--fdt-chg)}
.fdt-empty{color:var(--fdt-dim);padding:12px}
.fdt-toggle{position:fixed;z-index:99998;border:0;border-radius:18px;padding:7px 12px;background:#0f1419;color:#4fb3ff;
  font:600 12px ui-monospace,Menlo,Consolas,monospace;box-shadow:0 2px 8px rgba(0,0,0,.35);cursor:pointer}
.fdt-dock{position:fixed;z-index:99999;left:0;right:0;bottom:0;box-shadow:0 -2px 10px rgba(0,0,0,.35);display:flex;flex-direction:column}
.fdt-resize{height:5px;cursor:ns-resize;background:#26313c}
`;

/** Adds the stylesheet to `doc` unless it is there already. */
export function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
