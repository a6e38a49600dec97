export * from './domain/erlang';
export { runWfmCommand, WFM_HELP } from './wfm.cli';
export { createWfmModule, type WfmServices, type WfmSettings } from './wfm.module';
