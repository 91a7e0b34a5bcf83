/** The panel inspects with this package's inspector unless given another function. */
export { inspect as defaultInspect } from '../inspector/inspect.js';
