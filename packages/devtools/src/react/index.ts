/**
 * @ferry/devtools/react — the devtools panel for React 19 apps.
 *
 *   <FerryDevtools captureUrl="http://127.0.0.1:4319/captures" />   floating toggle + docked panel
 *   <FerryPanel channel="ferry-devtools" />                          embeddable panel
 */
export { FerryPanel, type FerryPanelProps } from './panel.js';
export { FerryDevtools, type FerryDevtoolsProps } from './devtools.js';
export type { InspectFn, PayloadEntry } from './entries.js';
