import { seededRandom } from '../../platform/random';
import { createRoutingEngine } from '../routing';
import { runSimulation } from './domain/simulation';
import type { SimulationInput, SimulationOptions, SimulationPorts, SimulationResult } from './domain/simulation-model';

/** The simulation's ports wired to the production ACD engine and the platform's seeded generator. */
export const SIMULATION_PORTS: SimulationPorts = { createEngine: createRoutingEngine, random: seededRandom };

/** Simulates a day of the centre with the real routing engine (see domain/simulation.ts). */
export function simulateCenter(input: SimulationInput, options?: SimulationOptions): SimulationResult {
  return runSimulation(input, SIMULATION_PORTS, options);
}
