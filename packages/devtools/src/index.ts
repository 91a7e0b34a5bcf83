/**
 * @ferry/devtools — inspect Apache Fory™ xlang payloads without the writer's code.
 * The React panel is `@ferry/devtools/react`; the Node capture server `@ferry/devtools/server`.
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
export {
  CAPTURE_PROTOCOL_VERSION,
  CaptureProtocolError,
  toCaptureMessage,
  fromCaptureMessage,
  type CaptureMessage,
  type ReceivedCapture,
} from './capture/protocol.js';
export {
  DEFAULT_CAPTURE_CHANNEL,
  broadcastCapture,
  subscribeBroadcast,
  subscribeCaptureServer,
  type ClosableCaptureHook,
  type CaptureListener,
  type CaptureErrorListener,
} from './capture/subscribe.js';
export { parseBytesText, fromHex, fromBase64, toBase64, BytesTextError, type BytesTextFormat } from './bytes/text.js';
