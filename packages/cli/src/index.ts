/**
 * The `openvitale` command as a library: run it in-process, and the trace
 * anonymiser for tools that collect traces.
 */
export { type AnonymisedTrace, type AnonymiseOptions, anonymiseTrace } from './anonymise.js';
export { EXIT, EXIT_TABLE, type ExitCode } from './exit-codes.js';
export { type Command, main, version } from './main.js';
export type { Io } from './terminal.js';
