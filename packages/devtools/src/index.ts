/**
 * @ferry/devtools — inspect Apache Fory™ xlang payloads without the writer's code.
 */
export { inspect, type InspectOptions } from './inspector/inspect.js';
export { renderInspectResult, renderTree, renderError, type RenderOptions } from './inspector/render.js';
export type {
  InspectResult,
  InspectNode,
  InspectNodeKind,
  InspectHeader,
  InspectTypeDef,
  InspectError,
  WireTypeRef,
  RefFlag,
} from './inspector/types.js';
