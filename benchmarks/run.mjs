// Benchmark entry point (`npm run bench`, `npm run bench -- --quick`).
console.log(`Node ${process.version} on ${process.platform}/${process.arch}`);
console.log('\n## Out-of-band scaling (serialize + deserialize, struct with a Float64Array)\n');
await import('./oob-scaling.mjs');
