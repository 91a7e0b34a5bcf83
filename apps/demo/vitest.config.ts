// Shared configuration of every package (tools/vitest-project.mts).
import { ferryVitestConfig } from '../../tools/vitest-project.mjs';

export default ferryVitestConfig(import.meta.url);
