// Quick start for Ferry. Run with `npm run example` (builds the packages first).
// Imports the built @ferry/core package exactly as an application would.
import { VERSION } from '@ferry/core';

console.log(`@ferry/core ${VERSION}`);
