#!/usr/bin/env node
// The zksim command. The packages are TypeScript sources (no build step); tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
