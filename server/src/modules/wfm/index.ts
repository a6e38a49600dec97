export * from './domain/erlang';
export { runWfmCommand, WFM_HELP } from './wfm.cli';
