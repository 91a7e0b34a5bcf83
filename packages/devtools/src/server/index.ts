/**
 * @ferry/devtools/server — Node only: the development capture server the panel subscribes to.
 */
export { startCaptureServer, type CaptureServer, type CaptureServerOptions } from '../capture/server.js';
