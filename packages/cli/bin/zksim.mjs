#!/usr/bin/env node
// The zksim command. The packages are TypeScript sources (no build step); tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
// `zksim run … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
