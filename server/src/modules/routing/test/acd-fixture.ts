/** The ACD test fixture moved to test/acd.ts (other modules' tests use it too). */
export * from '../../../../../test/acd';
